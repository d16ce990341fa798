// `npm run bench:metrics`: the full leaderboard (runs × environments per benchmark split, MAE
// per progress interval, worst episodes) over 1,000,000 predictions in PostgreSQL, with and
// without unacknowledged ground-truth changes, plus one run's full report (rank and
// trajectory metrics in TypeScript). Target: the leaderboard under 2 s on this machine. The
// leaderboard reads the kept per-episode sums (lib/metrics/prediction-sums.ts); the one-off cost
// of computing them after a bulk write is printed on its own line.
// Prints its figures; it does not judge them.
import { benchDatabase, percentile } from "./db";

const TOTAL = Number(process.env.BENCH_PREDICTIONS ?? 1_000_000);
const RUNS = 4;
const FRAMES_PER_EPISODE = 50;
const EPISODES = Math.ceil(TOTAL / RUNS / FRAMES_PER_EPISODE);
const REPEATS = 5;

async function main() {
  const url = await benchDatabase();
  const { db } = await import("../lib/db");
  const { getLeaderboard } = await import("../lib/metrics/leaderboard");
  const { getRunReport } = await import("../lib/metrics/run-report");
  const { refreshGroundTruth } = await import("../lib/predictions/ground-truth");
  const { refreshPredictionSums } = await import("../lib/metrics/prediction-sums");

  console.log(`[bench:metrics] database ${url.replace(/:[^:@/]+@/, ":***@")}`);
  const t0 = Date.now();
  // 3 environments × 8 tasks; episodes tagged so that every benchmark split is populated.
  await db.$executeRawUnsafe(`
    INSERT INTO environments (slug, name, updated_at) SELECT 'env-' || g, 'Environment ' || g, now() FROM generate_series(1, 3) g;
    INSERT INTO tasks (environment_id, key, instruction, updated_at)
      SELECT e.id, 'task-' || e.id || '-' || g, 'Task ' || g || ' of ' || e.name, now() FROM environments e, generate_series(1, 8) g;
    INSERT INTO sources (kind, uri, name, updated_at) VALUES ('MANIFEST', '/bench', 'bench', now());
    INSERT INTO episodes (source_id, source_key, environment_id, task_id, length_frames, fps, outcome, split_tags, updated_at)
      SELECT 1, 'ep-' || g, t.environment_id, t.id, 600, 30,
             (CASE WHEN g % 4 = 0 THEN 'FAILURE' ELSE 'SUCCESS' END)::"Outcome",
             CASE WHEN t.environment_id = 3 THEN ARRAY['test'] WHEN t.id % 8 = 0 THEN ARRAY['test'] WHEN g % 5 = 0 THEN ARRAY['test'] ELSE ARRAY['train'] END,
             now()
      FROM generate_series(1, ${EPISODES}) g JOIN tasks t ON t.id = 1 + (g % 24);
  `);
  await db.$executeRawUnsafe(`
    INSERT INTO prediction_runs (name, model_name, updated_at) SELECT 'run-' || r, 'model-' || r, now() FROM generate_series(1, ${RUNS}) r;`);
  // Ground truth rises linearly with the query frame (failures stop at 70); predictions are the
  // truth plus run-dependent noise, with a few flagged answers.
  await db.$executeRawUnsafe(`
    INSERT INTO predictions (run_id, episode_id, query_frame, raw_output, format_ok, progress, value, parse_flag, gt_progress, updated_at)
      SELECT r.id, e.id, f * 12,
             '<answer>' || f || '</answer>', (f % 17) <> 0,
             CASE WHEN (e.id + f) % 41 = 0 THEN NULL ELSE least(100, greatest(0, gt + (random() - 0.5) * 10 * r.id)) END,
             NULL, CASE WHEN (e.id + f) % 41 = 0 THEN 'not_a_bare_number' END,
             gt, now()
      FROM prediction_runs r CROSS JOIN episodes e
      CROSS JOIN LATERAL generate_series(0, ${FRAMES_PER_EPISODE - 1}) f
      CROSS JOIN LATERAL (SELECT CASE WHEN e.outcome = 'FAILURE' THEN f * 70.0 / ${FRAMES_PER_EPISODE - 1} ELSE f * 100.0 / ${FRAMES_PER_EPISODE - 1} END AS gt) g`);
  await db.$executeRawUnsafe(`ANALYZE`);
  const n = Number((await db.$queryRawUnsafe<Array<{ n: bigint }>>(`SELECT count(*) AS n FROM predictions`))[0]!.n);
  console.log(`[bench:metrics] seeded ${n.toLocaleString("en")} predictions (${RUNS} runs × ${EPISODES} episodes × ${FRAMES_PER_EPISODE} query frames) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const time = async (label: string, fn: () => Promise<unknown>) => {
    await fn(); // warm-up (plans, caches)
    const ms: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const s = performance.now();
      await fn();
      ms.push(performance.now() - s);
    }
    ms.sort((a, b) => a - b);
    console.log(`[bench:metrics] ${label}: median ${percentile(ms, 50).toFixed(0)} ms, max ${ms[ms.length - 1]!.toFixed(0)} ms (${REPEATS} runs)`);
  };

  // Bulk-written predictions leave every (run, episode) pair dirty; the first reader (or the
  // worker, or the import itself) computes their sums once.
  const r0 = performance.now();
  const pairs = await refreshPredictionSums();
  console.log(`[bench:metrics] sums of ${pairs.toLocaleString("en")} dirty (run, episode) pairs computed once after the bulk insert in ${(performance.now() - r0).toFixed(0)} ms`);

  await time("full leaderboard, no ground-truth changes", () => getLeaderboard({ since: 0 }));

  // One annotation edit's worth of changes: rewrite the ground truth of 20 episodes through the
  // change log, as the refresher would, then read the leaderboard with before/after figures.
  const eps = await db.episode.findMany({ take: 20, select: { id: true } });
  for (const e of eps) {
    const change = await db.gtChange.create({ data: { episodeId: e.id, predictions: 0 } });
    await db.$executeRawUnsafe(
      `INSERT INTO gt_change_items (change_id, prediction_id, before, after) SELECT ${change.id}, id, gt_progress, least(100, gt_progress + 5) FROM predictions WHERE episode_id = ${e.id};
       UPDATE predictions SET gt_progress = least(100, gt_progress + 5) WHERE episode_id = ${e.id};`,
    );
  }
  const r1 = performance.now();
  const changedPairs = await refreshPredictionSums();
  console.log(`[bench:metrics] sums of the ${changedPairs} pairs those changes marked dirty recomputed in ${(performance.now() - r1).toFixed(0)} ms`);
  await time("full leaderboard with 20 changed episodes (before/after figures)", () => getLeaderboard({ since: 0 }));
  await time("ground-truth refresh with nothing dirty", () => refreshGroundTruth());
  const run = await db.predictionRun.findFirstOrThrow({ orderBy: { id: "asc" } });
  await time(`run report, all metrics incl. Spearman/Kendall (${(n / RUNS).toLocaleString("en")} predictions)`, () => getRunReport({ runId: run.id }));
  await db.$disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
