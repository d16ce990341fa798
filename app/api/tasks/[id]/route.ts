import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { updateTask, ZUpdateTaskSchema } from "@/lib/tasks/task-labels";

export const PATCH = withApi({
  auth: "LEAD",
  schemas: { params: ZIdParamSchema, body: ZUpdateTaskSchema },
  handler: async ({ user, params, body, requestId }) => ({ task: await updateTask({ user, id: params.id, changes: body, requestId }) }),
});
