import { withApi } from "@/lib/server/api";
import { listTasks } from "@/lib/tasks/task-labels";

export const GET = withApi({
  auth: "ANNOTATOR",
  handler: async () => ({ tasks: await listTasks() }),
});
