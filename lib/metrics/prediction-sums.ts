// Metric sums in SQL: the per-sample definitions of lib/metrics/metrics.ts (via the additive
// sums of lib/metrics/sums.ts) written once for PostgreSQL, and the `prediction_sums` table that
// keeps them per (run, episode, ground-truth interval) so the leaderboard never has to scan
// every prediction.
//
// Keeping the table current: statement triggers on `predictions` (see migration
// 20261121180000_prediction_sums) mark each written (run, episode) pair in
// `prediction_sums_dirty` in the writer's own transaction, whatever the write path (import,
// model run, ground-truth refresh, deletes and cascades). `refreshPredictionSums()` recomputes
// the marked pairs; every reader of the sums calls it first, and the ground-truth worker calls
// it every minute, so readers rarely wait.
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Sums } from "./sums";
import { MRA_EPSILON, MRA_THRESHOLD_HUNDREDTHS } from "./metrics";

/** How many thresholds `rel` passes, exactly as metrics.ts's thresholdRelativeAccuracy counts them. */
const MRA_PASSES_SQL = Prisma.raw(MRA_THRESHOLD_HUNDREDTHS.map((T) => `((rel * 100) < (${100 - T}::float8 - ${MRA_EPSILON}::float8))::int`).join(" + "));
const MRA_COUNT_SQL = Prisma.raw(String(MRA_THRESHOLD_HUNDREDTHS.length));

// GREATEST/LEAST skip NULLs, so every clipped term is guarded: a sample without an answer or a
// ground truth must add nothing, not a clipped 1.
// Over rows with yhat, y, fmt and, computed once per row, err = |ŷ − y| and rel = |ŷ − y| / |y|
// (NULL when y is 0 or either side is missing), in the same floating-point order as metrics.ts.
const SUMS_SQL = Prisma.sql`
  count(*)::float8 AS total,
  count(y)::float8 AS n,
  count(err)::float8 AS answered,
  count(*) FILTER (WHERE fmt)::float8 AS format_ok,
  count(*) FILTER (WHERE y = 0 AND yhat IS NOT NULL)::float8 AS gt_zero,
  coalesce(sum(CASE WHEN rel IS NOT NULL THEN greatest(0::float8, least(1::float8, 1 - rel)) END), 0) AS lra_sum,
  coalesce(sum(CASE WHEN rel IS NOT NULL THEN (${MRA_PASSES_SQL})::float8 / ${MRA_COUNT_SQL} END), 0) AS tra_sum,
  coalesce(sum(CASE WHEN err IS NOT NULL THEN greatest(0::float8, least(1::float8, 1 - err / 100)) END), 0) AS ara_sum,
  coalesce(sum(err), 0) AS abs_sum,
  coalesce(sum(err * err), 0) AS sq_sum,
  count(*) FILTER (WHERE err <= 5)::float8 AS acc5,
  count(*) FILTER (WHERE err <= 10)::float8 AS acc10,
  coalesce(sum(CASE WHEN err IS NOT NULL THEN yhat END), 0) AS sx,
  coalesce(sum(CASE WHEN err IS NOT NULL THEN y END), 0) AS sy,
  coalesce(sum(CASE WHEN err IS NOT NULL THEN yhat * yhat END), 0) AS sxx,
  coalesce(sum(CASE WHEN err IS NOT NULL THEN y * y END), 0) AS syy,
  coalesce(sum(yhat * y), 0) AS sxy`;

/** Sum columns, in the order of SUMS_SQL and of the `prediction_sums` table. */
export const SUM_COLUMNS = ["total", "n", "answered", "format_ok", "gt_zero", "lra_sum", "tra_sum", "ara_sum", "abs_sum", "sq_sum", "acc5", "acc10", "sx", "sy", "sxx", "syy", "sxy"] as const;

/** Interval index of the ground truth, as intervalIndex() in lib/metrics/metrics.ts; -1 without one. */
const BUCKET_SQL = Prisma.sql`CASE WHEN y IS NULL THEN -1 WHEN y < 20 THEN 0 WHEN y < 40 THEN 1 WHEN y < 60 THEN 2 WHEN y < 80 THEN 3 ELSE 4 END`;

