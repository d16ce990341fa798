// Marking ground truth dirty: anything that can move a prediction's ground truth (an annotation,
// a task's weighting or canonical subtasks) calls this in its own transaction. Its own module so
// that lib/tasks/task-labels.ts can mark tasks without importing the ground-truth refresh, which
// itself reads task labels (no import cycle).
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

type Tx = Prisma.TransactionClient;

/** Marks tasks dirty inside a transaction. The row lock taken on conflict orders us after a running refresh. */
export async function markGroundTruthDirty(tx: Tx, where: { taskIds?: number[]; episodeId?: number }): Promise<void> {
  if (where.episodeId !== undefined) {
    await tx.$executeRaw`
      INSERT INTO gt_dirty_tasks (task_id) SELECT task_id FROM episodes WHERE id = ${where.episodeId}
      ON CONFLICT (task_id) DO UPDATE SET since = gt_dirty_tasks.since WHERE false`;
  }
  if (where.taskIds?.length) {
    await tx.$executeRaw`
      INSERT INTO gt_dirty_tasks (task_id) SELECT unnest(${where.taskIds}::int[])
      ON CONFLICT (task_id) DO UPDATE SET since = gt_dirty_tasks.since WHERE false`;
  }
}
