// The leaderboard: runs against environments per benchmark split (PRIMO Table 1), MAE per
// ground-truth interval (PRIMO Fig. 4) and the worst episodes. The figures are roll-ups of the
// additive sums kept per (run, episode, interval) in `prediction_sums` (lib/metrics/prediction-sums.ts);
// cells are derived from them in TypeScript (lib/metrics/sums.ts). When ground truth has
// changed since the figures a user last acknowledged, each cell also carries its previous
// value, computed from the change log without rescanning everything.
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { BENCHMARK_SPLITS, SPLIT_LABEL, type BenchmarkSplit } from "@/lib/predictions/benchmark-split";
import { refreshGroundTruth } from "@/lib/predictions/ground-truth";
import { GT_ZERO_RULE, PROGRESS_INTERVALS } from "./metrics";
import { SUM_COLUMNS, refreshPredictionSums, storedSumsSql, sumsByEpisodeSql, toSums, type SumColumns } from "./prediction-sums";
import { describeScope, scopeSplitsSql, type MetricScope, type ScopeDescription } from "./scope";
import { CELL_METRICS, addSums, cellFromSums, emptySums, type Cell, type CellMetric, type Sums } from "./sums";

type SumRow = SumColumns & {
  run_id: number;
  split: BenchmarkSplit;
  environment_id: number | null;
  bucket: number | null;
  episode_id: number | null;
};

const ROLLUP_SQL = Prisma.raw(SUM_COLUMNS.map((c) => `sum(pre.${c})::float8 AS ${c}`).join(", "));

/**
 * Sums per (run, split, environment), (run, split, interval) and (run, split, episode), rolled
 * up from `perEpisode` (rows of sumsByEpisodeSql: run_id, episode_id, bucket and the sum
 * columns) joined to the splits of the episodes in scope (lib/metrics/scope.ts). Sums are additive, so the roll-up is exact. Bucket -1
 * (no ground truth) yields a (run, split, -1) group, which SumTable ignores.
 */
function groupedSums(perEpisode: Prisma.Sql, splits: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH split AS MATERIALIZED (${splits}),
    pre AS MATERIALIZED (${perEpisode})
    SELECT pre.run_id, sp.split, sp.environment_id, pre.bucket, pre.episode_id, ${ROLLUP_SQL}
    FROM pre JOIN split sp ON sp.episode_id = pre.episode_id
    GROUP BY GROUPING SETS ((pre.run_id, sp.split, sp.environment_id), (pre.run_id, sp.split, pre.bucket), (pre.run_id, sp.split, pre.episode_id))`;
}

/**
 * Runs a leaderboard query with enough memory for its hash tables (no spilling to disk) and
 * without JIT: the query is cheap per row but has many expressions, and compiling them cost
 * more (about a second on a million rows) than it saved.
 */
function sumsQuery(perEpisode: Prisma.Sql, splits: Prisma.Sql): Promise<SumRow[]> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL work_mem = '256MB'`;
    await tx.$executeRaw`SET LOCAL jit = off`;
    return tx.$queryRaw<SumRow[]>(groupedSums(perEpisode, splits));
  });
}

class SumTable {
  cells = new Map<string, Sums>();
  intervals = new Map<string, Sums>();
  episodes = new Map<string, Sums>();
  add(rows: SumRow[], sign: 1 | -1 = 1) {
    for (const r of rows) {
      const [map, key] =
        r.environment_id !== null ? [this.cells, `${r.run_id}|${r.split}|${r.environment_id}`]
        : r.bucket !== null && r.bucket >= 0 ? [this.intervals, `${r.run_id}|${r.split}|${r.bucket}`]
        : r.episode_id !== null ? [this.episodes, `${r.run_id}|${r.split}|${r.episode_id}`]
        : [null, ""];
      if (!map) continue; // bucket -1: the samples without ground truth
      map.set(key, addSums(map.get(key) ?? emptySums(), toSums(r), sign));
    }
  }
}

export interface CellWithPrevious extends Cell {
  /** The same cell before the ground-truth changes the user has not acknowledged (only when different). */
  previous?: Cell;
}

