// Metrics for auditing a task-progress critic against ground-truth progress.
//
// Pure module: no React, no Prisma, no Node imports, so the same numbers come out of the
// API, the CLI and the browser. Progress is in PERCENT (0..100); ŷ = prediction, y = truth.
// Every metric has its own name and exactly one definition, because published papers use
// several incompatible variants under the same label ("MRA"); a column must never mix them.
//
// Per-sample metrics
//   linear_relative_accuracy    clip(1 - |ŷ-y| / |y|, 0, 1)
//                               (the variant behind PRIMO R1's published MRA numbers)
//   threshold_relative_accuracy mean over t in MRA_THRESHOLDS = {0.50, 0.55, ..., 0.95} of
//                               [ |ŷ-y| / |y| < 1 - t ]   (VSI-Bench MRA, strict "<"),
//                               in exact arithmetic: t is taken as integer hundredths T and
//                               the test is e < 100 - T for the error in percent
//                               e = 100·|ŷ-y|/|y|. Floating point would make 1 - 0.85 =
//                               0.15000000000000002, so an error of exactly 15 % would pass
//                               t = 0.85; it does not. Binary rounding of decimal inputs
//                               (1.15 vs 1 gives e = 14.999999999999996) is absorbed by
//                               MRA_EPSILON: e within 1e-9 points of a threshold counts as on it.
//   absolute_range_accuracy     clip(1 - |ŷ-y| / 100, 0, 1)
//   (PRIMO's training rewards, the bounded linear accuracy reward among them, are lib/primo/rewards.ts.)
//   MAE / RMSE                  mean |ŷ-y| / sqrt(mean (ŷ-y)²), in progress points.
//   Acc@5 / Acc@10              share of samples with |ŷ-y| <= 5 / <= 10 points (inclusive).
//
// Ground truth 0 (GT_ZERO_RULE): both relative metrics divide by |y| and have no value at
// y = 0 (any error, however small, would be "infinitely" wrong). Those samples are left out
// of the two relative metrics and counted in `gtZero` so the UI can say how many; they
// still count in every absolute metric (MAE, RMSE, Acc@k, absolute range accuracy, interval
// MAE) and in all correlation/ranking metrics. Episode starts are exactly where y = 0, so
// silently dropping them (or dividing by zero) would flatter or break the relative numbers.
//
// Missing answers: a prediction that could not be parsed (or was flagged) arrives as
// pred = null. It is excluded from every metric and counted in `missing`; the caller shows
// coverage (answered / n) next to the numbers, because imputing a value (0, 50, ...) would
// invent an error the model did not make, or hide one it did. NaN and ±Infinity are
// treated exactly like null: a NaN prediction is a missing answer, a NaN ground truth is
// "no ground truth". Samples without ground truth are counted in `noGroundTruth` and take
// no part in anything else (not even in `n`).
//
// Progress intervals (PROGRESS_INTERVALS, by GROUND TRUTH, for interval MAE):
//   0–20 = [0,20), 20–40 = [20,40), 40–60 = [40,60), 60–80 = [60,80), 80–100 = [80,100].
//   The last one is closed so that y = 100 (task done) lands in it; values outside 0..100
//   are clamped into the first/last interval rather than dropped.
//
// Correlations (null when undefined: fewer than 2 finite pairs, or a constant series; pairs
// with a non-finite member are dropped first)
//   pearson        sample Pearson r.
//   spearman       Pearson of the average ranks (ties share the mean of their ranks), which
//                  equals scipy.stats.spearmanr.
//   kendallTauB    tau-b = (C - D) / sqrt((n0 - n1)(n0 - n2)), n0 = n(n-1)/2, n1 / n2 = pairs
//                  tied in x / in y. Knight's O(n log n) algorithm, same as scipy.stats.kendalltau.
//
// Episode-level metrics (Large Reward Models, Table V/VI). Inside an episode answered
// samples are ordered by query frame (input order breaks ties); a "step" is a pair of
// consecutive answered samples whose frames differ. Missing answers are dropped, so a step
// may span a frame whose answer was missing, rather than breaking the trajectory apart.
// Steps between two answers for the SAME frame are not steps in time and are skipped.
//   perTrajectoryPearson  mean over episodes of Pearson(ŷ, y) along the episode; episodes
//                         with < 2 answered samples or a constant ŷ or y are skipped (and
//                         counted), because r is undefined there, not 0.
//   monotonicity          successful episodes only (success === true): share of steps with
//                         ŷ_next >= ŷ_prev. A successful run should never lose progress.
//   pairwiseAccuracy      all pairs inside an episode whose y differ: share where ŷ orders
//                         them the same way; a tie in ŷ scores 0.5 (no preference = a coin).
//   directionAccuracy     steps with Δy != 0: share with sign(Δŷ) == sign(Δy); Δŷ = 0 is wrong,
//                         since a critic that never moves must not score 50 %.
//
// Other
//   rocAuc         Mann–Whitney U / (P·N): probability that a random positive scores higher
//                  than a random negative, ties 0.5. Items with a non-finite score are dropped.
//   yesNoAccuracy  share of correct yes/no answers among those given; null answers are
//                  missing (reported, not counted wrong), same policy as progress answers.

