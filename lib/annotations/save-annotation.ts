// Saving an annotation with optimistic concurrency: a save names the version it was made on,
// and is refused with 409 (carrying the current state) when someone saved in between.
import "server-only";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/auth/session";
import { conflict, notFound, validationError } from "@/lib/server/errors";
import type { AnnotationSnapshot } from "@/lib/annotation/types";
import { validateSegments } from "@/lib/annotation/segments";
import { normaliseSnapshot } from "@/lib/annotation/normalise";
import { getAnnotationSettings } from "@/lib/settings/annotation-settings";
import { authorize } from "@/lib/auth/policy";
import { assertEditable, currentState, loadVisibleAnnotation, snapshotFromJson } from "./get-annotation";

export interface SaveResult {
  id: number;
  version: number;
  savedAt: Date;
}

export async function saveAnnotation(opts: {
  user: SessionUser;
  id: number;
  baseVersion: number;
  snapshot: AnnotationSnapshot;
  requestId?: string;
  /** Set when the save restores an old version, for the audit log. */
  restoredFrom?: number;
}): Promise<SaveResult> {
  // One read for everything the checks need (autosave runs this many times a minute).
  const a = await db.annotation.findUnique({
    where: { id: opts.id },
    select: {
      id: true,
      annotatorId: true,
      status: true,
      episodeId: true,
      failureReason: true,
      qualityFlags: true,
      episode: { select: { lengthFrames: true, assigneeId: true } },
    },
  });
  if (!a) throw notFound(`Annotation ${opts.id}`);
  authorize(opts.user, "annotation.view", a, `Annotation ${opts.id}`);
  assertEditable(opts.user, a);
  const snapshot = await checkSnapshot(opts.snapshot, a);
  // The episode's outcome follows its main annotation (the assignee's, or the imported one).
  const primary = a.annotatorId === null ? a.episode.assigneeId === null : a.annotatorId === a.episode.assigneeId;
  const segs = snapshot.segments;
  const restore = opts.restoredFrom !== undefined;
  const auditDetail = JSON.stringify({ restoredFrom: opts.restoredFrom ?? null, version: opts.baseVersion + 1 });

  // One statement, so one round trip and atomic by itself. The version check and the bump are
  // one conditional update: of two saves on the same version exactly one matches the row, and
  // every other part only runs for the row it returned. The status is part of the condition so
  // a save cannot land on work that was submitted or approved after we read it. Segments are
  // upserted by their stable key and only changed rows are written; keys no longer present go.
  const rows = await db.$queryRaw<Array<{ version: number; created_at: Date }>>`
    WITH bumped AS (
      UPDATE annotations
      SET version = version + 1, outcome = ${snapshot.outcome}::"Outcome", failure_reason = ${snapshot.failureReason},
          note = ${snapshot.note}, quality_flags = ${snapshot.qualityFlags}::text[], updated_at = now()
      WHERE id = ${a.id} AND version = ${opts.baseVersion} AND status = ${a.status}::"AnnotationStatus"
      RETURNING id, version
    ), removed AS (
      DELETE FROM segments s USING bumped
      WHERE s.annotation_id = bumped.id AND NOT (s.key = ANY(${segs.map((x) => x.key)}::text[]))
    ), upserted AS (
      INSERT INTO segments (annotation_id, key, start_frame, end_frame, label)
      SELECT bumped.id, u.key, u.start_frame, u.end_frame, u.label
      FROM bumped, unnest(${segs.map((x) => x.key)}::text[], ${segs.map((x) => x.startFrame)}::int[], ${segs.map((x) => x.endFrame)}::int[], ${segs.map((x) => x.label)}::text[])
        AS u(key, start_frame, end_frame, label)
      ON CONFLICT (annotation_id, key) DO UPDATE
      SET start_frame = EXCLUDED.start_frame, end_frame = EXCLUDED.end_frame, label = EXCLUDED.label
      WHERE (segments.start_frame, segments.end_frame, segments.label) IS DISTINCT FROM (EXCLUDED.start_frame, EXCLUDED.end_frame, EXCLUDED.label)
    ), versioned AS (
      INSERT INTO annotation_versions (annotation_id, version, author_id, snapshot)
      SELECT bumped.id, bumped.version, ${opts.user.id}, ${JSON.stringify(snapshot)}::jsonb FROM bumped
      RETURNING created_at
    ), episode AS (
      UPDATE episodes SET outcome = ${snapshot.outcome}::"Outcome", updated_at = now()
      FROM bumped
      WHERE episodes.id = ${a.episodeId} AND ${primary} AND episodes.outcome IS DISTINCT FROM ${snapshot.outcome}::"Outcome"
    ), dirty AS (
      -- Ground truth of this task's predictions is recomputed (lib/predictions/ground-truth.ts).
      INSERT INTO gt_dirty_tasks (task_id) SELECT e.task_id FROM episodes e, bumped WHERE e.id = ${a.episodeId}
      ON CONFLICT (task_id) DO UPDATE SET since = gt_dirty_tasks.since WHERE false
    ), audited AS (
      INSERT INTO audit_log (actor_id, action, entity_type, entity_id, detail, request_id)
      SELECT ${opts.user.id}, 'annotation.restore', 'annotation', ${String(a.id)}, ${auditDetail}::jsonb, ${opts.requestId ?? null}
      FROM bumped WHERE ${restore}
    )
    SELECT bumped.version, versioned.created_at FROM bumped, versioned`;
  const saved = rows[0];
  if (saved) return { id: a.id, version: saved.version, savedAt: saved.created_at };

  const current = await currentState(a.id);
  throw conflict(
    current.version !== opts.baseVersion
      ? `Someone saved this annotation after you loaded it (you edited version ${opts.baseVersion}, it is now version ${current.version}${current.savedBy ? `, saved by ${current.savedBy.name}` : ""}).`
      : `The annotation's status changed to ${current.status.toLowerCase().replace(/_/g, " ")} while you were editing.`,
    { current },
  );
}

