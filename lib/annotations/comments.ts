// Review comments, pinned to a frame, a segment (by its stable key), or the whole annotation.
import "server-only";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/auth/session";
import { forbidden, notFound, validationError } from "@/lib/server/errors";
import { hasRole } from "@/lib/auth/roles";
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

export async function createComment(opts: { user: SessionUser; annotationId: number; body: string; frame?: number | null; segmentKey?: string | null }) {
  const a = await loadVisibleAnnotation(opts.user, opts.annotationId);
  const invalid = [];
  if (opts.frame !== undefined && opts.frame !== null) {
    const ep = await db.episode.findUniqueOrThrow({ where: { id: a.episodeId }, select: { lengthFrames: true } });
    if (opts.frame >= ep.lengthFrames) invalid.push({ name: "frame", reason: `Frame ${opts.frame} is past the episode's last frame (${ep.lengthFrames - 1}).` });
  }
  if (opts.segmentKey && !a.segments.some((s) => s.key === opts.segmentKey)) {
    invalid.push({ name: "segmentKey", reason: "No segment with this key in the annotation's current version." });
  }
  if (invalid.length) throw validationError("The comment cannot be pinned there.", invalid);
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
  if (!(c.authorId === opts.user.id || a.annotatorId === opts.user.id || hasRole(opts.user.role, "LEAD"))) throw forbidden();
  return db.reviewComment.update({
    where: { id: opts.id },
    data: opts.resolved ? { resolved: true, resolvedById: opts.user.id, resolvedAt: new Date() } : { resolved: false, resolvedById: null, resolvedAt: null },
    select: commentSelect,
  });
}
