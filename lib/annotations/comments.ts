// Review comments, pinned to a frame, a segment (by its stable key), or the whole annotation.
import "server-only";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/auth/session";
import { notFound, validationError } from "@/lib/server/errors";
import { authorize } from "@/lib/auth/policy";
import { loadVisibleAnnotation } from "./get-annotation";

const commentSelect = {
  id: true,
  annotationId: true,
  annotationVersion: true,
  frame: true,
  segmentKey: true,
  body: true,
  resolved: true,
  resolvedAt: true,
  createdAt: true,
  author: { select: { id: true, name: true } },
  resolvedBy: { select: { id: true, name: true } },
} as const;

export async function listComments(opts: { user: SessionUser; annotationId: number }) {
  await loadVisibleAnnotation(opts.user, opts.annotationId);
  return db.reviewComment.findMany({ where: { annotationId: opts.annotationId }, orderBy: { createdAt: "asc" }, select: commentSelect });
}

/**
 * Where a comment (a review comment, or the one given with "request changes") may be pinned:
 * a frame of the episode and a segment of the annotation's current version; a 400 otherwise.
 */
export async function checkCommentPin(
  a: { episodeId: number; segments: { key: string }[] },
  frame: number | null | undefined,
  segmentKey: string | null | undefined,
  tx: Pick<typeof db, "episode"> = db,
): Promise<void> {
  const invalid = [];
  if (frame !== undefined && frame !== null) {
    const ep = await tx.episode.findUniqueOrThrow({ where: { id: a.episodeId }, select: { lengthFrames: true } });
    if (frame >= ep.lengthFrames) invalid.push({ name: "frame", reason: `Frame ${frame} is past the episode's last frame (${ep.lengthFrames - 1}).` });
  }
  if (segmentKey && !a.segments.some((s) => s.key === segmentKey)) {
    invalid.push({ name: "segmentKey", reason: "No segment with this key in the annotation's current version." });
  }
  if (invalid.length) throw validationError("The comment cannot be pinned there.", invalid);
}

export async function createComment(opts: { user: SessionUser; annotationId: number; body: string; frame?: number | null; segmentKey?: string | null }) {
  const a = await loadVisibleAnnotation(opts.user, opts.annotationId);
  await checkCommentPin(a, opts.frame, opts.segmentKey);
  return db.reviewComment.create({
    data: { annotationId: a.id, authorId: opts.user.id, annotationVersion: a.version, body: opts.body, frame: opts.frame ?? null, segmentKey: opts.segmentKey ?? null },
    select: commentSelect,
  });
}

/** The comment's author, the annotation's annotator and leads may mark a comment resolved. */
export async function updateComment(opts: { user: SessionUser; id: number; resolved: boolean }) {
  const c = await db.reviewComment.findUnique({ where: { id: opts.id }, select: { annotationId: true, authorId: true } });
  if (!c) throw notFound(`Comment ${opts.id}`);
  const a = await loadVisibleAnnotation(opts.user, c.annotationId).catch(() => null);
  if (!a) throw notFound(`Comment ${opts.id}`);
  authorize(opts.user, "comment.resolve", { authorId: c.authorId, annotatorId: a.annotatorId });
  return db.reviewComment.update({
    where: { id: opts.id },
    data: opts.resolved ? { resolved: true, resolvedById: opts.user.id, resolvedAt: new Date() } : { resolved: false, resolvedById: null, resolvedAt: null },
    select: commentSelect,
  });
}
