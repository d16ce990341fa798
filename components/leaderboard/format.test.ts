import { describe, expect, it } from "vitest";
import { averageBestIndexes, averageCover, bestIndexes, coverageNote, formatMetric, metricHeader, runsParam, sameValue, shownMetrics, splitsParam } from "./format";

describe("formatMetric", () => {
  it("shows accuracies as percentages with 2 decimals", () => {
    expect(formatMetric("linearRelativeAccuracy", 0.8767)).toBe("87.67");
    expect(formatMetric("thresholdRelativeAccuracy", 1)).toBe("100.00");
    expect(formatMetric("acc5", 0.12345)).toBe("12.35");
    expect(formatMetric("coverage", 0.93)).toBe("93.00");
    expect(formatMetric("formatRate", 0)).toBe("0.00");
  });
  it("shows MAE and RMSE in points with 2 decimals, Pearson with 3", () => {
    expect(formatMetric("mae", 12.333)).toBe("12.33");
    expect(formatMetric("rmse", 0)).toBe("0.00");
    expect(formatMetric("pearson", 0.98765)).toBe("0.988");
    expect(formatMetric("pearson", -0.5)).toBe("-0.500");
  });
  it("shows a dash for missing values", () => {
    expect(formatMetric("mae", null)).toBe("—");
    expect(formatMetric("mae", undefined)).toBe("—");
    expect(formatMetric("pearson", Number.NaN)).toBe("—");
  });
});

describe("bestIndexes", () => {
  it("picks the maximum for accuracies and the minimum for errors", () => {
    expect([...bestIndexes("linearRelativeAccuracy", [0.7, 0.9, null, 0.8])]).toEqual([1]);
    expect([...bestIndexes("mae", [20, 12.3, null, 15])]).toEqual([1]);
    expect([...bestIndexes("rmse", [3, 2, 1])]).toEqual([2]);
    expect([...bestIndexes("pearson", [-0.9, 0.1])]).toEqual([1]);
  });
  it("bolds every value that reads the same at the precision shown", () => {
    expect([...bestIndexes("linearRelativeAccuracy", [0.876701, 0.876699, 0.5])]).toEqual([0, 1]);
    expect([...bestIndexes("mae", [12.331, 12.334, 13])]).toEqual([0, 1]);
  });
  it("is empty when no row has a value", () => {
    expect(bestIndexes("mae", [null, undefined]).size).toBe(0);
    expect(bestIndexes("mae", []).size).toBe(0);
  });
});

describe("coverageNote", () => {
  it("says how much was answered when below 100 %, never rounding up to 100", () => {
    expect(coverageNote(0.93)).toBe("answered 93%");
    expect(coverageNote(2 / 3)).toBe("answered 67%");
    expect(coverageNote(0.996)).toBe("answered 99%");
    expect(coverageNote(0)).toBe("answered 0%");
  });
  it("says nothing at full coverage or without ground truth", () => {
    expect(coverageNote(1)).toBeNull();
    expect(coverageNote(null)).toBeNull();
  });
});

describe("labels and parameters", () => {
  it("names every figure by its exact metric, with its direction", () => {
    expect(metricHeader("linearRelativeAccuracy")).toBe("MRA (linear relative accuracy) ↑");
    expect(metricHeader("thresholdRelativeAccuracy")).toBe("Threshold relative accuracy (VSI-Bench MRA) ↑");
    expect(metricHeader("mae")).toBe("MAE ↓");
  });
  it("drops a second metric equal to the first", () => {
    expect(shownMetrics("mae", "mae")).toEqual(["mae"]);
    expect(shownMetrics("linearRelativeAccuracy", "")).toEqual(["linearRelativeAccuracy"]);
    expect(shownMetrics("linearRelativeAccuracy", "mae")).toEqual(["linearRelativeAccuracy", "mae"]);
  });
  it("requests training episodes only when asked", () => {
    expect(splitsParam(false)).toBe("ID,OOD_CROSS_TASK,OOD_CROSS_ENV");
    expect(splitsParam(true)).toBe("ID,OOD_CROSS_TASK,OOD_CROSS_ENV,TRAIN");
  });
  it("sends runs sorted and deduplicated, nothing for all runs", () => {
    expect(runsParam([3, 1, 3])).toBe("1,3");
    expect(runsParam([])).toBeUndefined();
  });
  it("compares values with the server's tolerance", () => {
    expect(sameValue(1, 1 + 1e-12)).toBe(true);
    expect(sameValue(1, 1.01)).toBe(false);
    expect(sameValue(null, undefined)).toBe(true);
    expect(sameValue(null, 0)).toBe(false);
  });
});

describe("best Average", () => {
  const row = (avg: number, cells: Record<number, number | null>) => ({ average: { mae: avg }, cells: Object.fromEntries(Object.entries(cells).map(([k, v]) => [Number(k), { mae: v }])) });
  const envs = [1, 2, 3];

  it("is marked only among runs averaged over the same environments", () => {
    // Run 0 has the lowest MAE, but only over environments 1 and 2; runs 1 and 2 cover all three.
    const rows = [row(5, { 1: 4, 2: 6, 3: null }), row(12, { 1: 10, 2: 12, 3: 14 }), row(9, { 1: 8, 2: 9, 3: 10 })];
    expect([...averageBestIndexes("mae", rows, envs)]).toEqual([2]);
    expect(averageCover("mae", rows[0]!.cells, envs)).toEqual([1, 2]);
  });

  it("marks each comparable group, and a table of one run", () => {
    const rows = [row(5, { 1: 4, 2: 6 }), row(7, { 1: 6, 2: 8 }), row(9, { 1: 8, 2: 9, 3: 10 }), row(3, { 1: 2, 2: 3, 3: 4 })];
    expect([...averageBestIndexes("mae", rows, envs)].sort()).toEqual([0, 3]);
    expect([...averageBestIndexes("mae", [row(5, { 1: 5 })], envs)]).toEqual([0]);
  });
});
