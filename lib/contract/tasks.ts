// What the task routes answer (app/api/tasks/**), as lib/tasks/task-labels.ts builds it.
import { z } from "zod";
import { int, ZProgressWeighting } from "./common";

/** One task with its environment and episode count (listTasks). */
export const ZTaskRow = z.strictObject({
  id: int(),
  key: z.string(),
  instruction: z.string(),
  progressWeighting: ZProgressWeighting,
  canonicalSubtasks: z.array(z.string()),
  vocabularyClosed: z.boolean(),
  environment: z.strictObject({ id: int(), name: z.string() }),
  episodes: int(),
});
export type TaskRowView = z.infer<typeof ZTaskRow>;

/** GET /api/tasks */
export const ZTaskListResponse = z.strictObject({ tasks: z.array(ZTaskRow) });
export type TaskListResponse = z.infer<typeof ZTaskListResponse>;

/** PATCH /api/tasks/<id>: the task after the change (updateTask). */
export const ZTaskUpdateResponse = z.strictObject({
  task: z.strictObject({ id: int(), instruction: z.string(), progressWeighting: ZProgressWeighting, canonicalSubtasks: z.array(z.string()), vocabularyClosed: z.boolean() }),
});
export type TaskUpdateResponse = z.infer<typeof ZTaskUpdateResponse>;

/**
 * GET /api/tasks/<id>/labels (getTaskLabels): canonical subtasks, other labels in use (most used
 * first; for an annotator only their own and imported ones) and each label's median length in frames.
 */
export const ZTaskLabelsResponse = z.strictObject({
  taskId: int(),
  progressWeighting: ZProgressWeighting,
  canonical: z.array(z.string()),
  /** Closed: labels off `canonical` cannot be submitted. */
  vocabularyClosed: z.boolean(),
  used: z.array(z.strictObject({ label: z.string(), uses: int() })),
  /** Normalised label → median length in frames (may be fractional). */
  typicalDurations: z.record(z.string(), z.number()),
});
export type TaskLabelsResponse = z.infer<typeof ZTaskLabelsResponse>;
