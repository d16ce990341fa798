import { describe, expect, it } from "vitest";
import type { ComparisonRun } from "@/components/chains/types";
import type { ProgressMetrics } from "@/lib/metrics/metrics";
import { chartSeries, cursorLeft, EPISODE_METRICS, pointRows } from "./compare-data";
import { runStyle } from "./run-style";

const point = (predictionId: number, frame: number, progress: number | null, o: Partial<ComparisonRun["points"][number]> = {}) => ({
  predictionId,
  frame,
  questionType: "PROGRESS" as const,
  progress,
  value: progress,
  gt: 50,
  formatOk: true,
  parseFlag: progress === null ? "percent_sign" : null,
  score: null,
  verdict: null,
  ...o,
});
const run = (id: number, name: string, points: ReturnType<typeof point>[]) => ({ id, name, modelName: "m", points, metrics: {} as ProgressMetrics }) as ComparisonRun;

const runs = [run(7, "later", [point(1, 30, 40), point(2, 10, null)]), run(3, "earlier", [point(3, 10, 20), point(4, 20, null, { questionType: "COMPLETION", value: 1 })])];

describe("chartSeries", () => {
  it("plots only parsed progress answers and counts the rest", () => {
    const s = chartSeries(runs);
    expect(s.map((x) => [x.runId, x.points.map((p) => p.predictionId), x.unplotted])).toEqual([
      [7, [1], 1],
      [3, [3], 1],
    ]);
  });
  it("styles runs by id order", () => {
    const s = chartSeries(runs);
    expect(s.find((x) => x.runId === 3)!.style).toEqual(runStyle(0));
    expect(s.find((x) => x.runId === 7)!.style).toEqual(runStyle(1));
  });
});

describe("pointRows", () => {
  it("lists every prediction by frame, then run", () => {
    expect(pointRows(runs).map((r) => r.predictionId)).toEqual([3, 2, 4, 1]);
  });
});

describe("EPISODE_METRICS", () => {
  const m = {
    n: 4, answered: 3, missing: 1, noGroundTruth: 0, gtZero: 1, linearRelativeAccuracy: 0.87671, thresholdRelativeAccuracy: 0.5, absoluteRangeAccuracy: 0.9,
    mae: 7.25, rmse: 8.5, acc5: 0.5, acc10: 2 / 3, maeByInterval: [], pearson: 0.91234, spearman: 0.9, kendallTauB: 0.8,
    withinEpisodePearson: { mean: 0.9, episodes: 1, skipped: 0 }, withinEpisodeMonotonicity: { value: null, steps: 0 }, withinEpisodePairOrder: { value: 1, pairs: 3 },
    stepDirectionAgreement: { value: 0.5, steps: 2 },
  } satisfies ProgressMetrics;
  const cells = Object.fromEntries(EPISODE_METRICS.map((r) => [r.label, r.cell(m)]));

  it("names each metric exactly and formats it in its unit", () => {
    expect(cells["MAE"]!.text).toBe("7.25");
    expect(cells["RMSE"]!.text).toBe("8.50");
    expect(cells["MRA (linear relative accuracy)"]).toEqual({ text: "87.67%", note: "1 with ground truth 0 left out" });
    expect(cells["Acc@10"]!.text).toBe("66.67%");
    expect(cells["Pearson r"]!.text).toBe("0.912");
    expect(cells["Step direction agreement"]).toEqual({ text: "50.00%", note: "2 steps" });
    expect(cells["Answered / n"]!.text).toBe("3/4");
  });

  it("shows a dash, and why, for metrics the episode cannot have", () => {
    expect(cells["Within-episode monotonicity"]).toEqual({ text: "—", note: "successful episodes only" });
  });
});

describe("cursorLeft", () => {
  it("places the first and last frame at the plot's edges", () => {
    expect(cursorLeft(0, 101, 46, 14)).toBe("calc(46px + (100% - 60px) * 0)");
    expect(cursorLeft(100, 101, 46, 14)).toBe("calc(46px + (100% - 60px) * 1)");
    expect(cursorLeft(500, 101, 46, 14)).toBe("calc(46px + (100% - 60px) * 1)");
  });
});
