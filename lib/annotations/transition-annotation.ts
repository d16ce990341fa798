// Workflow transitions (submit, review, approve, request changes) and the episode status that follows.
import "server-only";
import { checkCommentPin } from "./comments";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { conflict, validationError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { ACTIONS, episodeStatusFrom, submissionProblems, type WorkflowAction } from "@/lib/annotation/workflow";
import { authorize } from "@/lib/auth/policy";
import { loadVisibleAnnotation, reviewFacts, snapshotOf } from "./get-annotation";
import { markGroundTruthDirty } from "@/lib/predictions/ground-truth";

type Tx = Prisma.TransactionClient;

/**
 * Recomputes an episode's status from its annotators' annotations. The episode row is locked
 * first so two annotators finishing at the same moment cannot each compute from a stale view.
 */
export async function syncEpisodeStatus(episodeId: number, tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT id FROM episodes WHERE id = ${episodeId} FOR UPDATE`;
  const anns = await tx.annotation.findMany({ where: { episodeId, annotatorId: { not: null } }, select: { status: true } });
  await tx.episode.update({ where: { id: episodeId }, data: { status: episodeStatusFrom(anns.map((a) => a.status)) } });
}

/** What a workflow action records about review: submission time, and who reviews. */
export function reviewColumns(action: WorkflowAction, userId: number): Prisma.AnnotationUncheckedUpdateManyInput {
  if (action === "submit") return { submittedAt: new Date(), reviewerId: null, reviewClaimedAt: null };
  if (action === "start_review") return { reviewerId: userId, reviewClaimedAt: new Date() };
  return { reviewerId: userId };
}

export async function transitionAnnotation(opts: {
  user: SessionUser;
  id: number;
  action: WorkflowAction;
  comment?: string;
  frame?: number | null;
  segmentKey?: string | null;
  requestId?: string;
}) {
  const a = await loadVisibleAnnotation(opts.user, opts.id);
  const def = ACTIONS[opts.action];
  if (!def.from.includes(a.status)) {
    throw conflict(`Cannot ${def.label.toLowerCase()}: the annotation is ${a.status.toLowerCase().replace(/_/g, " ")}.`, { annotationStatus: a.status });
  }
  authorize(opts.user, "annotation.act", { ...a, action: opts.action, ...(await reviewFacts(a.id)) });
  if (opts.action === "submit") {
    const ep = await db.episode.findUniqueOrThrow({ where: { id: a.episodeId }, select: { lengthFrames: true, task: { select: { canonicalSubtasks: true, vocabularyClosed: true } } } });
    const problems = submissionProblems(snapshotOf(a), ep.lengthFrames, { labels: ep.task.canonicalSubtasks, closed: ep.task.vocabularyClosed });
    if (problems.length) throw validationError("The annotation is not ready to submit.", problems.map((reason) => ({ name: "annotation", reason })));
  }
  // Changes are requested with a new comment, or on the open comments already pinned to the work.
  const openComments =
    opts.action === "request_changes" && !opts.comment
      ? await db.reviewComment.findMany({ where: { annotationId: a.id, resolved: false, authorId: { not: a.annotatorId ?? -1 } }, select: { id: true }, orderBy: { id: "asc" } })
      : [];
  if (opts.action === "request_changes" && !opts.comment && openComments.length === 0) {
    throw validationError("Say what should change.", [{ name: "comment", reason: "A comment is required: write one, or pin one to a frame or a segment first (changes are then requested on the open comments)." }]);
  }
  if (opts.comment) await checkCommentPin(a, opts.frame, opts.segmentKey);
  // Status change, comment, episode status and audit entry are one unit.
  return db.$transaction(async (tx) => {
    const moved = await tx.annotation.updateMany({ where: { id: a.id, status: a.status, version: a.version }, data: { status: def.to, ...reviewColumns(opts.action, opts.user.id) } });
    if (moved.count === 0) throw conflict("The annotation changed while you were looking at it. Reload and try again.");
    if (opts.comment) {
      const segmentKey = opts.segmentKey ?? null;
      await tx.reviewComment.create({
        data: { annotationId: a.id, authorId: opts.user.id, annotationVersion: a.version, body: opts.comment, frame: opts.frame ?? null, segmentKey },
      });
    }
    await syncEpisodeStatus(a.episodeId, tx);
    // The status decides which annotation is the ground truth.
    await markGroundTruthDirty(tx, { episodeId: a.episodeId });
    await recordAudit(
      { actorId: opts.user.id, action: `annotation.${opts.action}`, entityType: "annotation", entityId: a.id, detail: { from: a.status, to: def.to, version: a.version, ...(openComments.length ? { comments: openComments.map((c) => c.id) } : {}) }, requestId: opts.requestId },
      tx,
    );
    return { id: a.id, status: def.to, version: a.version };
  });
}