export interface LeaderboardRow {
  runId: number;
  runName: string;
  modelName: string;
  /** False when some prediction of the run saw the whole trajectory. */
  causal: boolean;
  cells: Record<number, CellWithPrevious>;
  /** Mean of the environment cells (each metric over the environments that have a value), like PRIMO's Average column. */
  average: Partial<Record<CellMetric, number | null>>;
  previousAverage?: Partial<Record<CellMetric, number | null>>;
  /** All of the split's predictions of the run pooled. */
  pooled: CellWithPrevious;
}

export interface Leaderboard {
  generatedAt: string;
  gtZeroRule: string;
  /** Which ground truth and splits the figures use (lib/metrics/scope.ts). */
  scope: ScopeDescription;
  intervalLabels: string[];
  splits: {
    split: BenchmarkSplit;
    label: string;
    environments: { id: number; name: string }[];
    rows: LeaderboardRow[];
    intervals: { runId: number; runName: string; mae: (number | null)[]; n: number[]; previousMae?: (number | null)[] }[];
    worst: { runId: number; runName: string; episodeId: number; episodeKey: string; taskInstruction: string; mae: number; answered: number; previousMae?: number | null }[];
  }[];
  changes: {
    /** Changes after this id are "new" to the user. */
    since: number;
    latest: number;
    episodes: { episodeId: number; episodeKey: string; predictions: number; at: string; author: string | null; annotationVersion: number | null }[];
    predictions: number;
  };
}

const same = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-9);
function cellChanged(a: Cell, b: Cell) {
  return CELL_METRICS.some((m) => !same(a[m], b[m])) || a.n !== b.n || a.answered !== b.answered;
}

function macroAverage(cells: Cell[]): Partial<Record<CellMetric, number | null>> {
  const out: Partial<Record<CellMetric, number | null>> = {};
  for (const m of CELL_METRICS) {
    const vals = cells.map((c) => c[m]).filter((v): v is number => v !== null);
    out[m] = vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null;
  }
  return out;
}