async function checkSnapshot(
  s: AnnotationSnapshot,
  stored: { failureReason: string | null; qualityFlags: string[]; episode: { lengthFrames: number } },
): Promise<AnnotationSnapshot> {
  const n = normaliseSnapshot(s);
  const segments = n.segments;
  const problems = validateSegments(segments, stored.episode.lengthFrames, { requireLabels: false });
  const invalid = problems.map((reason) => ({ name: "snapshot.segments", reason }));
  // Only a reason or flag that changes is checked against the taxonomy: one already stored stays
  // valid after a lead removes it from the list, and most saves need no settings read at all.
  const newReason = s.outcome === "FAILURE" && s.failureReason !== null && s.failureReason !== stored.failureReason ? s.failureReason : null;
  const newFlags = s.qualityFlags.filter((f) => !stored.qualityFlags.includes(f));
  if (newReason !== null || newFlags.length) {
    const settings = await getAnnotationSettings();
    if (newReason !== null && !settings.failureReasons.includes(newReason)) {
      invalid.push({ name: "snapshot.failureReason", reason: `"${newReason}" is not in the failure taxonomy.` });
    }
    for (const f of newFlags) {
      if (!settings.qualityFlags.includes(f)) invalid.push({ name: "snapshot.qualityFlags", reason: `"${f}" is not a known quality flag.` });
    }
  }
  if (invalid.length) throw validationError("The annotation is not valid.", invalid);
  return n;
}

/** Makes an old version current again, as a new version (history is never rewritten). */
export async function restoreVersion(opts: { user: SessionUser; id: number; version: number; baseVersion: number; requestId?: string }) {
  await loadVisibleAnnotation(opts.user, opts.id);
  const v = await db.annotationVersion.findUnique({ where: { annotationId_version: { annotationId: opts.id, version: opts.version } } });
  if (!v) throw notFound(`Version ${opts.version} of annotation ${opts.id}`);
  return saveAnnotation({
    user: opts.user,
    id: opts.id,
    baseVersion: opts.baseVersion,
    snapshot: snapshotFromJson(v.snapshot),
    requestId: opts.requestId,
    restoredFrom: opts.version,
  });
}
