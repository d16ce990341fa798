import { withApi } from "@/lib/server/api";
import { listTasks } from "@/lib/tasks/task-labels";
import { ZTaskListResponse } from "@/lib/contract/tasks";

export const GET = withApi({
  auth: "ANNOTATOR",
  schemas: { response: ZTaskListResponse },
  handler: async () => ({ tasks: await listTasks() }),
});
