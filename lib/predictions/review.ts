// Chain review: the queue of predictions to read, one prediction with everything shown next to
// it, and saving a reviewer's edit and verdict (optimistic concurrency on `version`).
import "server-only";
import { z } from "zod";
import { zInt, zQueryInt } from "@/lib/server/schemas";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { conflict, notFound } from "@/lib/server/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { accuracyReward } from "@/lib/primo/rewards";
import { episodeSplitsSql } from "./benchmark-split";
import { refreshGroundTruth } from "./ground-truth";
import { PARSE_FLAG_TEXT, parseModelOutput, type ParseFlag } from "@/lib/primo/parse-output";

export const VERDICTS = ["ACCEPTED", "REJECTED", "NEEDS_FIX"] as const;

export const ZReviewQueueSchema = z.object({
  run: zQueryInt(z.number().positive()).optional(),
  environment: zQueryInt(z.number().positive()).optional(),
  task: zQueryInt(z.number().positive()).optional(),
  episode: zQueryInt(z.number().positive()).optional(),
  split: z.enum(["ID", "OOD_CROSS_TASK", "OOD_CROSS_ENV", "TRAIN"]).optional(),
  /** Only outputs failing the PRIMO format check. */
  formatFailures: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  /** Only answers the parser flagged. */
  flagged: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  /** Only predictions at least this far (progress points) from the ground truth. */
  minError: z.coerce.number().min(0).max(100).optional(),
  verdict: z.enum(["UNREVIEWED", ...VERDICTS]).optional(),
  sort: z.enum(["error", "episode"]).default("error"),
  page: zQueryInt(z.number().min(1).max(100_000)).default(1),
  pageSize: zQueryInt(z.number().min(1).max(200)).default(50),
});
export type TReviewQueue = z.infer<typeof ZReviewQueueSchema>;

export interface QueueItem {
  id: number;
  runId: number;
  runName: string;
  episodeId: number;
  episodeKey: string;
  environment: string;
  task: string;
  queryFrame: number;
  questionType: "PROGRESS" | "COMPLETION" | "CONTRASTIVE";
  progress: number | null;
  /** The parsed answer on the run's scale (completion: 1 yes, 0 no). */
  value: number | null;
  gt: number | null;
  error: number | null;
  formatOk: boolean;
  parseFlag: string | null;
  verdict: string | null;
  edited: boolean;
}

