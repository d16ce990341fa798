// Saving an annotation with optimistic concurrency: a save names the version it was made on,
// and is refused with 409 (carrying the current state) when someone saved in between.
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { conflict, notFound, validationError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { AnnotationSnapshot } from "@/lib/annotation/types";
import { sortSegments, validateSegments } from "@/lib/annotation/segments";
import { getAnnotationSettings } from "@/lib/settings/annotation-settings";
import { currentState, loadEditableAnnotation, loadVisibleAnnotation, snapshotFromJson } from "./get-annotation";

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
  const a = await loadEditableAnnotation(opts.user, opts.id);
  const episode = await db.episode.findUnique({ where: { id: a.episodeId }, select: { lengthFrames: true, assigneeId: true } });
  if (!episode) throw notFound(`Episode ${a.episodeId}`);
  const snapshot = await checkSnapshot(opts.snapshot, episode.lengthFrames);

  const result = await db.$transaction(async (tx) => {
    // The version check and the bump are one conditional update: of two saves on the same
    // version exactly one matches a row. The status is part of the condition so a save cannot
    // land on work that was submitted or approved after we read it.
    const bumped = await tx.annotation.updateMany({
      where: { id: a.id, version: opts.baseVersion, status: a.status },
      data: {
        version: { increment: 1 },
        outcome: snapshot.outcome,
        failureReason: snapshot.failureReason,
        note: snapshot.note,
        qualityFlags: snapshot.qualityFlags,
      },
    });
    if (bumped.count === 0) return null;
    const version = opts.baseVersion + 1;
    // Segments are replaced as a whole; their keys carry identity across saves.
    await tx.segment.deleteMany({ where: { annotationId: a.id } });
    if (snapshot.segments.length) await tx.segment.createMany({ data: snapshot.segments.map((s) => ({ annotationId: a.id, ...s })) });
    const saved = await tx.annotationVersion.create({
      data: { annotationId: a.id, version, authorId: opts.user.id, snapshot: snapshot as unknown as Prisma.InputJsonValue },
      select: { createdAt: true },
    });
    // The episode's outcome follows its main annotation (the assignee's, or the imported one).
    const primary = a.annotatorId === null ? episode.assigneeId === null : a.annotatorId === episode.assigneeId;
    if (primary) await tx.episode.update({ where: { id: a.episodeId }, data: { outcome: snapshot.outcome } });
    if (opts.restoredFrom !== undefined) {
      await recordAudit(
        { actorId: opts.user.id, action: "annotation.restore", entityType: "annotation", entityId: a.id, detail: { restoredFrom: opts.restoredFrom, version }, requestId: opts.requestId },
        tx,
      );
    }
    return { id: a.id, version, savedAt: saved.createdAt };
  });
  if (result) return result;

  const current = await currentState(a.id);
  throw conflict(
    current.version !== opts.baseVersion
      ? `Someone saved this annotation after you loaded it (you edited version ${opts.baseVersion}, it is now version ${current.version}${current.savedBy ? `, saved by ${current.savedBy.name}` : ""}).`
      : `The annotation's status changed to ${current.status.toLowerCase().replace(/_/g, " ")} while you were editing.`,
    { current },
  );
}

async function checkSnapshot(s: AnnotationSnapshot, lengthFrames: number): Promise<AnnotationSnapshot> {
  const segments = sortSegments(s.segments.map((x) => ({ ...x, label: x.label.trim() })));
  const problems = validateSegments(segments, lengthFrames, { requireLabels: false });
  const settings = await getAnnotationSettings();
  const invalid = problems.map((reason) => ({ name: "snapshot.segments", reason }));
  if (s.outcome === "FAILURE" && s.failureReason !== null && !settings.failureReasons.includes(s.failureReason)) {
    invalid.push({ name: "snapshot.failureReason", reason: `"${s.failureReason}" is not in the failure taxonomy.` });
  }
  for (const f of s.qualityFlags) {
    if (!settings.qualityFlags.includes(f)) invalid.push({ name: "snapshot.qualityFlags", reason: `"${f}" is not a known quality flag.` });
  }
  if (invalid.length) throw validationError("The annotation is not valid.", invalid);
  return {
    segments,
    outcome: s.outcome,
    // A reason only means something for a failure.
    failureReason: s.outcome === "FAILURE" ? s.failureReason : null,
    note: s.note,
    qualityFlags: [...new Set(s.qualityFlags)],
  };
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
