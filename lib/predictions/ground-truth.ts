// Ground truth for predictions: the progress at each prediction's query frame, from the
// episode's reference annotation through lib/progress/progress-curve.ts. It is stored on the
// prediction (so metrics over a million predictions are one SQL scan) and kept current:
//
//   - every change that can move it (an annotation save or restore, a workflow transition, a
//     task's progress settings) marks the episode's task dirty in `gt_dirty_tasks`, in the same
//     statement or transaction as the change, so no change is ever missed;
//   - `refreshGroundTruth()` recomputes dirty tasks. Every reader of metrics calls it first, so
//     figures are never stale; the worker also runs it in the background so readers rarely wait;
//   - every value that moves is logged in `gt_changes`/`gt_change_items` with its before and
//     after, which is how the leaderboard shows which figures changed and since when.
//
// A whole task is recomputed, not one episode: duration-weighted progress uses the median
// length of each subtask across the task, so one episode's edit can move another's curve.
//
// Reference annotation (the one ground truth comes from), best first:
//   approved > in review = submitted > imported from the source dataset > changes requested >
//   in progress; ties go to the latest saved. An annotation with no segments and an unknown
//   outcome is not a ground truth yet (a just-claimed, empty one).
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { progressAt, progressCurve } from "@/lib/progress/progress-curve";
import type { Outcome } from "@/lib/annotation/types";
import { typicalDurationsForTask } from "@/lib/tasks/task-labels";

type Tx = Prisma.TransactionClient;

/** Ground-truth values closer than this are the same value (curves are recomputed in floating point). */
const SAME = 1e-9;

/** SQL rank of an annotation as a ground-truth source (higher wins); see the header. */
export const REFERENCE_RANK_SQL = Prisma.sql`CASE
  WHEN a.status = 'APPROVED' THEN 6
  WHEN a.status IN ('IN_REVIEW', 'SUBMITTED') THEN 5
  WHEN a.annotator_id IS NULL THEN 4
  WHEN a.status = 'CHANGES_REQUESTED' THEN 3
  ELSE 2 END`;

export { markGroundTruthDirty } from "./gt-dirty";

export interface ReferenceAnnotation {
  episodeId: number;
  annotationId: number;
  version: number;
  outcome: Outcome;
  /** The annotation's review status (approved, submitted, …): what the figures rest on. */
  status: string;
  authorId: number | null;
  segments: { startFrame: number; endFrame: number; label: string }[];
}

/** The reference annotation of each given episode (episodes without one are absent). */
export async function referenceAnnotations(tx: Tx, episodeIds: number[]): Promise<Map<number, ReferenceAnnotation>> {
  if (episodeIds.length === 0) return new Map();
  const refs = await tx.$queryRaw<Array<{ episode_id: number; id: number; version: number; outcome: Outcome; status: string; author_id: number | null }>>`
    SELECT DISTINCT ON (a.episode_id) a.episode_id, a.id, a.version, a.outcome, a.status::text AS status,
           (SELECT v.author_id FROM annotation_versions v WHERE v.annotation_id = a.id AND v.version = a.version) AS author_id
    FROM annotations a
    WHERE a.episode_id = ANY(${episodeIds}::int[])
      AND (a.outcome <> 'UNKNOWN' OR EXISTS (SELECT 1 FROM segments s WHERE s.annotation_id = a.id))
    ORDER BY a.episode_id, ${REFERENCE_RANK_SQL} DESC, a.updated_at DESC, a.id DESC`;
  const segs = refs.length
    ? await tx.segment.findMany({
        where: { annotationId: { in: refs.map((r) => r.id) } },
        select: { annotationId: true, startFrame: true, endFrame: true, label: true },
      })
    : [];
  const byAnnotation = new Map<number, ReferenceAnnotation["segments"]>();
  for (const s of segs) {
    const list = byAnnotation.get(s.annotationId) ?? [];
    list.push({ startFrame: s.startFrame, endFrame: s.endFrame, label: s.label });
    byAnnotation.set(s.annotationId, list);
  }
  return new Map(
    refs.map((r) => [
      r.episode_id,
      { episodeId: r.episode_id, annotationId: r.id, version: r.version, outcome: r.outcome, status: r.status, authorId: r.author_id, segments: byAnnotation.get(r.id) ?? [] },
    ]),
  );
}

