// The Large Reward Models' open-loop metrics (lib/metrics/metrics.ts lrmMetrics) against the
// same definitions computed in Python with sklearn, scipy and numpy (tests/python/lrm_metrics.py,
// after compute_openloop_metrics.py of physical-superintelligence-lab/Large-Reward-Models),
// on trajectories with the boundary cases: ties in final scores, one-class sets, constant and
// short trajectories, ground truth 0, and an empty one.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lrmMetrics, type LrmMetrics, type LrmTrajectory } from "@/lib/metrics/metrics";

const PYTHON = process.env.CRITIC_PYTHON ?? path.resolve(".data/pyenv/bin/python");

function python(trajs: LrmTrajectory[]): LrmMetrics {
  const r = spawnSync(PYTHON, [path.resolve("tests/python/lrm_metrics.py")], { input: JSON.stringify(trajs), encoding: "utf8" });
  if (r.status !== 0) throw new Error(`lrm_metrics.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as LrmMetrics;
}

function expectSame(ts: LrmMetrics, py: LrmMetrics) {
  const close = (a: number | null, b: number | null, what: string) => {
    if (b === null) expect(a, what).toBeNull();
    else expect(a, what).toBeCloseTo(b, 12);
  };
  expect({ t: ts.trajectories, s: ts.successes, f: ts.failures, pairs: ts.pairwiseAccuracy.pairs, per: ts.perTrajectoryPearson.trajectories }).toEqual({
    t: py.trajectories,
    s: py.successes,
    f: py.failures,
    pairs: py.pairwiseAccuracy.pairs,
    per: py.perTrajectoryPearson.trajectories,
  });
  close(ts.rocAuc, py.rocAuc, "ROC-AUC");
  close(ts.pairwiseAccuracy.value, py.pairwiseAccuracy.value, "pairwise accuracy");
  close(ts.globalPearson, py.globalPearson, "global Pearson");
  close(ts.perTrajectoryPearson.mean, py.perTrajectoryPearson.mean, "per-trajectory Pearson mean");
  close(ts.perTrajectoryPearson.std, py.perTrajectoryPearson.std, "per-trajectory Pearson std");
}

const oracleRamp = (n: number, top = 100) => Array.from({ length: n }, (_, i) => (n === 1 ? top : (top * i) / (n - 1)));

describe("Large Reward Models metrics equal their definitions computed with sklearn and scipy", () => {
  it("on hand-made boundary cases", () => {
    const trajs: LrmTrajectory[] = [
      { success: true, scores: [0, 20, 45, 80, 100], oracle: oracleRamp(5) },
      { success: true, scores: [10, 30, 30, 60], oracle: [0, 0, 50, 100] }, // ground truth 0 at the start
      { success: false, scores: [5, 40, 60], oracle: [0, 25, 40] }, // final 60 ties the second success's 60: that pair is wrong
      { success: false, scores: [50, 50, 50, 50], oracle: [0, 10, 20, 30] }, // constant scores: no per-trajectory r
      { success: true, scores: [70, 60], oracle: [0, 100] }, // two steps: no per-trajectory r
      { success: false, scores: [], oracle: [] }, // nothing answered: not a trajectory
      { success: false, scores: [100, 100, 100], oracle: [30, 30, 30] }, // constant oracle too
    ];
    const ts = lrmMetrics(trajs);
    expectSame(ts, python(trajs));
    // 3 successes × 3 failures; the ties 60 = 60 and 100 = 100 count as wrong.
    expect(ts.pairwiseAccuracy.pairs).toBe(9);
  });

  it("with one class only: no ROC-AUC and no pairs, but the correlations", () => {
    const trajs: LrmTrajectory[] = [1, 2, 3, 4].map((k) => ({ success: true, scores: [k, 2 * k, 5 * k], oracle: [0, 50, 100] }));
    const ts = lrmMetrics(trajs);
    expectSame(ts, python(trajs));
    expect(ts.rocAuc).toBeNull();
    expect(ts.pairwiseAccuracy).toEqual({ value: null, pairs: 0 });
  });

  it("on 40 seeded random trajectories", () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const trajs: LrmTrajectory[] = Array.from({ length: 40 }, () => {
      const n = 1 + Math.floor(rand() * 12);
      const success = rand() < 0.5;
      const oracle = oracleRamp(n, success ? 100 : Math.round(rand() * 90));
      // Scores on a coarse grid so that final scores tie now and then.
      const scores = oracle.map((o) => Math.round((o + (rand() - 0.5) * 40) / 10) * 10);
      return { success, scores, oracle };
    });
    expectSame(lrmMetrics(trajs), python(trajs));
  });
});
