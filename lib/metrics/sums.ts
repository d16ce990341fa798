// Leaderboard cells are built from additive sums, so that
//   - PostgreSQL computes them in one scan over any number of predictions (lib/metrics/leaderboard.ts),
//   - the figures "before" a ground-truth change are the current sums minus the changed
//     predictions' contributions plus their old ones, without a second full scan,
//   - and every figure is the same definition as lib/metrics/metrics.ts: `sumsOf` below builds
//     the sums with that module's per-sample functions, and tests/integration/leaderboard.test.ts
//     checks the SQL against it.
import { absoluteRangeAccuracy, linearRelativeAccuracy, thresholdRelativeAccuracy } from "./metrics";

export interface Sums {
  /** Progress predictions in the group. */
  total: number;
  /** With a ground truth. */
  n: number;
  /** With a ground truth and a parsed answer: every metric below is over these. */
  answered: number;
  /** Passing the PRIMO format check (of total). */
  formatOk: number;
  /** Answered with ground truth 0: left out of the relative metrics (GT_ZERO_RULE). */
  gtZero: number;
  lraSum: number;
  traSum: number;
  araSum: number;
  absSum: number;
  sqSum: number;
  acc5: number;
  acc10: number;
  sx: number;
  sy: number;
  sxx: number;
  syy: number;
  sxy: number;
}

export const SUM_KEYS = ["total", "n", "answered", "formatOk", "gtZero", "lraSum", "traSum", "araSum", "absSum", "sqSum", "acc5", "acc10", "sx", "sy", "sxx", "syy", "sxy"] as const satisfies readonly (keyof Sums)[];

export function emptySums(): Sums {
  return Object.fromEntries(SUM_KEYS.map((k) => [k, 0])) as unknown as Sums;
}

/** a + sign·b, key by key. */
export function addSums(a: Sums, b: Sums, sign: 1 | -1 = 1): Sums {
  const out = emptySums();
  for (const k of SUM_KEYS) out[k] = a[k] + sign * b[k];
  return out;
}

export interface SumSample {
  /** Predicted progress 0..100, null when the answer was flagged. */
  pred: number | null;
  gt: number | null;
  formatOk: boolean;
}

const finite = (v: number | null): v is number => v !== null && Number.isFinite(v);

/** The sums of a list of samples, with the per-sample definitions of lib/metrics/metrics.ts. */
export function sumsOf(samples: readonly SumSample[]): Sums {
  const s = emptySums();
  for (const x of samples) {
    s.total++;
    if (x.formatOk) s.formatOk++;
    if (!finite(x.gt)) continue;
    s.n++;
    if (!finite(x.pred)) continue;
    const y = x.gt;
    const p = x.pred;
    const err = Math.abs(p - y);
    s.answered++;
    if (y === 0) s.gtZero++;
    else {
      s.lraSum += linearRelativeAccuracy(p, y)!;
      s.traSum += thresholdRelativeAccuracy(p, y)!;
    }
    s.araSum += absoluteRangeAccuracy(p, y);
    s.absSum += err;
    s.sqSum += err * err;
    if (err <= 5) s.acc5++;
    if (err <= 10) s.acc10++;
    s.sx += p;
    s.sy += y;
    s.sxx += p * p;
    s.syy += y * y;
    s.sxy += p * y;
  }
  return s;
}

export interface Cell {
  total: number;
  n: number;
  answered: number;
  /** answered / n: the share of samples the figures are over. */
  coverage: number | null;
  formatRate: number | null;
  gtZero: number;
  linearRelativeAccuracy: number | null;
  thresholdRelativeAccuracy: number | null;
  absoluteRangeAccuracy: number | null;
  mae: number | null;
  rmse: number | null;
  acc5: number | null;
  acc10: number | null;
  pearson: number | null;
}

export const CELL_METRICS = [
  "linearRelativeAccuracy",
  "thresholdRelativeAccuracy",
  "absoluteRangeAccuracy",
  "mae",
  "rmse",
  "acc5",
  "acc10",
  "pearson",
  "coverage",
  "formatRate",
] as const satisfies readonly (keyof Cell)[];
export type CellMetric = (typeof CELL_METRICS)[number];

/** Metrics where lower is better (the leaderboard bolds the minimum). */
export const LOWER_IS_BETTER: ReadonlySet<CellMetric> = new Set(["mae", "rmse"]);

/** Pearson from sums; null when either series is constant (relative to its size, as the sums carry rounding). */
function pearsonFromSums(s: Sums): number | null {
  const n = s.answered;
  if (n < 2) return null;
  const vx = n * s.sxx - s.sx * s.sx;
  const vy = n * s.syy - s.sy * s.sy;
  if (vx <= 1e-9 * n * s.sxx || vy <= 1e-9 * n * s.syy) return null;
  const r = (n * s.sxy - s.sx * s.sy) / Math.sqrt(vx * vy);
  return Math.max(-1, Math.min(1, r));
}

export function cellFromSums(s: Sums): Cell {
  const a = s.answered;
  const rel = a - s.gtZero;
  const per = (v: number) => (a > 0 ? v / a : null);
  return {
    total: s.total,
    n: s.n,
    answered: a,
    coverage: s.n > 0 ? a / s.n : null,
    formatRate: s.total > 0 ? s.formatOk / s.total : null,
    gtZero: s.gtZero,
    linearRelativeAccuracy: rel > 0 ? s.lraSum / rel : null,
    thresholdRelativeAccuracy: rel > 0 ? s.traSum / rel : null,
    absoluteRangeAccuracy: per(s.araSum),
    mae: per(s.absSum),
    rmse: a > 0 ? Math.sqrt(s.sqSum / a) : null,
    acc5: per(s.acc5),
    acc10: per(s.acc10),
    pearson: pearsonFromSums(s),
  };
}
