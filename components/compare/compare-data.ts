// Pure shaping of GET /api/episodes/<id>/comparison for the chart, its point list and the
// per-episode metrics table.
import type { ComparisonRun } from "@/components/chains/types";
import type { ProgressMetrics } from "@/lib/metrics/metrics";
import { runStyles, type RunStyle } from "./run-style";

export interface ChartPoint {
  predictionId: number;
  runId: number;
  frame: number;
  progress: number;
  gt: number | null;
}

export interface Series {
  runId: number;
  name: string;
  modelName: string;
  style: RunStyle;
  /** Points with a parsed progress (what the chart can place). */
  points: ChartPoint[];
  /** Predictions the chart cannot place: flagged answers and completion questions. */
  unplotted: number;
}

export function chartSeries(runs: readonly ComparisonRun[]): Series[] {
  const styles = runStyles(runs.map((r) => r.id));
  return runs.map((r) => {
    const points: ChartPoint[] = [];
    for (const p of r.points)
      if (p.questionType === "PROGRESS" && p.progress !== null) points.push({ predictionId: p.predictionId, runId: r.id, frame: p.frame, progress: p.progress, gt: p.gt });
    return { runId: r.id, name: r.name, modelName: r.modelName, style: styles.get(r.id)!, points, unplotted: r.points.length - points.length };
  });
}

export interface PointRow {
  predictionId: number;
  runId: number;
  runName: string;
  style: RunStyle;
  frame: number;
  questionType: "PROGRESS" | "COMPLETION" | "CONTRASTIVE";
  progress: number | null;
  value: number | null;
  gt: number | null;
  parseFlag: string | null;
  verdict: string | null;
}

/** Every prediction of the episode, by frame, then run. */
export function pointRows(runs: readonly ComparisonRun[]): PointRow[] {
  const styles = runStyles(runs.map((r) => r.id));
  const rows: PointRow[] = runs.flatMap((r) =>
    r.points.map((p) => ({
      predictionId: p.predictionId,
      runId: r.id,
      runName: r.name,
      style: styles.get(r.id)!,
      frame: p.frame,
      questionType: p.questionType,
      progress: p.progress,
      value: p.value,
      gt: p.gt,
      parseFlag: p.parseFlag,
      verdict: p.verdict,
    })),
  );
  return rows.sort((a, b) => a.frame - b.frame || a.runId - b.runId || a.predictionId - b.predictionId);
}

export interface MetricRow {
  key: string;
  /** The exact metric name (never a bare "MRA": see lib/metrics/metrics.ts). */
  label: string;
  better: "↑" | "↓" | "";
  cell(m: ProgressMetrics): { text: string; note?: string };
}

const DASH = "—";
const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? DASH : `${(v * 100).toFixed(2)}%`);
const steps = (n: number) => `${n} step${n === 1 ? "" : "s"}`;
const pts = (v: number | null) => (v === null || !Number.isFinite(v) ? DASH : v.toFixed(2));

export const EPISODE_METRICS: readonly MetricRow[] = [
  { key: "mae", label: "MAE", better: "↓", cell: (m) => ({ text: pts(m.mae) }) },
  { key: "rmse", label: "RMSE", better: "↓", cell: (m) => ({ text: pts(m.rmse) }) },
  {
    key: "linearRelativeAccuracy",
    label: "MRA (linear relative accuracy)",
    better: "↑",
    cell: (m) => ({ text: pct(m.linearRelativeAccuracy), note: m.gtZero ? `${m.gtZero} with ground truth 0 left out` : undefined }),
  },
  { key: "acc10", label: "Acc@10", better: "↑", cell: (m) => ({ text: pct(m.acc10) }) },
  { key: "pearson", label: "Pearson r", better: "↑", cell: (m) => ({ text: m.pearson === null ? DASH : m.pearson.toFixed(3) }) },
  {
    key: "withinEpisodeMonotonicity",
    label: "Within-episode monotonicity",
    better: "↑",
    cell: (m) => ({ text: pct(m.withinEpisodeMonotonicity.value), note: m.withinEpisodeMonotonicity.steps ? steps(m.withinEpisodeMonotonicity.steps) : "successful episodes only" }),
  },
  {
    key: "stepDirectionAgreement",
    label: "Step direction agreement",
    better: "↑",
    cell: (m) => ({ text: pct(m.stepDirectionAgreement.value), note: m.stepDirectionAgreement.steps ? steps(m.stepDirectionAgreement.steps) : undefined }),
  },
  { key: "answered", label: "Answered / n", better: "", cell: (m) => ({ text: `${m.answered}/${m.n}` }) },
];

/** CSS `left` of the playhead cursor over a chart whose plot area is inset by fixed pixels. */
export function cursorLeft(frame: number, lengthFrames: number, insetLeft: number, insetRight: number): string {
  const share = Math.max(0, Math.min(1, frame / Math.max(1, lengthFrames - 1)));
  return `calc(${insetLeft}px + (100% - ${insetLeft + insetRight}px) * ${share})`;
}
