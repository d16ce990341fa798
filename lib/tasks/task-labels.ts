// Per-task labelling context: suggested subtask labels and typical subtask durations.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/auth/session";
import { notFound, validationError } from "@/lib/server/errors";
import { labelAuthorScope } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record-audit";
import { normaliseLabel } from "@/lib/progress/progress-curve";
import type { Prisma } from "@/lib/generated/prisma/client";
import { markGroundTruthDirty } from "@/lib/predictions/gt-dirty";

/**
 * Label suggestions: the task's canonical subtasks first, then labels used on other episodes of
 * the task, most used first. Also the median length of each label, which the duration-weighted
 * progress curve uses as the subtask's typical duration.
 */
type Client = Pick<Prisma.TransactionClient, "$queryRaw">;

/**
 * Every label used on the task's episodes with its use count and median length in frames.
 * `onlyOf`: count only that annotator's own annotations and the imported pre-fills (what an
 * annotator may see: blind double annotation means nobody learns another annotator's labels or
 * segment lengths).
 */
async function labelStats(taskId: number, client: Client, onlyOf: number | null = null) {
  return client.$queryRaw<Array<{ label: string; uses: bigint; median: number }>>`
    SELECT min(s.label) AS label, count(*) AS uses,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY s.end_frame - s.start_frame + 1) AS median
    FROM segments s
    JOIN annotations a ON a.id = s.annotation_id
    JOIN episodes e ON e.id = a.episode_id
    WHERE e.task_id = ${taskId} AND btrim(s.label) <> ''
      AND (${onlyOf}::int IS NULL OR a.annotator_id IS NULL OR a.annotator_id = ${onlyOf}::int)
    GROUP BY lower(regexp_replace(btrim(s.label), '\\s+', ' ', 'g'))
    ORDER BY count(*) DESC, min(s.label)
    LIMIT 200`;
}

/** Median length of each subtask label across the task: the typical durations of duration-weighted progress. */
export async function typicalDurationsForTask(taskId: number, client: Client = db): Promise<Record<string, number>> {
  return typicalFrom(await labelStats(taskId, client));
}

function typicalFrom(rows: Array<{ label: string; median: number }>): Record<string, number> {
  const typical: Record<string, number> = {};
  for (const r of rows) typical[normaliseLabel(r.label)] = Number(r.median);
  return typical;
}

/**
 * Label suggestions: the task's canonical subtasks first, then labels used on other episodes of
 * the task, most used first. Also the median length of each label, which the duration-weighted
 * progress curve uses as the subtask's typical duration.
 */
export async function getTaskLabels(opts: { taskId: number; user: SessionUser }) {
  const task = await db.task.findUnique({ where: { id: opts.taskId }, select: { id: true, canonicalSubtasks: true, vocabularyClosed: true, progressWeighting: true } });
  if (!task) throw notFound(`Task ${opts.taskId}`);
  const rows = await labelStats(task.id, db, labelAuthorScope(opts.user));
  const seen = new Set(task.canonicalSubtasks.map(normaliseLabel));
  return {
    taskId: task.id,
    progressWeighting: task.progressWeighting,
    canonical: task.canonicalSubtasks,
    vocabularyClosed: task.vocabularyClosed,
    used: rows.filter((r) => !seen.has(normaliseLabel(r.label))).map((r) => ({ label: r.label, uses: Number(r.uses) })),
    typicalDurations: typicalFrom(rows),
  };
}

export const ZUpdateTaskSchema = z
  .object({
    progressWeighting: z.enum(["EQUAL", "DURATION"]).optional(),
    canonicalSubtasks: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
    /** Closed: only the canonical subtasks may be submitted as labels. */
    vocabularyClosed: z.boolean().optional(),
  })
  .refine((v) => v.progressWeighting !== undefined || v.canonicalSubtasks !== undefined || v.vocabularyClosed !== undefined, "Nothing to change.");

export async function updateTask(opts: { user: SessionUser; id: number; changes: z.infer<typeof ZUpdateTaskSchema>; requestId?: string }) {
  // The change and its audit entry land together.
  return db.$transaction(async (tx) => {
    const before = await tx.task.findUnique({ where: { id: opts.id }, select: { progressWeighting: true, canonicalSubtasks: true, vocabularyClosed: true } });
    if (!before) throw notFound(`Task ${opts.id}`);
    const closed = opts.changes.vocabularyClosed ?? before.vocabularyClosed;
    if (closed && (opts.changes.canonicalSubtasks ?? before.canonicalSubtasks).length === 0) {
      throw validationError("A closed vocabulary needs its labels.", [{ name: "vocabularyClosed", reason: "List the task's canonical subtasks before closing its vocabulary." }]);
    }
    const after = await tx.task.update({
      where: { id: opts.id },
      data: opts.changes,
      select: { id: true, instruction: true, progressWeighting: true, canonicalSubtasks: true, vocabularyClosed: true },
    });
    // Weighting and the canonical list shape every curve of the task.
    await markGroundTruthDirty(tx, { taskIds: [opts.id] });
    await recordAudit({ actorId: opts.user.id, action: "task.update", entityType: "task", entityId: opts.id, detail: { before, after: opts.changes }, requestId: opts.requestId }, tx);
    return after;
  });
}

export async function listTasks() {
  const tasks = await db.task.findMany({
    orderBy: [{ environment: { name: "asc" } }, { instruction: "asc" }],
    select: { id: true, key: true, instruction: true, progressWeighting: true, canonicalSubtasks: true, vocabularyClosed: true, environment: { select: { id: true, name: true } }, _count: { select: { episodes: true } } },
  });
  return tasks.map(({ _count, ...t }) => ({ ...t, episodes: _count.episodes }));
}
