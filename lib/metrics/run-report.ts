// Everything lib/metrics/metrics.ts knows about one run, per benchmark split: the rank and
// trajectory metrics that are not additive (Spearman, Kendall, per-trajectory Pearson,
// monotonicity, pairwise and direction accuracy), episode-level ROC-AUC and yes/no accuracy.
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/server/errors";
import { SPLIT_LABEL, type BenchmarkSplit } from "@/lib/predictions/benchmark-split";
import { describeScope, scopeSplitsSql, type MetricScope } from "./scope";
import { refreshGroundTruth } from "@/lib/predictions/ground-truth";
import {
  contrastiveMetrics,
  GT_ZERO_RULE,
  lrmMetrics,
  progressMetrics,
  rocAuc,
  yesNoAccuracy,
  type ContrastiveMetrics,
  type ContrastiveTrajectory,
  type LrmMetrics,
  type LrmTrajectory,
  type ProgressMetrics,
  type Sample,
} from "./metrics";

/** How an episode's success score is chosen for ROC-AUC. */
export const SUCCESS_SCORE_RULE =
  "Per episode with ground truth and a known outcome (success or failure), the prediction at its latest query frame: its score when the run gave one, otherwise its predicted progress. Episodes without ground truth are left out, as from every other metric of the report.";
/** When a yes/no completion answer counts as right. */
export const COMPLETION_TRUTH_RULE = "“Yes” is right when the ground-truth progress at the query frame is 100, “no” otherwise.";

type Row = {
  split: BenchmarkSplit;
  episode_id: number;
  query_frame: number;
  question_type: "PROGRESS" | "COMPLETION" | "CONTRASTIVE";
  progress: number | null;
  value: number | null;
  gt: number | null;
  gt_reference: number | null;
  score: number | null;
  outcome: string;
};

export interface SplitReport {
  split: BenchmarkSplit | "ALL";
  label: string;
  progress: ProgressMetrics;
  /** The Large Reward Models' open-loop metrics over the split's episodes (lib/metrics/metrics.ts lrmMetrics). */
  lrm: LrmMetrics;
  rocAuc: { value: number | null; episodes: number; successes: number; failures: number };
  yesNo: { value: number | null; answered: number; missing: number };
  /** Comparisons (+1 / −1 / 0) over episodes with ground truth and a known outcome; unanswered ones are `missing`. */
  contrastive: ContrastiveMetrics & { missing: number };
}