export async function getLeaderboard(
  opts: { runIds?: number[]; since?: number; worst?: number; splits?: BenchmarkSplit[]; scope?: MetricScope; causality?: "causal" | "full-trajectory" } = {},
): Promise<Leaderboard> {
  await refreshGroundTruth();
  const listed = await db.predictionRun.findMany({
    where: opts.runIds?.length ? { id: { in: opts.runIds } } : {},
    select: { id: true, name: true, modelName: true, causal: true },
    orderBy: { id: "asc" },
  });
  // A run that saw whole trajectories is not comparable with causal ones: marked, and filterable.
  const nonCausal = new Set(listed.filter((r) => !r.causal).map((r) => r.id));
  const runs = listed.filter((r) => (opts.causality === "causal" ? !nonCausal.has(r.id) : opts.causality === "full-trajectory" ? nonCausal.has(r.id) : true));
  const runIds = runs.map((r) => r.id);
  const splitsWanted = new Set<BenchmarkSplit>(opts.splits?.length ? opts.splits : BENCHMARK_SPLITS);
  await refreshPredictionSums();
  const current = new SumTable();
  // Only the episodes in scope have splits: approved only, or the episodes of a release.
  const scope = opts.scope ?? { approvedOnly: false, release: null };
  const splitsSql = scopeSplitsSql(scope);
  current.add(await sumsQuery(storedSumsSql(runIds), splitsSql));

  // Figures before unacknowledged changes: current sums − the changed predictions' current
  // contributions + their contributions with the ground truth they had before the first change.
  const latest = (await db.gtChange.aggregate({ _max: { id: true } }))._max.id ?? 0;
  const since = Math.min(opts.since ?? latest, latest);
  let previous: SumTable | null = null;
  const changeEpisodes: Leaderboard["changes"]["episodes"] = [];
  let changedPredictions = 0;
  if (since < latest) {
    const changedSource = (column: "after" | "before") => Prisma.sql`
      SELECT p.run_id, p.episode_id, p.progress AS yhat,
             ${column === "after" ? Prisma.sql`p.gt_progress` : Prisma.sql`b.before`} AS y, p.format_ok AS fmt
      FROM (SELECT DISTINCT ON (i.prediction_id) i.prediction_id, i.before FROM gt_change_items i
            WHERE i.change_id > ${since} ORDER BY i.prediction_id, i.change_id) b
      JOIN predictions p ON p.id = b.prediction_id
      WHERE p.question_type = 'PROGRESS' AND p.run_id = ANY(${runIds}::int[])`;
    const [now, before] = await Promise.all([sumsQuery(sumsByEpisodeSql(changedSource("after")), splitsSql), sumsQuery(sumsByEpisodeSql(changedSource("before")), splitsSql)]);
    previous = new SumTable();
    for (const [name, m] of [["cells", current.cells], ["intervals", current.intervals], ["episodes", current.episodes]] as const) {
      for (const [k, v] of m) previous[name].set(k, v);
    }
    previous.add(now, -1);
    previous.add(before, 1);
    // The banner lists only the changes of episodes in scope: the others are in no figure.
    const inScope =
      scope.approvedOnly || scope.release ? (await db.$queryRaw<{ episode_id: number }[]>`SELECT episode_id FROM (${splitsSql}) s`).map((r) => r.episode_id) : null;
    const changes = await db.gtChange.findMany({
      where: { id: { gt: since }, ...(inScope ? { episodeId: { in: inScope } } : {}) },
      orderBy: { id: "desc" },
      take: 200,
      select: { id: true, episodeId: true, predictions: true, createdAt: true, annotationVersion: true, author: { select: { name: true } }, episode: { select: { sourceKey: true } } },
    });
    const seen = new Set<number>();
    for (const c of changes) {
      changedPredictions += c.predictions;
      if (seen.has(c.episodeId)) continue;
      seen.add(c.episodeId);
      changeEpisodes.push({ episodeId: c.episodeId, episodeKey: c.episode.sourceKey, predictions: c.predictions, at: c.createdAt.toISOString(), author: c.author?.name ?? null, annotationVersion: c.annotationVersion });
    }
  }

  const envIds = new Set<number>();
  for (const k of current.cells.keys()) envIds.add(Number(k.split("|")[2]));
  const envs = await db.environment.findMany({ where: { id: { in: [...envIds] } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
  const runName = new Map(runs.map((r) => [r.id, r]));
  const worstN = opts.worst ?? 10;

  const splits: Leaderboard["splits"] = [];
  for (const split of BENCHMARK_SPLITS) {
    if (!splitsWanted.has(split)) continue;
    const envsHere = envs.filter((e) => runs.some((r) => current.cells.has(`${r.id}|${split}|${e.id}`)));
    if (envsHere.length === 0) continue;
    const rows: LeaderboardRow[] = [];
    const intervals: Leaderboard["splits"][number]["intervals"] = [];
    for (const r of runs) {
      const envCells: Record<number, CellWithPrevious> = {};
      const cellList: Cell[] = [];
      const prevList: Cell[] = [];
      let pooled = emptySums();
      let pooledPrev = emptySums();
      for (const e of envsHere) {
        const key = `${r.id}|${split}|${e.id}`;
        const s = current.cells.get(key);
        if (!s) continue;
        pooled = addSums(pooled, s);
        const cell: CellWithPrevious = cellFromSums(s);
        cellList.push(cell);
        const ps = previous?.cells.get(key);
        if (ps) {
          pooledPrev = addSums(pooledPrev, ps);
          const pc = cellFromSums(ps);
          prevList.push(pc);
          if (cellChanged(cell, pc)) cell.previous = pc;
        } else prevList.push(cell);
        envCells[e.id] = cell;
      }
      if (cellList.length === 0) continue;
      const pooledCell: CellWithPrevious = cellFromSums(pooled);
      if (previous) {
        const pc = cellFromSums(pooledPrev);
        if (cellChanged(pooledCell, pc)) pooledCell.previous = pc;
      }
      const average = macroAverage(cellList);
      const prevAverage = previous ? macroAverage(prevList) : undefined;
      rows.push({
        runId: r.id,
        runName: r.name,
        modelName: r.modelName,
        causal: !nonCausal.has(r.id),
        cells: envCells,
        average,
        ...(prevAverage && CELL_METRICS.some((m) => !same(prevAverage[m] ?? null, average[m] ?? null)) ? { previousAverage: prevAverage } : {}),
        pooled: pooledCell,
      });
      const mae: (number | null)[] = [];
      const n: number[] = [];
      const prevMae: (number | null)[] = [];
      PROGRESS_INTERVALS.forEach((_, b) => {
        const s = current.intervals.get(`${r.id}|${split}|${b}`);
        const c = s ? cellFromSums(s) : null;
        mae.push(c?.mae ?? null);
        n.push(c?.answered ?? 0);
        const ps = previous?.intervals.get(`${r.id}|${split}|${b}`);
        prevMae.push(ps ? cellFromSums(ps).mae : (c?.mae ?? null));
      });
      intervals.push({ runId: r.id, runName: r.name, mae, n, ...(previous && prevMae.some((v, i) => !same(v, mae[i])) ? { previousMae: prevMae } : {}) });
    }
    const worstAll: { runId: number; episodeId: number; mae: number; answered: number; previousMae?: number | null }[] = [];
    for (const [k, s] of current.episodes) {
      const [run, sp, ep] = k.split("|");
      if (sp !== split) continue;
      const c = cellFromSums(s);
      if (c.mae === null) continue;
      const ps = previous?.episodes.get(k);
      const pm = ps ? cellFromSums(ps).mae : c.mae;
      worstAll.push({ runId: Number(run), episodeId: Number(ep), mae: c.mae, answered: c.answered, ...(same(pm, c.mae) ? {} : { previousMae: pm }) });
    }
    worstAll.sort((a, b) => b.mae - a.mae || a.episodeId - b.episodeId);
    const worstTop = worstAll.slice(0, worstN);
    const names = await db.episode.findMany({
      where: { id: { in: worstTop.map((w) => w.episodeId) } },
      select: { id: true, sourceKey: true, task: { select: { instruction: true } } },
    });
    const nameOf = new Map(names.map((e) => [e.id, e]));
    splits.push({
      split,
      label: SPLIT_LABEL[split],
      environments: envsHere,
      rows,
      intervals,
      worst: worstTop.map((w) => ({
        ...w,
        runName: runName.get(w.runId)?.name ?? String(w.runId),
        episodeKey: nameOf.get(w.episodeId)?.sourceKey ?? String(w.episodeId),
        taskInstruction: nameOf.get(w.episodeId)?.task.instruction ?? "",
      })),
    });
  }

  return {
    generatedAt: new Date().toISOString(),
    gtZeroRule: GT_ZERO_RULE,
    scope: describeScope(scope),
    intervalLabels: PROGRESS_INTERVALS.map((i) => i.label),
    splits,
    changes: { since, latest, episodes: changeEpisodes, predictions: changedPredictions },
  };
}

/** Marks every ground-truth change up to `changeId` as seen by the user. */
export async function acknowledgeChanges(opts: { userId: number; changeId: number }) {
  await db.user.update({ where: { id: opts.userId }, data: { metricsSeenChangeId: opts.changeId } });
}

export async function seenChangeId(userId: number): Promise<number> {
  const u = await db.user.findUnique({ where: { id: userId }, select: { metricsSeenChangeId: true } });
  return u?.metricsSeenChangeId ?? 0;
}

const CSV_METRICS: CellMetric[] = ["linearRelativeAccuracy", "thresholdRelativeAccuracy", "absoluteRangeAccuracy", "mae", "rmse", "acc5", "acc10", "pearson", "coverage", "formatRate"];

/**
 * One row per run × split × environment (plus the split's Average), every metric in its own named
 * column; `causal` says whether the run's model saw only frames up to each query frame, and an
 * Average row's `environments` how many environments it averages (of the split's).
 */
export function leaderboardCsv(lb: Leaderboard): string {
  const header = ["split", "environment", "run", "model", "causal", "environments", "predictions", "with_ground_truth", "answered", "gt_zero_excluded_from_relative", ...CSV_METRICS.map(snake)];
  const lines = [header.join(",")];
  const num = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(Number(v.toFixed(6))));
  for (const s of lb.splits) {
    for (const r of s.rows) {
      for (const e of s.environments) {
        const c = r.cells[e.id];
        if (!c) continue;
        lines.push([s.split, csvText(e.name), csvText(r.runName), csvText(r.modelName), r.causal, 1, c.total, c.n, c.answered, c.gtZero, ...CSV_METRICS.map((m) => num(c[m]))].join(","));
      }
      const covered = s.environments.filter((e) => r.cells[e.id]).length;
      lines.push([s.split, "Average (mean of environments)", csvText(r.runName), csvText(r.modelName), r.causal, `${covered} of ${s.environments.length}`, "", "", "", "", ...CSV_METRICS.map((m) => num(r.average[m]))].join(","));
    }
  }
  return lines.join("\n") + "\n";
}

function snake(s: string) {
  return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/(\d+)/, "_$1");
}

function csvText(s: string) {
  // Quote always, and neutralise spreadsheet formulas in names people typed.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}