export type SumColumns = Record<(typeof SUM_COLUMNS)[number], number>;

export function toSums(r: SumColumns): Sums {
  return {
    total: r.total, n: r.n, answered: r.answered, formatOk: r.format_ok, gtZero: r.gt_zero,
    lraSum: r.lra_sum, traSum: r.tra_sum, araSum: r.ara_sum, absSum: r.abs_sum, sqSum: r.sq_sum,
    acc5: r.acc5, acc10: r.acc10, sx: r.sx, sy: r.sy, sxx: r.sxx, syy: r.syy, sxy: r.sxy,
  };
}

/**
 * Sums per (run_id, episode_id, bucket) over `source`, a query with the columns run_id,
 * episode_id, yhat (predicted progress), y (ground truth) and fmt (format check passed).
 * Grouping by integer keys only keeps PostgreSQL's hash aggregation fast.
 */
export function sumsByEpisodeSql(source: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT run_id, episode_id, bucket, ${SUMS_SQL}
    FROM (SELECT src.*, ${BUCKET_SQL} AS bucket, abs(yhat - y) AS err, CASE WHEN y <> 0 THEN abs(yhat - y) / abs(y) END AS rel FROM (${source}) src) s
    GROUP BY run_id, episode_id, bucket`;
}

/** The same rows as sumsByEpisodeSql over all progress predictions of `runIds`, read from the kept table. */
export function storedSumsSql(runIds: number[]): Prisma.Sql {
  return Prisma.sql`
    SELECT run_id, episode_id, bucket, ${Prisma.raw(SUM_COLUMNS.join(", "))}
    FROM prediction_sums WHERE run_id = ANY(${runIds}::int[])`;
}

/** Progress predictions matching `where` (over alias p), in the column shape sumsByEpisodeSql expects. */
export const progressPredictions = (where: Prisma.Sql) => Prisma.sql`
  SELECT p.run_id, p.episode_id, p.progress AS yhat, p.gt_progress AS y, p.format_ok AS fmt
  FROM predictions p
  WHERE p.question_type = 'PROGRESS' AND ${where}`;

/**
 * Recomputes the sums of every dirty (run, episode) pair. Safe to call from any number of
 * processes: refreshes are serialised by an advisory lock, and a writer that commits while we
 * work either holds its dirty mark until then (our delete waits for it, and our later
 * statements see its rows) or marks the pair again for the next refresh.
 * Returns the number of pairs recomputed.
 */
export async function refreshPredictionSums(): Promise<number> {
  const any = await db.$queryRaw<Array<{ one: number }>>`SELECT 1 AS one FROM prediction_sums_dirty LIMIT 1`;
  if (any.length === 0) return 0;
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('critic-prediction-sums'))`;
      await tx.$executeRaw`SET LOCAL work_mem = '256MB'`;
      await tx.$executeRaw`SET LOCAL jit = off`;
      const taken = await tx.$queryRaw<Array<{ run_id: number; episode_id: number }>>`
        DELETE FROM prediction_sums_dirty RETURNING run_id, episode_id`;
      if (taken.length === 0) return 0;
      const runs = taken.map((t) => t.run_id);
      const episodes = taken.map((t) => t.episode_id);
      await tx.$executeRaw`
        DELETE FROM prediction_sums s USING unnest(${runs}::int[], ${episodes}::int[]) AS u(run_id, episode_id)
        WHERE s.run_id = u.run_id AND s.episode_id = u.episode_id`;
      const source = progressPredictions(Prisma.sql`(p.run_id, p.episode_id) IN (SELECT * FROM unnest(${runs}::int[], ${episodes}::int[]))`);
      await tx.$executeRaw`
        INSERT INTO prediction_sums (run_id, episode_id, bucket, ${Prisma.raw(SUM_COLUMNS.join(", "))})
        ${sumsByEpisodeSql(source)}`;
      return taken.length;
    },
    { timeout: 300_000, maxWait: 120_000 },
  );
}