export async function getRunReport(opts: { runId: number; scope?: MetricScope }) {
  const scope = opts.scope ?? { approvedOnly: false, release: null };
  await refreshGroundTruth();
  const run = await db.predictionRun.findUnique({ where: { id: opts.runId }, select: { id: true, name: true, modelName: true } });
  if (!run) throw notFound(`Run ${opts.runId}`);
  const rows = await db.$queryRaw<Row[]>`
    WITH split AS (${scopeSplitsSql(scope)})
    SELECT sp.split, p.episode_id, p.query_frame, p.question_type::text AS question_type, p.progress, p.value,
           p.gt_progress AS gt, p.gt_reference, p.score, e.outcome::text AS outcome
    FROM predictions p JOIN split sp ON sp.episode_id = p.episode_id JOIN episodes e ON e.id = p.episode_id
    WHERE p.run_id = ${run.id}`;
  const groups = new Map<BenchmarkSplit | "ALL", Row[]>([["ALL", rows]]);
  for (const r of rows) {
    const list = groups.get(r.split);
    if (list) list.push(r);
    else groups.set(r.split, [r]);
  }
  const splits: SplitReport[] = [];
  for (const [split, list] of groups) {
    const progressRows = list.filter((r) => r.question_type === "PROGRESS");
    const samples: Sample[] = progressRows.map((r) => ({ episodeId: r.episode_id, frame: r.query_frame, pred: r.progress, gt: r.gt, success: r.outcome === "SUCCESS" }));
    // ROC-AUC: one score per episode with ground truth and a known outcome, from its latest
    // progress prediction; the same episodes as the other metrics, not every predicted one.
    const withGroundTruth = new Set(progressRows.filter((r) => r.gt !== null).map((r) => r.episode_id));
    const last = new Map<number, Row>();
    for (const r of progressRows) {
      if (!withGroundTruth.has(r.episode_id)) continue;
      if (r.outcome !== "SUCCESS" && r.outcome !== "FAILURE") continue;
      const score = r.score ?? r.progress;
      if (score === null) continue;
      const cur = last.get(r.episode_id);
      if (!cur || r.query_frame > cur.query_frame) last.set(r.episode_id, r);
    }
    const items = [...last.values()].map((r) => ({ score: (r.score ?? r.progress)!, positive: r.outcome === "SUCCESS" }));
    const completion = list.filter((r) => r.question_type === "COMPLETION" && r.gt !== null);
    // LRM trajectories: episodes with ground truth and a known outcome, their answered progress
    // predictions in query-frame order against the ground truth at those frames.
    const byEpisode = new Map<number, Row[]>();
    for (const r of progressRows) {
      if (r.progress === null || r.gt === null || (r.outcome !== "SUCCESS" && r.outcome !== "FAILURE")) continue;
      const l = byEpisode.get(r.episode_id);
      if (l) l.push(r);
      else byEpisode.set(r.episode_id, [r]);
    }
    const trajectories: LrmTrajectory[] = [...byEpisode.values()].map((l) => {
      const sorted = [...l].sort((a, b) => a.query_frame - b.query_frame);
      return { success: sorted[0]!.outcome === "SUCCESS", scores: sorted.map((r) => r.progress!), oracle: sorted.map((r) => r.gt!) };
    });
    // Comparisons: per episode with ground truth at both frames and a known outcome, in query-frame order.
    const comparisons = list.filter((r) => r.question_type === "CONTRASTIVE" && r.gt !== null && r.gt_reference !== null && (r.outcome === "SUCCESS" || r.outcome === "FAILURE"));
    const byEpisodeC = new Map<number, Row[]>();
    for (const r of comparisons) {
      if (r.value === null) continue;
      const l = byEpisodeC.get(r.episode_id);
      if (l) l.push(r);
      else byEpisodeC.set(r.episode_id, [r]);
    }
    const contrastiveTrajs: ContrastiveTrajectory[] = [...byEpisodeC.values()].map((l) => {
      const sorted = [...l].sort((a, b) => a.query_frame - b.query_frame);
      return { success: sorted[0]!.outcome === "SUCCESS", answers: sorted.map((r) => r.value!), truth: sorted.map((r) => r.gt! - r.gt_reference!) };
    });
    splits.push({
      split,
      label: split === "ALL" ? "All splits" : SPLIT_LABEL[split],
      progress: progressMetrics(samples),
      lrm: lrmMetrics(trajectories),
      rocAuc: { value: rocAuc(items), episodes: items.length, successes: items.filter((i) => i.positive).length, failures: items.filter((i) => !i.positive).length },
      yesNo: yesNoAccuracy(completion.map((r) => ({ answer: r.value === 1 ? true : r.value === 0 ? false : null, truth: r.gt! >= 100 }))),
      contrastive: { ...contrastiveMetrics(contrastiveTrajs), missing: comparisons.filter((r) => r.value === null).length },
    });
  }
  const order = ["ALL", "ID", "OOD_CROSS_TASK", "OOD_CROSS_ENV", "TRAIN"];
  splits.sort((a, b) => order.indexOf(a.split) - order.indexOf(b.split));
  return { run, splits, scope: describeScope(scope), rules: { gtZero: GT_ZERO_RULE, successScore: SUCCESS_SCORE_RULE, completionTruth: COMPLETION_TRUTH_RULE } };
}