/** The documented rule for relative metrics when ground truth is 0 (they divide by |y|). */
export const GT_ZERO_RULE =
  "Relative metrics (linear and threshold relative accuracy) divide by the ground truth, so they are undefined when it is 0: " +
  "those samples are excluded from both relative metrics and counted separately; they still count in MAE, RMSE, Acc@5/10, " +
  "absolute range accuracy and the correlation and ranking metrics.";

export const PROGRESS_INTERVALS: readonly { label: string; lo: number; hi: number }[] = Object.freeze([
  Object.freeze({ label: "0–20", lo: 0, hi: 20 }),
  Object.freeze({ label: "20–40", lo: 20, hi: 40 }),
  Object.freeze({ label: "40–60", lo: 40, hi: 60 }),
  Object.freeze({ label: "60–80", lo: 60, hi: 80 }),
  Object.freeze({ label: "80–100", lo: 80, hi: 100 }),
]);

/** The VSI-Bench thresholds in integer hundredths: t = T / 100. */
export const MRA_THRESHOLD_HUNDREDTHS: readonly number[] = Object.freeze([50, 55, 60, 65, 70, 75, 80, 85, 90, 95]);
export const MRA_THRESHOLDS: readonly number[] = Object.freeze(MRA_THRESHOLD_HUNDREDTHS.map((T) => T / 100));
/** Percentage points within which an error counts as on a threshold (binary rounding of decimal inputs). */
export const MRA_EPSILON = 1e-9;

const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);
const clip01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);
const mean = (xs: readonly number[]): number | null => {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
};

// ---------------------------------------------------------------------------------------
// Per-sample building blocks

/** clip(1 - |ŷ-y|/|y|, 0, 1); null when gt is 0 (GT_ZERO_RULE) or an input is not finite. */
export function linearRelativeAccuracy(pred: number, gt: number): number | null {
  if (!finite(pred) || !finite(gt) || gt === 0) return null;
  return clip01(1 - Math.abs(pred - gt) / Math.abs(gt));
}

/** VSI-Bench MRA for one sample; null when gt is 0 (GT_ZERO_RULE) or an input is not finite. */
export function thresholdRelativeAccuracy(pred: number, gt: number): number | null {
  if (!finite(pred) || !finite(gt) || gt === 0) return null;
  // The same operations, in the same order, as the leaderboard's SQL (prediction-sums.ts).
  const e = (Math.abs(pred - gt) / Math.abs(gt)) * 100;
  let hits = 0;
  for (const T of MRA_THRESHOLD_HUNDREDTHS) if (e < 100 - T - MRA_EPSILON) hits++;
  return hits / MRA_THRESHOLD_HUNDREDTHS.length;
}

/**
 * clip(1 - |ŷ-y|/100, 0, 1). The signature has no null, so a non-finite input scores 0
 * (an unusable answer earns nothing); progressMetrics never passes one.
 */