export async function listReviewQueue(q: TReviewQueue) {
  await refreshGroundTruth();
  const where: Prisma.Sql[] = [Prisma.sql`true`];
  if (q.run) where.push(Prisma.sql`p.run_id = ${q.run}`);
  if (q.environment) where.push(Prisma.sql`e.environment_id = ${q.environment}`);
  if (q.task) where.push(Prisma.sql`e.task_id = ${q.task}`);
  if (q.episode) where.push(Prisma.sql`p.episode_id = ${q.episode}`);
  if (q.split) where.push(Prisma.sql`p.episode_id IN (SELECT episode_id FROM split WHERE split = ${q.split})`);
  if (q.formatFailures !== undefined) where.push(Prisma.sql`p.format_ok = ${!q.formatFailures}`);
  if (q.flagged !== undefined) where.push(q.flagged ? Prisma.sql`p.parse_flag IS NOT NULL` : Prisma.sql`p.parse_flag IS NULL`);
  if (q.minError !== undefined) where.push(Prisma.sql`abs(p.progress - p.gt_progress) >= ${q.minError}`);
  if (q.verdict === "UNREVIEWED") where.push(Prisma.sql`cr.verdict IS NULL`);
  else if (q.verdict) where.push(Prisma.sql`cr.verdict = ${q.verdict}::"ChainVerdict"`);
  const order =
    q.sort === "error"
      ? Prisma.sql`abs(p.progress - p.gt_progress) DESC NULLS LAST, p.id`
      : Prisma.sql`p.episode_id, p.query_frame, p.run_id, p.id`;
  const withSplit = q.split ? Prisma.sql`WITH split AS (${episodeSplitsSql})` : Prisma.empty;
  const cond = Prisma.join(where, " AND ");
  const [items, total] = await Promise.all([
    db.$queryRaw<Array<Omit<QueueItem, "edited"> & { edited: boolean }>>`
      ${withSplit}
      SELECT p.id, p.run_id AS "runId", r.name AS "runName", p.episode_id AS "episodeId", e.source_key AS "episodeKey",
             env.name AS environment, t.instruction AS task, p.query_frame AS "queryFrame", p.question_type::text AS "questionType",
             p.progress, p.value, p.gt_progress AS gt, abs(p.progress - p.gt_progress) AS error, p.format_ok AS "formatOk",
             p.parse_flag AS "parseFlag", cr.verdict::text AS verdict,
             (cr.id IS NOT NULL AND (cr.planning, cr.observation, cr.reasoning, cr.answer_text)
               IS DISTINCT FROM (coalesce(p.planning, ''), coalesce(p.observation, ''), coalesce(p.reasoning, ''), coalesce(p.answer_text, ''))) AS edited
      FROM predictions p
      JOIN prediction_runs r ON r.id = p.run_id
      JOIN episodes e ON e.id = p.episode_id
      JOIN environments env ON env.id = e.environment_id
      JOIN tasks t ON t.id = e.task_id
      LEFT JOIN chain_reviews cr ON cr.prediction_id = p.id
      WHERE ${cond}
      ORDER BY ${order}
      LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
    db.$queryRaw<Array<{ n: number }>>`
      ${withSplit}
      SELECT count(*)::int AS n
      FROM predictions p JOIN episodes e ON e.id = p.episode_id LEFT JOIN chain_reviews cr ON cr.prediction_id = p.id
      WHERE ${cond}`,
  ]);
  return { items, total: total[0]?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export async function getPrediction(id: number) {
  await refreshGroundTruth();
  const p = await db.prediction.findUnique({
    where: { id },
    include: {
      run: { select: { id: true, name: true, modelName: true, progressScale: true } },
      review: { include: { reviewer: { select: { id: true, name: true } } } },
      episode: {
        select: {
          id: true,
          sourceKey: true,
          lengthFrames: true,
          fps: true,
          outcome: true,
          environment: { select: { id: true, name: true } },
          task: { select: { id: true, instruction: true } },
          videos: { select: { camera: true }, orderBy: { camera: "asc" } },
        },
      },
      gtChanges: {
        orderBy: { changeId: "desc" },
        take: 5,
        select: { before: true, after: true, change: { select: { id: true, createdAt: true, annotationVersion: true, author: { select: { name: true } } } } },
      },
    },
  });
  if (!p) throw notFound(`Prediction ${id}`);
  const reward = p.progress !== null && p.gtProgress !== null ? accuracyReward(p.progress, p.gtProgress) : null;
  return {
    ...p,
    reward,
    parseFlagText: p.parseFlag ? (PARSE_FLAG_TEXT[p.parseFlag as ParseFlag] ?? p.parseFlag) : null,
    // What the model saw, as episode frame indices: I_init, the sampled V_seq, I_curr.
    frames: { init: 0, sampled: p.sampledFrames, current: p.queryFrame },
  };
}

export const ZSaveReviewSchema = z.object({
  /** The review version this edit was made on; 0 when there was no review yet. */
  baseVersion: zInt().min(0),
  planning: z.string().max(100_000),
  observation: z.string().max(100_000),
  reasoning: z.string().max(100_000),
  answerText: z.string().max(10_000),
  verdict: z.enum(VERDICTS).nullable(),
  note: z.string().max(10_000).default(""),
});
export type TSaveReview = z.infer<typeof ZSaveReviewSchema>;

export async function saveReview(opts: { user: SessionUser; predictionId: number; review: TSaveReview; requestId?: string }) {
  const p = await db.prediction.findUnique({ where: { id: opts.predictionId }, select: { id: true, run: { select: { progressScale: true } }, questionType: true } });
  if (!p) throw notFound(`Prediction ${opts.predictionId}`);
  const r = opts.review;
  // An edited answer is held to the same rule as the model's: a bare number (or yes/no).
  const answer = parseModelOutput(`<answer>${r.answerText}</answer>`, { questionType: p.questionType, scale: p.run.progressScale as 100 | 1 });
  const data = { planning: r.planning, observation: r.observation, reasoning: r.reasoning, answerText: r.answerText, verdict: r.verdict, note: r.note, reviewerId: opts.user.id };
  // Review row and audit entry land together.
  return db.$transaction(async (tx) => {
    let saved;
    if (r.baseVersion === 0) {
      const exists = await tx.chainReview.findUnique({ where: { predictionId: p.id }, select: { version: true, reviewer: { select: { name: true } } } });
      if (exists) throw staleReview(exists.version, exists.reviewer?.name ?? null);
      saved = await tx.chainReview.create({ data: { predictionId: p.id, ...data }, select: { id: true, version: true, verdict: true, updatedAt: true } });
    } else {
      const n = await tx.chainReview.updateMany({ where: { predictionId: p.id, version: r.baseVersion }, data: { ...data, version: { increment: 1 } } });
      if (n.count === 0) {
        const cur = await tx.chainReview.findUnique({ where: { predictionId: p.id }, select: { version: true, reviewer: { select: { name: true } } } });
        throw staleReview(cur?.version ?? 0, cur?.reviewer?.name ?? null);
      }
      saved = await tx.chainReview.findUniqueOrThrow({ where: { predictionId: p.id }, select: { id: true, version: true, verdict: true, updatedAt: true } });
    }
    await recordAudit(
      { actorId: opts.user.id, action: "chain.review", entityType: "prediction", entityId: p.id, detail: { verdict: r.verdict, version: saved.version }, requestId: opts.requestId },
      tx,
    );
    return { ...saved, answerFlag: answer.flag, answerFlagText: answer.flag ? PARSE_FLAG_TEXT[answer.flag] : null };
  });
}

function staleReview(version: number, by: string | null) {
  return conflict(`Someone saved a review of this chain after you opened it (now version ${version}${by ? `, by ${by}` : ""}). Reload to see it.`, { currentVersion: version });
}
