// The run report as table rows: every metric under its own exact name, its value, what it was
// computed over and its one definition (lib/metrics/metrics.ts). Pure, so it is unit-tested.
import type { SplitReportView } from "./use-runs";
import { formatCorrelation, formatNumber, formatShare, plural } from "./format";

export interface MetricRow {
  key: string;
  name: string;
  value: string;
  /** What the number was computed over ("120 samples", "8 episodes, 1 skipped"). */
  basis: string;
  definition: string;
  /** A sub-row (MAE per interval). */
  sub?: boolean;
}

export function metricRows(s: SplitReportView): MetricRow[] {
  const p = s.progress;
  const samples = (n: number) => plural(n, "sample");
  const relative = p.answered - p.gtZero;
  const rows: MetricRow[] = [
    {
      key: "linearRelativeAccuracy",
      name: "Linear relative accuracy (MRA)",
      value: formatShare(p.linearRelativeAccuracy),
      basis: samples(relative),
      definition: "Mean of clip(1 − |ŷ−y| / |y|, 0, 1): the variant behind PRIMO-R1's published MRA. Samples with ground truth 0 are left out.",
    },
    {
      key: "thresholdRelativeAccuracy",
      name: "Threshold relative accuracy",
      value: formatShare(p.thresholdRelativeAccuracy),
      basis: samples(relative),
      definition:
        "VSI-Bench MRA: mean over t ∈ {0.50, 0.55, …, 0.95} of [ |ŷ−y| / |y| < 1 − t ], compared exactly (an error of exactly 15 % fails t = 0.85). Samples with ground truth 0 are left out.",
    },
    {
      key: "absoluteRangeAccuracy",
      name: "Absolute range accuracy",
      value: formatShare(p.absoluteRangeAccuracy),
      basis: samples(p.answered),
      definition: "Mean of clip(1 − |ŷ−y| / 100, 0, 1).",
    },
    { key: "mae", name: "MAE", value: formatNumber(p.mae), basis: samples(p.answered), definition: "Mean |ŷ−y|, in progress points." },
    { key: "rmse", name: "RMSE", value: formatNumber(p.rmse), basis: samples(p.answered), definition: "√(mean (ŷ−y)²), in progress points." },
    { key: "acc5", name: "Acc@5", value: formatShare(p.acc5), basis: samples(p.answered), definition: "Share of samples with |ŷ−y| ≤ 5 points." },
    { key: "acc10", name: "Acc@10", value: formatShare(p.acc10), basis: samples(p.answered), definition: "Share of samples with |ŷ−y| ≤ 10 points." },
    ...p.maeByInterval.map((b, i, all) => ({
      key: `maeByInterval-${b.label}`,
      name: `MAE, ground truth ${b.label}`,
      value: formatNumber(b.mae),
      basis: samples(b.n),
      definition:
        i === all.length - 1
          ? `MAE of the samples whose ground truth is in [${b.label.replace("–", ", ")}] (100 included).`
          : `MAE of the samples whose ground truth is in [${b.label.replace("–", ", ")}).`,
      sub: true,
    })),
    { key: "pearson", name: "Pearson", value: formatCorrelation(p.pearson), basis: samples(p.answered), definition: "Pearson r between ŷ and y over all answered samples." },
    {
      key: "spearman",
      name: "Spearman",
      value: formatCorrelation(p.spearman),
      basis: samples(p.answered),
      definition: "Pearson r of the average ranks (ties share their mean rank), as scipy.stats.spearmanr.",
    },
    {
      key: "kendallTauB",
      name: "Kendall τ-b",
      value: formatCorrelation(p.kendallTauB),
      basis: samples(p.answered),
      definition: "Kendall's tau-b (corrected for ties), as scipy.stats.kendalltau.",
    },
    {
      key: "withinEpisodePearson",
      name: "Within-episode Pearson (mean)",
      value: formatCorrelation(p.withinEpisodePearson.mean),
      basis: `${plural(p.withinEpisodePearson.episodes, "episode")}, ${p.withinEpisodePearson.skipped} skipped`,
      definition: "Mean over episodes of Pearson r along the episode. Episodes with fewer than 2 answers or a constant ŷ or y are skipped (r is undefined there).",
    },
    {
      key: "withinEpisodeMonotonicity",
      name: "Within-episode monotonicity (successful episodes)",
      value: formatShare(p.withinEpisodeMonotonicity.value),
      basis: plural(p.withinEpisodeMonotonicity.steps, "step"),
      definition: "Successful episodes only: share of steps between consecutive query frames where ŷ does not go down.",
    },
    {
      key: "withinEpisodePairOrder",
      name: "Within-episode pair order",
      value: formatShare(p.withinEpisodePairOrder.value),
      basis: plural(p.withinEpisodePairOrder.pairs, "pair"),
      definition: "Pairs of samples in an episode whose ground truth differs: share that ŷ orders the same way (a tie in ŷ counts ½).",
    },
    {
      key: "stepDirectionAgreement",
      name: "Step direction agreement",
      value: formatShare(p.stepDirectionAgreement.value),
      basis: plural(p.stepDirectionAgreement.steps, "step"),
      definition: "Steps where the ground truth changes: share where ŷ moves the same way (no movement counts as wrong).",
    },
    ...lrmRows(s),
    ...contrastiveRows(s),
    {
      key: "rocAuc",
      name: "ROC-AUC",
      value: formatNumber(s.rocAuc.value, 3),
      basis: `${plural(s.rocAuc.episodes, "episode")} (${plural(s.rocAuc.successes, "success", "successes")}, ${plural(s.rocAuc.failures, "failure")})`,
      definition: "Probability that a successful episode scores higher than a failed one (ties ½); one score per episode, see the rules below.",
    },
    {
      key: "yesNoAccuracy",
      name: "Yes/no accuracy",
      value: formatShare(s.yesNo.value),
      basis: `${s.yesNo.answered} answered, ${s.yesNo.missing} missing`,
      definition: "Completion questions: share of correct yes/no answers among those given; unreadable answers are missing, not wrong.",
    },
  ];
  return rows;
}