export function absoluteRangeAccuracy(pred: number, gt: number): number {
  if (!finite(pred) || !finite(gt)) return 0;
  return clip01(1 - Math.abs(pred - gt) / 100);
}

/**
 * Index into PROGRESS_INTERVALS for a ground truth. Compared against the bounds directly
 * (not floor(gt/20)) so the table above is the single source of truth. Out-of-range values
 * clamp (gt < 0 → 0, gt >= 80 → 4, including +Infinity); NaN has no interval and gives -1.
 */
export function intervalIndex(gt: number): number {
  if (Number.isNaN(gt)) return -1;
  const last = PROGRESS_INTERVALS.length - 1;
  for (let i = 0; i < last; i++) if (gt < PROGRESS_INTERVALS[i].hi) return i;
  return last;
}

// ---------------------------------------------------------------------------------------
// Correlation primitives

function finitePairs(x: readonly number[], y: readonly number[], fn: string): [number[], number[]] {
  // A length mismatch means the caller zipped the wrong arrays; a number would be a lie.
  if (x.length !== y.length) throw new RangeError(`${fn}: x and y differ in length (${x.length} vs ${y.length})`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (finite(x[i]) && finite(y[i])) {
      xs.push(x[i]);
      ys.push(y[i]);
    }
  }
  return [xs, ys];
}

const isConstant = (v: readonly number[]) => v.every((e) => e === v[0]);

function pearsonFinite(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  // Exact equality test: the variance of a constant series computed in floating point can
  // come out as 1e-30 instead of 0 and would turn "undefined" into a random r.
  if (n < 2 || isConstant(x) || isConstant(y)) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  // Two-pass (centred) sums: the one-pass Σxy - n·x̄ȳ form loses all precision on
  // progress values that sit close together (e.g. 95..100).
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const den = Math.sqrt(sxx) * Math.sqrt(syy);
  if (!(den > 0) || !Number.isFinite(den)) return null;
  const r = sxy / den;
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/** Sample Pearson r over the pairs where both values are finite; null when undefined. */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const [xs, ys] = finitePairs(x, y, "pearson");
  return pearsonFinite(xs, ys);
}

/**
 * 1-based ranks; tied values share the mean of the ranks they occupy (scipy's "average").
 * NaN has no place in an order, so it throws; spearman/kendall drop non-finite pairs
 * before ranking and never hit this.
 */
export function averageRanks(x: readonly number[]): number[] {
  if (x.some((v) => Number.isNaN(v))) throw new RangeError("averageRanks: NaN cannot be ranked");
  const order = x.map((_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
  const ranks = new Array<number>(x.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && x[order[j + 1]] === x[order[i]]) j++;
    // positions i..j (0-based) hold ranks i+1..j+1, whose mean is (i + j)/2 + 1
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

/** Spearman ρ = Pearson of average ranks, over the finite pairs; null when undefined. */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  const [xs, ys] = finitePairs(x, y, "spearman");
  if (xs.length < 2) return null;
  return pearsonFinite(averageRanks(xs), averageRanks(ys));
}

/** Sum of t(t-1)/2 over runs of equal values in an already sorted sequence. */
function tiedPairs(sorted: readonly number[], same: (a: number, b: number) => boolean): number {
  let total = 0;
  let run = 1;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && same(i - 1, i)) run++;
    else {
      total += (run * (run - 1)) / 2;
      run = 1;
    }
  }
  return total;
}

/** Sorts `a` ascending in place and returns the number of inversions (pairs i<j, a[i] > a[j]). */
function countInversions(a: number[]): number {
  const n = a.length;
  let buf = new Array<number>(n);
  let src = a;
  let swaps = 0;
  // Bottom-up merge sort: no recursion depth to worry about on long exports.
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // "<=" keeps equal values in order: a tie in y is not a discordant pair.
        if (src[i] <= src[j]) buf[k++] = src[i++];
        else {
          swaps += mid - i; // src[j] jumps ahead of every element still waiting on the left
          buf[k++] = src[j++];
        }
      }
      while (i < mid) buf[k++] = src[i++];
      while (j < hi) buf[k++] = src[j++];
    }
    [src, buf] = [buf, src];
  }
  if (src !== a) for (let i = 0; i < n; i++) a[i] = src[i];
  return swaps;
}

