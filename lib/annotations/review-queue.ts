// The leads' review queue: submitted work, oldest first, filtered by environment, task,
// annotator and age. "Next to review" takes one annotation atomically (SUBMITTED → IN_REVIEW
// with the lead as reviewer), so two leads pressing it at once never get the same work.
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { conflict, notFound } from "@/lib/server/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { fourEyesReview } from "@/lib/settings/annotation-settings";
import { markGroundTruthDirty } from "@/lib/predictions/ground-truth";
import { syncEpisodeStatus } from "./transition-annotation";
import type { TReviewQueueFilters } from "./schemas";

/** A claim nobody acted on for this long goes back to the queue (the lead went home). */
export const STALE_REVIEW_MINUTES = 120;

const HOUR_MS = 3_600_000;

function where(f: TReviewQueueFilters, now: Date): Prisma.AnnotationWhereInput {
  return {
    annotatorId: { not: null },
    status: { in: ["SUBMITTED", "IN_REVIEW"] },
    episode: { ...(f.environmentId ? { environmentId: f.environmentId } : {}), ...(f.taskId ? { taskId: f.taskId } : {}) },
    ...(f.annotatorId ? { AND: [{ annotatorId: f.annotatorId }] } : {}),
    ...(f.minAgeHours ? { submittedAt: { lte: new Date(now.getTime() - f.minAgeHours * HOUR_MS) } } : {}),
  };
}

