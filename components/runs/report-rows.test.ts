import { describe, expect, it } from "vitest";
import { contrastiveMetrics, lrmMetrics, progressMetrics, rocAuc } from "@/lib/metrics/metrics";
import { countRows, metricRows } from "./report-rows";
import type { SplitReportView } from "./use-runs";

function split(): SplitReportView {
  const progress = progressMetrics([
    { episodeId: 1, frame: 0, pred: 5, gt: 0, success: true },
    { episodeId: 1, frame: 10, pred: 40, gt: 50, success: true },
    { episodeId: 1, frame: 20, pred: 90, gt: 100, success: true },
    { episodeId: 2, frame: 10, pred: null, gt: 30, success: false },
    { episodeId: 2, frame: 20, pred: 60, gt: 60, success: false },
  ]);
  return {
    split: "ALL",
    label: "All splits",
    progress,
    lrm: lrmMetrics([
      { success: true, scores: [5, 40, 90], oracle: [0, 50, 100] },
      { success: false, scores: [60], oracle: [60] },
    ]),
    rocAuc: { value: rocAuc([{ score: 90, positive: true }, { score: 60, positive: false }]), episodes: 2, successes: 1, failures: 1 },
    yesNo: { value: null, answered: 0, missing: 0 },
    contrastive: { ...contrastiveMetrics([]), missing: 0 },
  };
}

describe("metric rows", () => {
  const rows = metricRows(split());
  const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));

  it("lists every metric under its own name", () => {
    expect(rows.map((r) => r.name)).toEqual([
      "Linear relative accuracy (MRA)",
      "Threshold relative accuracy",
      "Absolute range accuracy",
      "MAE",
      "RMSE",
      "Acc@5",
      "Acc@10",
      "MAE, ground truth 0–20",
      "MAE, ground truth 20–40",
      "MAE, ground truth 40–60",
      "MAE, ground truth 60–80",
      "MAE, ground truth 80–100",
      "Pearson",
      "Spearman",
      "Kendall τ-b",
      "Within-episode Pearson (mean)",
      "Within-episode monotonicity (successful episodes)",
      "Within-episode pair order",
      "Step direction agreement",
      "LRM ROC-AUC (final score)",
      "LRM pairwise accuracy",
      "LRM global Pearson",
      "LRM per-trajectory Pearson (mean ± std)",
      "ROC-AUC",
      "Yes/no accuracy",
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it("counts relative metrics without the ground-truth-0 samples", () => {
    // 4 answered, 1 of them at ground truth 0.
    expect(byKey.linearRelativeAccuracy.basis).toBe("3 samples");
    expect(byKey.mae.basis).toBe("4 samples");
    // |40-50| + |90-100| + |60-60| + |5-0| = 25 over 4
    expect(byKey.mae.value).toBe("6.25");
    expect(byKey.acc5.value).toBe("50.0 %");
  });

  it("says what the episode-level metrics were computed over", () => {
    expect(byKey.rocAuc.value).toBe("1.000");
    expect(byKey.rocAuc.basis).toBe("2 episodes (1 success, 1 failure)");
    expect(byKey.withinEpisodePearson.basis).toMatch(/episodes?, \d+ skipped/);
    // LRM: one success × failure pair, 90 > 60; two episodes are too few for a global r.
    expect(byKey.lrmPairwiseAccuracy.value).toBe("100.0 %");
    expect(byKey.lrmPairwiseAccuracy.basis).toBe("1 success × failure pair");
    expect(byKey.lrmGlobalPearson.value).toBe("—");
    expect(byKey.lrmPerTrajectoryPearson.basis).toBe("1 episode");
    expect(byKey.yesNoAccuracy.value).toBe("—");
    expect(byKey.yesNoAccuracy.basis).toBe("0 answered, 0 missing");
  });

  it("closes only the last interval", () => {
    expect(byKey["maeByInterval-0–20"].definition).toContain("[0, 20)");
    expect(byKey["maeByInterval-80–100"].definition).toContain("[80, 100]");
  });

  it("shows the counts every metric depends on", () => {
    expect(Object.fromEntries(countRows(split()).map((c) => [c.key, c.value]))).toEqual({ n: 5, answered: 4, missing: 1, noGroundTruth: 0, gtZero: 1 });
  });
});