/**
 * Kendall tau-b with tie correction, O(n log n) (Knight 1966), over the finite pairs.
 * Sorting by (x, y) makes every pair that is tied in x appear in ascending y, so the
 * inversions a merge sort finds in the y sequence are exactly the discordant pairs. Then
 *   C - D = n0 - n1 - n2 + n3 - 2D,
 * where n3 counts pairs tied in both (subtracted twice via n1 and n2, so added back).
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): number | null {
  const [xs, ys] = finitePairs(x, y, "kendallTauB");
  const n = xs.length;
  if (n < 2) return null;
  const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b] || ys[a] - ys[b]);
  const sx = order.map((i) => xs[i]);
  const sy = order.map((i) => ys[i]);
  const n0 = (n * (n - 1)) / 2;
  const n1 = tiedPairs(sx, (a, b) => sx[a] === sx[b]);
  const n3 = tiedPairs(sx, (a, b) => sx[a] === sx[b] && sy[a] === sy[b]);
  const discordant = countInversions(sy); // sorts sy
  const n2 = tiedPairs(sy, (a, b) => sy[a] === sy[b]);
  if (n0 === n1 || n0 === n2) return null; // one series is constant
  const tau = (n0 - n1 - n2 + n3 - 2 * discordant) / Math.sqrt((n0 - n1) * (n0 - n2));
  return tau > 1 ? 1 : tau < -1 ? -1 : tau;
}

// ---------------------------------------------------------------------------------------
// Progress metrics over a set of samples

export interface Sample {
  episodeId: number;
  frame: number; // query frame
  pred: number | null; // predicted progress 0..100, null when the answer was missing/flagged (not parsed)
  gt: number | null; // ground-truth progress 0..100, null when the episode has no ground truth
  success?: boolean; // episode outcome SUCCESS (used by monotonicity)
}

export interface ProgressMetrics {
  n: number; // samples with a ground truth
  answered: number; // of those, with a parsed prediction (all metrics below use only these)
  missing: number; // n - answered
  noGroundTruth: number; // samples whose gt was null (excluded from everything)
  gtZero: number; // answered samples with gt === 0: excluded from the two relative metrics (GT_ZERO_RULE)
  linearRelativeAccuracy: number | null; // mean over answered samples with gt != 0
  thresholdRelativeAccuracy: number | null;
  absoluteRangeAccuracy: number | null;
  mae: number | null;
  rmse: number | null;
  acc5: number | null; // share with |ŷ-y| <= 5
  acc10: number | null; // share with |ŷ-y| <= 10
  maeByInterval: { label: string; n: number; mae: number | null }[]; // by ground-truth interval; n = answered samples in it
  pearson: number | null;
  spearman: number | null;
  kendallTauB: number | null; // global, over answered samples
  // The within-episode measures, under their own names (not the LRM metrics of the same idea: lrmMetrics).
  withinEpisodePearson: { mean: number | null; episodes: number; skipped: number };
  withinEpisodeMonotonicity: { value: number | null; steps: number };
  withinEpisodePairOrder: { value: number | null; pairs: number };
  stepDirectionAgreement: { value: number | null; steps: number };
}

type Answered = { episodeId: number; frame: number; pred: number; gt: number; success: boolean; index: number };

const sign = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : 0);

export function progressMetrics(samples: readonly Sample[]): ProgressMetrics {
  let n = 0;
  let noGroundTruth = 0;
  let gtZero = 0;
  const answered: Answered[] = [];
  // Episodes that had at least one ground-truthed sample: an episode whose answers were all
  // missing is still an episode the per-trajectory Pearson could not score, so it is "skipped".
  const episodesWithGt = new Set<number>();

  samples.forEach((s, index) => {
    if (!finite(s.gt)) {
      noGroundTruth++;
      return;
    }
    n++;
    episodesWithGt.add(s.episodeId);
    if (!finite(s.pred)) return;
    if (s.gt === 0) gtZero++;
    answered.push({ episodeId: s.episodeId, frame: s.frame, pred: s.pred, gt: s.gt, success: s.success === true, index });
  });

  const lin: number[] = [];
  const thr: number[] = [];
  const absAcc: number[] = [];
  const absErr: number[] = [];
  const sqErr: number[] = [];
  const within5: number[] = [];
  const within10: number[] = [];
  const byInterval: number[][] = PROGRESS_INTERVALS.map(() => []);
  for (const a of answered) {
    const l = linearRelativeAccuracy(a.pred, a.gt);
    const t = thresholdRelativeAccuracy(a.pred, a.gt);
    if (l !== null) lin.push(l);
    if (t !== null) thr.push(t);
    const e = Math.abs(a.pred - a.gt);
    absAcc.push(absoluteRangeAccuracy(a.pred, a.gt));
    absErr.push(e);
    sqErr.push(e * e);
    within5.push(e <= 5 ? 1 : 0);
    within10.push(e <= 10 ? 1 : 0);
    byInterval[intervalIndex(a.gt)].push(e);
  }
  const mse = mean(sqErr);

  const preds = answered.map((a) => a.pred);
  const gts = answered.map((a) => a.gt);

  // Group by episode, each ordered by frame (input order breaks ties, for determinism).
  const episodes = new Map<number, Answered[]>();
  for (const a of answered) {
    const list = episodes.get(a.episodeId);
    if (list) list.push(a);
    else episodes.set(a.episodeId, [a]);
  }
  for (const list of episodes.values()) list.sort((a, b) => a.frame - b.frame || a.index - b.index);

  const trajR: number[] = [];
  let monoSteps = 0;
  let monoOk = 0;
  let pairs = 0;
  let pairScore = 0;
  let dirSteps = 0;
  let dirOk = 0;
  for (const list of episodes.values()) {
    const r = pearsonFinite(
      list.map((a) => a.pred),
      list.map((a) => a.gt),
    );
    if (r !== null) trajR.push(r);

    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1];
      const cur = list[i];
      if (cur.frame === prev.frame) continue;
      if (prev.success && cur.success) {
        monoSteps++;
        if (cur.pred >= prev.pred) monoOk++;
      }
      const dGt = cur.gt - prev.gt;
      if (dGt !== 0) {
        dirSteps++;
        if (sign(cur.pred - prev.pred) === sign(dGt)) dirOk++;
      }
    }

    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const dGt = list[j].gt - list[i].gt;
        if (dGt === 0) continue;
        pairs++;
        const dPred = list[j].pred - list[i].pred;
        if (dPred === 0) pairScore += 0.5;
        else if (sign(dPred) === sign(dGt)) pairScore += 1;
      }
    }
  }

  return {
    n,
    answered: answered.length,
    missing: n - answered.length,
    noGroundTruth,
    gtZero,
    linearRelativeAccuracy: mean(lin),
    thresholdRelativeAccuracy: mean(thr),
    absoluteRangeAccuracy: mean(absAcc),
    mae: mean(absErr),
    rmse: mse === null ? null : Math.sqrt(mse),
    acc5: mean(within5),
    acc10: mean(within10),
    maeByInterval: PROGRESS_INTERVALS.map((iv, i) => ({ label: iv.label, n: byInterval[i].length, mae: mean(byInterval[i]) })),
    pearson: pearsonFinite(preds, gts),
    spearman: preds.length < 2 ? null : pearsonFinite(averageRanks(preds), averageRanks(gts)),
    kendallTauB: kendallTauB(preds, gts),
    withinEpisodePearson: { mean: mean(trajR), episodes: trajR.length, skipped: episodesWithGt.size - trajR.length },
    withinEpisodeMonotonicity: { value: monoSteps === 0 ? null : monoOk / monoSteps, steps: monoSteps },
    withinEpisodePairOrder: { value: pairs === 0 ? null : pairScore / pairs, pairs },
    stepDirectionAgreement: { value: dirSteps === 0 ? null : dirOk / dirSteps, steps: dirSteps },
  };
}

// ---------------------------------------------------------------------------------------
// Episode-level classification metrics

/**
 * ROC-AUC via Mann–Whitney: (rank sum of positives - P(P+1)/2) / (P·N) with average ranks,
 * which gives every positive/negative score tie exactly 0.5. Null when a class is empty.
 */
