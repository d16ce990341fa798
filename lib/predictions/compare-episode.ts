// One episode against every run that predicted it: the ground-truth curve, each run's points,
// and per-episode metrics per run.
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/server/errors";
import { progressMetrics, type ProgressMetrics } from "@/lib/metrics/metrics";
import { describeScope, type MetricScope } from "@/lib/metrics/scope";
import { groundTruthCurves, refreshGroundTruth } from "./ground-truth";

/**
 * The curve's corners: the frames where its slope changes, plus both ends. The curve is
 * piecewise linear, so drawing straight lines between these points reproduces it exactly,
 * and a ten-minute episode needs a few dozen points instead of 18 000.
 */
export function curveCorners(curve: readonly number[]): { frame: number; progress: number }[] {
  const out: { frame: number; progress: number }[] = [];
  for (let i = 0; i < curve.length; i++) {
    const corner = i === 0 || i === curve.length - 1 || Math.abs(curve[i + 1] - 2 * curve[i] + curve[i - 1]) > 1e-9;
    if (corner) out.push({ frame: i, progress: curve[i] });
  }
  return out;
}

export async function compareEpisode(opts: { episodeId: number; scope?: MetricScope }) {
  await refreshGroundTruth();
  const scope = opts.scope ?? { approvedOnly: false, release: null };
  const ep = await db.episode.findUnique({ where: { id: opts.episodeId }, select: { id: true, taskId: true, outcome: true, status: true } });
  if (!ep) throw notFound(`Episode ${opts.episodeId}`);
  const curves = await db.$transaction((tx) => groundTruthCurves(tx, ep.taskId, [ep.id]));
  // Approved only: an episode whose work is not all approved has no ground truth to show.
  const withheld = scope.approvedOnly && ep.status !== "APPROVED";
  const gt = withheld ? undefined : curves.get(ep.id);
  const preds = await db.prediction.findMany({
    where: { episodeId: ep.id },
    orderBy: [{ runId: "asc" }, { queryFrame: "asc" }],
    select: {
      id: true, runId: true, queryFrame: true, questionType: true, progress: true, value: true, gtProgress: true,
      formatOk: true, parseFlag: true, score: true, review: { select: { verdict: true } },
    },
  });
  const runIds = [...new Set(preds.map((p) => p.runId))];
  const runs = await db.predictionRun.findMany({ where: { id: { in: runIds } }, select: { id: true, name: true, modelName: true }, orderBy: { id: "asc" } });
  const success = gt?.ref?.outcome === "SUCCESS";
  return {
    episodeId: ep.id,
    groundTruth: gt?.curve
      ? {
          points: curveCorners(gt.curve),
          annotationId: gt.ref!.annotationId,
          annotationVersion: gt.ref!.version,
          annotationStatus: gt.ref!.status,
          outcome: gt.ref!.outcome,
        }
      : null,
    /** Why there is no ground truth although the episode is annotated. */
    groundTruthWithheld: withheld && Boolean(curves.get(ep.id)?.curve) ? `Episode not approved (${ep.status.toLowerCase().replace(/_/g, " ")}).` : null,
    scope: describeScope({ approvedOnly: scope.approvedOnly, release: null }),
    runs: runs.map((r) => {
      const mine = preds.filter((p) => p.runId === r.id);
      const progress = mine.filter((p) => p.questionType === "PROGRESS");
      const metrics: ProgressMetrics = progressMetrics(
        progress.map((p) => ({ episodeId: ep.id, frame: p.queryFrame, pred: p.progress, gt: withheld ? null : p.gtProgress, success })),
      );
      return {
        id: r.id,
        name: r.name,
        modelName: r.modelName,
        points: mine.map((p) => ({
          predictionId: p.id,
          frame: p.queryFrame,
          questionType: p.questionType,
          progress: p.progress,
          value: p.value,
          gt: withheld ? null : p.gtProgress,
          formatOk: p.formatOk,
          parseFlag: p.parseFlag,
          score: p.score,
          verdict: p.review?.verdict ?? null,
        })),
        metrics,
      };
    }),
  };
}
