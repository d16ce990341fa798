import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { updateTask, ZUpdateTaskSchema } from "@/lib/tasks/task-labels";
import { ZTaskUpdateResponse } from "@/lib/contract/tasks";

export const PATCH = withApi({
  auth: "LEAD",
  schemas: { params: ZIdParamSchema, body: ZUpdateTaskSchema, response: ZTaskUpdateResponse },
  handler: async ({ user, params, body, requestId }) => ({ task: await updateTask({ user, id: params.id, changes: body, requestId }) }),
});