export function rocAuc(items: readonly { score: number; positive: boolean }[]): number | null {
  const kept = items.filter((it) => finite(it.score));
  const ranks = averageRanks(kept.map((it) => it.score));
  let p = 0;
  let rankSum = 0;
  kept.forEach((it, i) => {
    if (it.positive) {
      p++;
      rankSum += ranks[i];
    }
  });
  const neg = kept.length - p;
  if (p === 0 || neg === 0) return null;
  return (rankSum - (p * (p + 1)) / 2) / (p * neg);
}

/** Share of correct yes/no answers among the answered; null answers are missing, not wrong. */
export function yesNoAccuracy(items: readonly { answer: boolean | null; truth: boolean }[]): {
  value: number | null;
  answered: number;
  missing: number;
} {
  let answered = 0;
  let correct = 0;
  for (const it of items) {
    if (it.answer === null || it.answer === undefined) continue;
    answered++;
    if (it.answer === it.truth) correct++;
  }
  return { value: answered === 0 ? null : correct / answered, answered, missing: items.length - answered };
}

// ---------------------------------------------------------------------------------------------
// Large Reward Models' open-loop metrics, as `compute_progress_completion_metrics` in
// physical-superintelligence-lab/Large-Reward-Models eval/compute_openloop_metrics.py
// (@ 2068913) defines them, over trajectories (episodes):
//   rocAuc              ROC-AUC of each trajectory's final score against its success.
//   pairwiseAccuracy    success × failure trajectory pairs: share where the success's final
//                       score is strictly higher (a tie counts as wrong).
//   globalPearson       Pearson of (sum of the trajectory's scores, its total oracle reward)
//                       over trajectories; needs ≥ 3 and neither side constant (std > 1e-8).
//   perTrajectoryPearson mean (and population std) over trajectories of Pearson(scores,
//                       cumulative oracle), trajectories with ≥ 3 steps and neither side
//                       constant (std > 1e-8) only.
// Here a trajectory is an episode with ground truth and a known outcome; its scores are the
// answered progress predictions in query-frame order, its cumulative oracle the ground-truth
// progress at those frames, and its total oracle reward the last of those.