/** Ground-truth curves (percent per frame) of the given episodes of one task. */
export async function groundTruthCurves(tx: Tx, taskId: number, episodeIds: number[]) {
  const task = await tx.task.findUniqueOrThrow({ where: { id: taskId }, select: { progressWeighting: true, canonicalSubtasks: true } });
  const typicalDurations = task.progressWeighting === "DURATION" ? await typicalDurationsForTask(taskId, tx) : undefined;
  const [refs, episodes] = await Promise.all([
    referenceAnnotations(tx, episodeIds),
    tx.episode.findMany({ where: { id: { in: episodeIds } }, select: { id: true, lengthFrames: true } }),
  ]);
  const curves = new Map<number, { curve: number[] | null; ref: ReferenceAnnotation | null }>();
  for (const e of episodes) {
    const ref = refs.get(e.id) ?? null;
    const curve = ref
      ? progressCurve({
          segments: ref.segments,
          lengthFrames: e.lengthFrames,
          weighting: task.progressWeighting,
          outcome: ref.outcome,
          canonicalSubtasks: task.canonicalSubtasks,
          typicalDurations,
        })
      : null;
    curves.set(e.id, { curve, ref });
  }
  return curves;
}

/** Serialises ground-truth work on one task across every process. */
async function lockTask(tx: Tx, taskId: number) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('critic-gt'), ${taskId})`;
}

/**
 * Writes ground truth for freshly written predictions of some episodes (an import or a model
 * run; a re-import's rewritten rows too, whose comparison reference frame may have moved).
 * Values are set without logging changes: the annotation did not change.
 */
export async function setGroundTruthFor(tx: Tx, taskId: number, predictionIds: number[]): Promise<void> {
  if (predictionIds.length === 0) return;
  await lockTask(tx, taskId);
  const preds = await tx.prediction.findMany({ where: { id: { in: predictionIds } }, select: { id: true, episodeId: true, queryFrame: true, referenceFrame: true } });
  const curves = await groundTruthCurves(tx, taskId, [...new Set(preds.map((p) => p.episodeId))]);
  const ids: number[] = [];
  const gts: (number | null)[] = [];
  const refs: (number | null)[] = [];
  for (const p of preds) {
    const c = curves.get(p.episodeId)?.curve;
    ids.push(p.id);
    gts.push(c ? progressAt(c, p.queryFrame) : null);
    refs.push(c && p.referenceFrame !== null ? progressAt(c, p.referenceFrame) : null);
  }
  await tx.$executeRaw`
    UPDATE predictions p SET gt_progress = u.gt, gt_reference = u.ref
    FROM unnest(${ids}::int[], ${gts}::float8[], ${refs}::float8[]) AS u(id, gt, ref)
    WHERE p.id = u.id AND (p.gt_progress, p.gt_reference) IS DISTINCT FROM (u.gt, u.ref)`;
}

export interface RefreshResult {
  tasks: number;
  changedPredictions: number;
  changes: number;
}

/**
 * Recomputes the ground truth of dirty tasks (all of them, or only `taskIds`) and logs what moved.
 * Safe to call from any number of processes at once.
 */
export async function refreshGroundTruth(opts: { taskIds?: number[] } = {}): Promise<RefreshResult> {
  const result: RefreshResult = { tasks: 0, changedPredictions: 0, changes: 0 };
  const dirty = await db.gtDirtyTask.findMany({
    where: opts.taskIds ? { taskId: { in: opts.taskIds } } : {},
    select: { taskId: true },
    orderBy: { since: "asc" },
  });
  for (const { taskId } of dirty) {
    // One task per transaction: the dirty mark goes first, so a change committed while we work
    // marks the task again (its insert waits on our delete) instead of being lost.
    const r = await db.$transaction(
      async (tx) => {
        await lockTask(tx, taskId);
        const gone = await tx.gtDirtyTask.deleteMany({ where: { taskId } });
        if (gone.count === 0) return null; // another process refreshed it meanwhile
        return recomputeTask(tx, taskId);
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
    if (r) {
      result.tasks++;
      result.changedPredictions += r.changedPredictions;
      result.changes += r.changes;
    }
  }
  return result;
}

async function recomputeTask(tx: Tx, taskId: number) {
  const preds = await tx.$queryRaw<Array<{ id: number; episode_id: number; query_frame: number; gt_progress: number | null; reference_frame: number | null; gt_reference: number | null }>>`
    SELECT p.id, p.episode_id, p.query_frame, p.gt_progress, p.reference_frame, p.gt_reference
    FROM predictions p JOIN episodes e ON e.id = p.episode_id
    WHERE e.task_id = ${taskId}`;
  if (preds.length === 0) return { changedPredictions: 0, changes: 0 };
  const curves = await groundTruthCurves(tx, taskId, [...new Set(preds.map((p) => p.episode_id))]);
  // Contrastive predictions' reference-frame ground truth moves with the curve too (not logged
  // on its own: the change log follows the query frame's value).
  const refMoves: { id: number; after: number | null }[] = [];
  for (const p of preds) {
    if (p.reference_frame === null) continue;
    const c = curves.get(p.episode_id)?.curve;
    const after = c ? progressAt(c, p.reference_frame) : null;
    const same = p.gt_reference === null || after === null ? p.gt_reference === after : Math.abs(p.gt_reference - after) < SAME;
    if (!same) refMoves.push({ id: p.id, after });
  }
  if (refMoves.length) {
    await tx.$executeRaw`
      UPDATE predictions p SET gt_reference = u.after, updated_at = now()
      FROM unnest(${refMoves.map((m) => m.id)}::int[], ${refMoves.map((m) => m.after)}::float8[]) AS u(id, after)
      WHERE p.id = u.id`;
  }
  const byEpisode = new Map<number, { id: number; before: number | null; after: number | null }[]>();
  for (const p of preds) {
    const c = curves.get(p.episode_id)?.curve;
    const after = c ? progressAt(c, p.query_frame) : null;
    const before = p.gt_progress;
    const same = before === null || after === null ? before === after : Math.abs(before - after) < SAME;
    if (same) continue;
    const list = byEpisode.get(p.episode_id) ?? [];
    list.push({ id: p.id, before, after });
    byEpisode.set(p.episode_id, list);
  }
  let changedPredictions = 0;
  for (const [episodeId, items] of byEpisode) {
    const ref = curves.get(episodeId)?.ref ?? null;
    const change = await tx.gtChange.create({
      data: {
        episodeId,
        annotationId: ref?.annotationId ?? null,
        annotationVersion: ref?.version ?? null,
        authorId: ref?.authorId ?? null,
        predictions: items.length,
      },
      select: { id: true },
    });
    await tx.$executeRaw`
      INSERT INTO gt_change_items (change_id, prediction_id, before, after)
      SELECT ${change.id}, u.id, u.before, u.after
      FROM unnest(${items.map((i) => i.id)}::int[], ${items.map((i) => i.before)}::float8[], ${items.map((i) => i.after)}::float8[]) AS u(id, before, after)`;
    await tx.$executeRaw`
      UPDATE predictions p SET gt_progress = u.after, updated_at = now()
      FROM unnest(${items.map((i) => i.id)}::int[], ${items.map((i) => i.after)}::float8[]) AS u(id, after)
      WHERE p.id = u.id`;
    changedPredictions += items.length;
  }
  return { changedPredictions, changes: byEpisode.size };
}
