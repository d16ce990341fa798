// Pure helpers for the leaderboard page: metric names, number formatting and best-value
// picking. Every figure on the page goes through `formatMetric` so a column never mixes
// precisions or scales, and through `METRIC_LABEL` so it never carries an ambiguous name
// ("MRA" means two different things in the literature; see lib/metrics/metrics.ts).
import type { BenchmarkSplitName as BenchmarkSplit } from "@/lib/contract/leaderboard";
import { CELL_METRICS, LOWER_IS_BETTER, type CellMetric } from "@/lib/metrics/sums";

export { CELL_METRICS, LOWER_IS_BETTER, type CellMetric };

/** The splits shown by default; TRAIN only on request (training episodes are not a benchmark). */
export const TEST_SPLITS = ["ID", "OOD_CROSS_TASK", "OOD_CROSS_ENV"] as const satisfies readonly BenchmarkSplit[];

export function splitsParam(showTraining: boolean): string {
  return [...TEST_SPLITS, ...(showTraining ? (["TRAIN"] as const) : [])].join(",");
}

/** The exact metric names, as a paper's table would need them. */
export const METRIC_LABEL: Record<CellMetric, string> = {
  linearRelativeAccuracy: "MRA (linear relative accuracy)",
  thresholdRelativeAccuracy: "Threshold relative accuracy (VSI-Bench MRA)",
  absoluteRangeAccuracy: "Absolute range accuracy",
  mae: "MAE",
  rmse: "RMSE",
  acc5: "Acc@5",
  acc10: "Acc@10",
  pearson: "Pearson r",
  coverage: "Coverage (answered / with ground truth)",
  formatRate: "PRIMO format pass rate",
};

/** What the figure is in, said once in each table's caption. */
export const METRIC_UNIT: Record<CellMetric, string> = {
  linearRelativeAccuracy: "%",
  thresholdRelativeAccuracy: "%",
  absoluteRangeAccuracy: "%",
  mae: "progress points",
  rmse: "progress points",
  acc5: "% of answered within 5 points",
  acc10: "% of answered within 10 points",
  pearson: "r, −1…1",
  coverage: "%",
  formatRate: "% of all predictions",
};

const PERCENT: ReadonlySet<CellMetric> = new Set(["linearRelativeAccuracy", "thresholdRelativeAccuracy", "absoluteRangeAccuracy", "acc5", "acc10", "coverage", "formatRate"]);

export function isPercent(m: CellMetric): boolean {
  return PERCENT.has(m);
}

/** "↓" for lower-is-better metrics, "↑" otherwise, as PRIMO Table 1's headers. */
export function direction(m: CellMetric): "↑" | "↓" {
  return LOWER_IS_BETTER.has(m) ? "↓" : "↑";
}

export function metricHeader(m: CellMetric): string {
  return `${METRIC_LABEL[m]} ${direction(m)}`;
}

export const EMPTY = "—";

/** Accuracies as percentages with 2 decimals (0.8767 → "87.67"), MAE/RMSE with 2, Pearson with 3. */
export function formatMetric(m: CellMetric, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return EMPTY;
  if (PERCENT.has(m)) return (v * 100).toFixed(2);
  if (m === "pearson") return v.toFixed(3);
  return v.toFixed(2);
}

/** MAE of an interval or an episode (progress points). */
export function formatMae(v: number | null | undefined): string {
  return formatMetric("mae", v);
}

/**
 * Indexes of the best values of a column (max, or min for LOWER_IS_BETTER), compared at the
 * precision shown so that two values that read the same are both bold. Empty when no value.
 */
export function bestIndexes(m: CellMetric, values: readonly (number | null | undefined)[]): Set<number> {
  const shown = values.map((v) => {
    const s = formatMetric(m, v);
    return s === EMPTY ? null : Number(s);
  });
  const present = shown.filter((v): v is number => v !== null);
  const out = new Set<number>();
  if (present.length === 0) return out;
  const best = LOWER_IS_BETTER.has(m) ? Math.min(...present) : Math.max(...present);
  shown.forEach((v, i) => {
    if (v === best) out.add(i);
  });
  return out;
}

/** The environments a row's Average of `m` is taken over: those of its cells with a value. */
export function averageCover(m: CellMetric, cells: Record<number, Partial<Record<CellMetric, number | null>> | undefined>, envIds: readonly number[]): number[] {
  return envIds.filter((id) => cells[id]?.[m] != null);
}

/**
 * Best Averages: an Average over other environments is another number, so the best is marked
 * only among rows averaged over the same environments, and only where at least two such rows
 * compare (or the table has one row).
 */
export function averageBestIndexes(
  m: CellMetric,
  rows: ReadonlyArray<{ cells: Record<number, Partial<Record<CellMetric, number | null>> | undefined>; average: Partial<Record<CellMetric, number | null>> }>,
  envIds: readonly number[],
): Set<number> {
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const key = averageCover(m, r.cells, envIds).join(",");
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const out = new Set<number>();
  for (const members of groups.values()) {
    if (members.length < 2 && rows.length > 1) continue;
    const best = bestIndexes(m, members.map((i) => rows[i]!.average[m] ?? null));
    for (const j of best) out.add(members[j]!);
  }
  return out;
}

/**
 * "answered 93%" when not every sample with ground truth has a parsed answer; null at full
 * coverage or without ground truth. Rounded, but never up to 100 % (99.6 % reads "99%").
 */
export function coverageNote(coverage: number | null | undefined): string | null {
  if (coverage === null || coverage === undefined || !Number.isFinite(coverage) || coverage >= 1) return null;
  return `answered ${Math.min(99, Math.round(coverage * 100))}%`;
}

/** Same tolerance as the server's change detection. */
export function sameValue(a: number | null | undefined, b: number | null | undefined): boolean {
  const x = a ?? null;
  const y = b ?? null;
  return x === null || y === null ? x === y : Math.abs(x - y) < 1e-9;
}

/** The metrics to show: the first, plus the second when it is a different one. */
export function shownMetrics(first: CellMetric, second: CellMetric | ""): CellMetric[] {
  return second && second !== first ? [first, second] : [first];
}

/** Selected run ids as the API's `runs=` parameter (sorted, so the query key is stable); undefined = all runs. */
export function runsParam(ids: readonly number[]): string | undefined {
  return ids.length ? [...new Set(ids)].sort((a, b) => a - b).join(",") : undefined;
}

export function isCellMetric(s: string): s is CellMetric {
  return (CELL_METRICS as readonly string[]).includes(s);
}