export interface LrmTrajectory {
  success: boolean;
  /** The model's scores in time order. */
  scores: readonly number[];
  /** The cumulative oracle (ground-truth progress) at the same steps. */
  oracle: readonly number[];
}

export interface LrmMetrics {
  trajectories: number;
  successes: number;
  failures: number;
  rocAuc: number | null;
  pairwiseAccuracy: { value: number | null; pairs: number };
  globalPearson: number | null;
  perTrajectoryPearson: { mean: number | null; std: number | null; trajectories: number };
}

/** numpy's np.std (population, ddof = 0), two-pass. */
function populationStd(v: readonly number[]): number {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - m) * (b - m), 0) / v.length);
}

export function lrmMetrics(trajs: readonly LrmTrajectory[]): LrmMetrics {
  const kept = trajs.filter((t) => t.scores.length > 0);
  const successes = kept.filter((t) => t.success).length;
  const failures = kept.length - successes;
  const finalScore = (t: LrmTrajectory) => t.scores[t.scores.length - 1]!;
  let correct = 0;
  let pairs = 0;
  for (const s of kept) {
    if (!s.success) continue;
    for (const f of kept) {
      if (f.success) continue;
      pairs++;
      if (finalScore(s) > finalScore(f)) correct++;
    }
  }
  const totals = kept.map((t) => t.scores.reduce((a, b) => a + b, 0));
  const totalOracle = kept.map((t) => t.oracle[Math.min(t.oracle.length, t.scores.length) - 1] ?? 0);
  const globalPearson = kept.length >= 3 && populationStd(totals) > 1e-8 && populationStd(totalOracle) > 1e-8 ? pearson(totals, totalOracle) : null;
  const rs: number[] = [];
  for (const t of kept) {
    const n = Math.min(t.scores.length, t.oracle.length);
    if (n < 3) continue;
    const x = t.scores.slice(0, n);
    const y = t.oracle.slice(0, n);
    if (populationStd(x) < 1e-8 || populationStd(y) < 1e-8) continue;
    const r = pearson(x, y);
    if (r !== null) rs.push(r);
  }
  return {
    trajectories: kept.length,
    successes,
    failures,
    rocAuc: successes > 0 && failures > 0 ? rocAuc(kept.map((t) => ({ score: finalScore(t), positive: t.success }))) : null,
    pairwiseAccuracy: { value: pairs > 0 ? correct / pairs : null, pairs },
    globalPearson,
    perTrajectoryPearson: { mean: rs.length ? rs.reduce((a, b) => a + b, 0) / rs.length : null, std: rs.length ? populationStd(rs) : null, trajectories: rs.length },
  };
}

