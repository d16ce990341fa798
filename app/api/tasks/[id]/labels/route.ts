import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { getTaskLabels } from "@/lib/tasks/task-labels";

export const GET = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema },
  handler: ({ params, user }) => getTaskLabels({ taskId: params.id, user }),
});