export async function listReviewQueue(user: SessionUser, f: TReviewQueueFilters) {
  const now = new Date();
  const w = where(f, now);
  const [rows, total, fourEyes] = await Promise.all([
    db.annotation.findMany({
      where: w,
      orderBy: [{ submittedAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      take: 200,
      select: {
        id: true,
        status: true,
        version: true,
        submittedAt: true,
        reviewClaimedAt: true,
        annotator: { select: { id: true, name: true } },
        reviewer: { select: { id: true, name: true } },
        episode: { select: { id: true, sourceKey: true, lengthFrames: true, environment: { select: { id: true, name: true } }, task: { select: { id: true, instruction: true } } } },
        _count: { select: { comments: { where: { resolved: false } } } },
      },
    }),
    db.annotation.count({ where: w }),
    fourEyesReview(),
  ]);
  const reasons = await notForYou(user.id, fourEyes, rows.map((r) => r.id));
  return {
    total,
    fourEyes,
    items: rows.map((r) => ({
      annotationId: r.id,
      episodeId: r.episode.id,
      sourceKey: r.episode.sourceKey,
      lengthFrames: r.episode.lengthFrames,
      environment: r.episode.environment,
      task: r.episode.task,
      annotator: r.annotator!,
      status: r.status,
      version: r.version,
      submittedAt: r.submittedAt,
      reviewer: r.status === "IN_REVIEW" ? r.reviewer : null,
      reviewClaimedAt: r.status === "IN_REVIEW" ? r.reviewClaimedAt : null,
      openComments: r._count.comments,
      /** Why this lead is not handed it by "next to review", if they are not. */
      notForYou: reasons.get(r.id) ?? null,
    })),
  };
}

/**
 * Why "next to review" does not hand annotation `a` to lead `me`, or NULL: one SQL expression,
 * so the queue page's note and the claim agree. Their own work never; under four-eyes, work they
 * changed neither.
 */
function notForYouSql(me: number, fourEyes: boolean): Prisma.Sql {
  return Prisma.sql`CASE
    WHEN a.annotator_id = ${me} THEN 'your own work'
    WHEN ${fourEyes}::boolean AND EXISTS (SELECT 1 FROM annotation_versions v WHERE v.annotation_id = a.id AND v.author_id = ${me}) THEN 'you changed it (four-eyes)'
  END`;
}

async function notForYou(me: number, fourEyes: boolean, annotationIds: number[]): Promise<Map<number, string>> {
  if (!annotationIds.length) return new Map();
  const rows = await db.$queryRaw<Array<{ id: number; reason: string | null }>>`
    SELECT a.id, ${notForYouSql(me, fourEyes)} AS reason FROM annotations a WHERE a.id = ANY(${annotationIds}::int[])`;
  return new Map(rows.filter((r) => r.reason).map((r) => [r.id, r.reason!]));
}

export interface ReviewClaim {
  annotationId: number;
  episodeId: number;
  /** The lead already had it under review. */
  resumed: boolean;
}

/**
 * The next annotation for this lead to review. Their own claims come back first; then the
 * oldest submission (or a claim gone stale) that is not their own work, nor, under four-eyes,
 * work they changed. One UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED) takes it, so
 * concurrent leads pass each other instead of colliding.
 */
export async function claimNextReview(opts: { user: SessionUser; filters: TReviewQueueFilters; skip?: number[]; requestId?: string }): Promise<ReviewClaim | null> {
  const f = opts.filters;
  const me = opts.user.id;
  const skip = opts.skip?.length ? opts.skip : [0];
  const minAgeCut = f.minAgeHours ? new Date(Date.now() - f.minAgeHours * HOUR_MS) : null;
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('claim-next-review'), ${me}::int)`;
      const own = await tx.annotation.findFirst({
        where: { ...where(f, new Date()), status: "IN_REVIEW", reviewerId: me, id: { notIn: skip } },
        orderBy: [{ reviewClaimedAt: "asc" }, { id: "asc" }],
        select: { id: true, episodeId: true },
      });
      if (own) return { annotationId: own.id, episodeId: own.episodeId, resumed: true };
      const fourEyes = await fourEyesReview(tx);
      const rows = await tx.$queryRaw<Array<{ id: number; episode_id: number; status: string; version: number }>>`
        UPDATE annotations SET status = 'IN_REVIEW', reviewer_id = ${me}, review_claimed_at = now(), updated_at = now()
        WHERE id = (
          SELECT a.id FROM annotations a JOIN episodes e ON e.id = a.episode_id
          WHERE a.annotator_id IS NOT NULL AND (${notForYouSql(me, fourEyes)}) IS NULL
            AND (a.status = 'SUBMITTED' OR (a.status = 'IN_REVIEW' AND a.review_claimed_at < now() - make_interval(mins => ${STALE_REVIEW_MINUTES}::int)))
            AND a.id <> ALL(${skip}::int[])
            AND (${f.environmentId ?? null}::int IS NULL OR e.environment_id = ${f.environmentId ?? null}::int)
            AND (${f.taskId ?? null}::int IS NULL OR e.task_id = ${f.taskId ?? null}::int)
            AND (${f.annotatorId ?? null}::int IS NULL OR a.annotator_id = ${f.annotatorId ?? null}::int)
            AND (${minAgeCut}::timestamptz IS NULL OR a.submitted_at <= ${minAgeCut}::timestamptz)
          ORDER BY a.submitted_at ASC NULLS LAST, a.id ASC
          LIMIT 1
          FOR UPDATE OF a SKIP LOCKED
        )
        RETURNING id, episode_id, status::text, version`;
      const got = rows[0];
      if (!got) return null;
      await syncEpisodeStatus(got.episode_id, tx);
      await markGroundTruthDirty(tx, { episodeId: got.episode_id });
      await recordAudit(
        { actorId: me, action: "annotation.start_review", entityType: "annotation", entityId: got.id, detail: { to: "IN_REVIEW", version: got.version, from: "queue" }, requestId: opts.requestId },
        tx,
      );
      return { annotationId: got.id, episodeId: got.episode_id, resumed: false };
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
}

/** Hands a claimed review back to the queue (the lead skipped it). Only the claimer can. */
export async function releaseReview(opts: { user: SessionUser; annotationId: number; requestId?: string }) {
  const a = await db.annotation.findUnique({ where: { id: opts.annotationId }, select: { id: true, status: true, reviewerId: true, episodeId: true, version: true } });
  if (!a) throw notFound(`Annotation ${opts.annotationId}`);
  if (a.status !== "IN_REVIEW" || a.reviewerId !== opts.user.id) throw conflict("This annotation is not under review by you, so there is nothing to hand back.");
  return db.$transaction(async (tx) => {
    const moved = await tx.annotation.updateMany({ where: { id: a.id, status: "IN_REVIEW", reviewerId: opts.user.id }, data: { status: "SUBMITTED", reviewerId: null, reviewClaimedAt: null } });
    if (moved.count === 0) throw conflict("The annotation changed while you were looking at it. Reload and try again.");
    await syncEpisodeStatus(a.episodeId, tx);
    await markGroundTruthDirty(tx, { episodeId: a.episodeId });
    await recordAudit({ actorId: opts.user.id, action: "annotation.release_review", entityType: "annotation", entityId: a.id, detail: { from: "IN_REVIEW", to: "SUBMITTED", version: a.version }, requestId: opts.requestId }, tx);
    return { annotationId: a.id, status: "SUBMITTED" as const };
  });
}