// ---------------------------------------------------------------------------------------------
// Temporal-contrastive metrics, after `compute_contrastive_metrics` in
// physical-superintelligence-lab/Large-Reward-Models eval/compute_openloop_metrics.py
// (@ 5845ab0f7c3c6a0bef8bd37bf7f07e9533f7ed2f L156–223). A comparison says which of two frames is
// further along: +1 the later (query) frame, −1 the earlier (reference) one, 0 neither. Its truth is
// the sign of the ground-truth change between the two frames (the harness's per-step oracle reward).
//   direction accuracy   share of comparisons whose sign equals the truth's, 0 = 0 counting as
//                        correct (L182: (v > 0 and o > 0) or (v < 0 and o < 0) or (v == 0 and o == 0));
//   progress recall      among comparisons where the truth moved forward (o > 0), the share the
//                        model called forward (v > 0);
//   monotonicity         per successful trajectory with ≥ 2 comparisons, the share of the steps of
//                        the cumulative score (np.diff(np.cumsum(v))) that are ≥ 0, averaged.
// Here a trajectory is an episode with ground truth and a known outcome; its comparisons are taken
// in query-frame order.

export interface ContrastiveTrajectory {
  success: boolean;
  /** The model's answers (+1 / −1 / 0) in time order. */
  answers: readonly number[];
  /** Ground-truth progress change (query frame minus reference frame) for each answer. */
  truth: readonly number[];
}

export interface ContrastiveMetrics {
  trajectories: number;
  comparisons: number;
  directionAccuracy: number | null;
  progressRecall: { value: number | null; forward: number };
  monotonicity: { value: number | null; trajectories: number };
}

/** Ground-truth changes smaller than this are no change (curves are computed in floating point). */
export const CONTRASTIVE_TIE = 1e-9;

export function contrastiveMetrics(trajs: readonly ContrastiveTrajectory[]): ContrastiveMetrics {
  let comparisons = 0;
  let correct = 0;
  let forward = 0;
  let recalled = 0;
  const monos: number[] = [];
  for (const t of trajs) {
    const n = Math.min(t.answers.length, t.truth.length);
    for (let i = 0; i < n; i++) {
      const v = t.answers[i]!;
      const d = t.truth[i]!;
      const o = Math.abs(d) < CONTRASTIVE_TIE ? 0 : d;
      comparisons++;
      if ((v > 0 && o > 0) || (v < 0 && o < 0) || (v === 0 && o === 0)) correct++;
      if (o > 0) {
        forward++;
        if (v > 0) recalled++;
      }
    }
    if (t.success && t.answers.length >= 2) {
      // np.diff(np.cumsum(v)) is v[1:]
      const steps = t.answers.slice(1);
      monos.push(steps.filter((s) => s >= 0).length / steps.length);
    }
  }
  return {
    trajectories: trajs.length,
    comparisons,
    directionAccuracy: comparisons > 0 ? correct / comparisons : null,
    progressRecall: { value: forward > 0 ? recalled / forward : null, forward },
    monotonicity: { value: monos.length ? monos.reduce((a, b) => a + b, 0) / monos.length : null, trajectories: monos.length },
  };
}