const LRM_SOURCE = "As compute_openloop_metrics.py of Large Reward Models defines it";

/**
 * The Large Reward Models' open-loop metrics, under their names and definitions, over episodes
 * with ground truth and a known outcome (their answered predictions in frame order).
 */
function lrmRows(s: SplitReportView): MetricRow[] {
  const l = s.lrm;
  const episodes = `${plural(l.trajectories, "episode")} (${plural(l.successes, "success", "successes")}, ${plural(l.failures, "failure")})`;
  return [
    {
      key: "lrmRocAuc",
      name: "LRM ROC-AUC (final score)",
      value: formatNumber(l.rocAuc, 3),
      basis: episodes,
      definition: `${LRM_SOURCE}: ROC-AUC of each episode's last predicted progress against its success.`,
    },
    {
      key: "lrmPairwiseAccuracy",
      name: "LRM pairwise accuracy",
      value: formatShare(l.pairwiseAccuracy.value),
      basis: plural(l.pairwiseAccuracy.pairs, "success × failure pair"),
      definition: `${LRM_SOURCE}: over every pair of a successful and a failed episode, the share where the success's last predicted progress is strictly higher (a tie is wrong).`,
    },
    {
      key: "lrmGlobalPearson",
      name: "LRM global Pearson",
      value: formatCorrelation(l.globalPearson),
      basis: episodes,
      definition: `${LRM_SOURCE}: Pearson r over episodes between the sum of an episode's predictions and its final ground-truth progress (the total oracle reward); needs 3 episodes and neither side constant.`,
    },
    {
      key: "lrmPerTrajectoryPearson",
      name: "LRM per-trajectory Pearson (mean ± std)",
      value: l.perTrajectoryPearson.mean === null ? formatCorrelation(null) : `${formatCorrelation(l.perTrajectoryPearson.mean)} ± ${formatCorrelation(l.perTrajectoryPearson.std)}`,
      basis: plural(l.perTrajectoryPearson.trajectories, "episode"),
      definition: `${LRM_SOURCE}: mean and population std over episodes with at least 3 answers and neither side constant of Pearson r between the predictions and the ground-truth progress (the cumulative oracle).`,
    },
  ];
}

/**
 * Temporal-contrastive comparisons (which of two frames is further along), under the Large Reward
 * Models' names and definitions (compute_contrastive_metrics); shown when the run has any.
 */
function contrastiveRows(s: SplitReportView): MetricRow[] {
  const c = s.contrastive;
  if (c.comparisons === 0 && c.missing === 0) return [];
  const basis = `${plural(c.comparisons, "comparison")} in ${plural(c.trajectories, "episode")}${c.missing ? `, ${c.missing} unanswered left out` : ""}`;
  return [
    {
      key: "contrastiveDirectionAccuracy",
      name: "Comparison direction accuracy",
      value: formatShare(c.directionAccuracy),
      basis,
      definition: `${LRM_SOURCE} (compute_contrastive_metrics): share of comparisons whose answer (+1 later frame further, −1 earlier, 0 neither) has the sign of the ground-truth change between the two frames; 0 against no change counts as correct.`,
    },
    {
      key: "contrastiveProgressRecall",
      name: "Comparison progress recall",
      value: formatShare(c.progressRecall.value),
      basis: plural(c.progressRecall.forward, "comparison where the ground truth moved forward", "comparisons where the ground truth moved forward"),
      definition: `${LRM_SOURCE}: among comparisons where the ground-truth progress went up, the share answered +1.`,
    },
    {
      key: "contrastiveMonotonicity",
      name: "Cumulative-score monotonicity (successful episodes)",
      value: formatShare(c.monotonicity.value),
      basis: plural(c.monotonicity.trajectories, "successful episode"),
      definition: `${LRM_SOURCE}: per successful episode with at least 2 comparisons, the share of steps of the running sum of the answers that do not go down, averaged over episodes.`,
    },
  ];
}

/** The sample counts every metric depends on. */
export function countRows(s: SplitReportView): Array<{ key: string; label: string; value: number }> {
  const p = s.progress;
  return [
    { key: "n", label: "Samples with ground truth (n)", value: p.n },
    { key: "answered", label: "Answered", value: p.answered },
    { key: "missing", label: "Missing answers", value: p.missing },
    { key: "noGroundTruth", label: "No ground truth (left out)", value: p.noGroundTruth },
    { key: "gtZero", label: "Ground truth 0 (left out of relative metrics)", value: p.gtZero },
  ];
}
