import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { getTaskLabels } from "@/lib/tasks/task-labels";
import { ZTaskLabelsResponse } from "@/lib/contract/tasks";

export const GET = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema, response: ZTaskLabelsResponse },
  handler: ({ params, user }) => getTaskLabels({ taskId: params.id, user }),
});
