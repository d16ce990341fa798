// Every metric of the run report (lib/metrics/metrics.ts: the progress metrics, ROC-AUC, yes/no
// accuracy, the Large Reward Models' open-loop metrics and the contrastive ones) against the same
// definitions computed independently in Python (tests/python/all_metrics.py: numpy, scipy.stats,
// sklearn, exact fractions for threshold relative accuracy), on one fixture with the boundary
// cases: relative errors of exactly 5 % and 15 %, ground truth 0, ties in predictions and in
// ground truth, missing answers, no ground truth, repeated frames, constant and one-class
// episodes, and comparisons answered 0 against no change.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  contrastiveMetrics,
  lrmMetrics,
  progressMetrics,
  rocAuc,
  yesNoAccuracy,
  type ContrastiveTrajectory,
  type LrmTrajectory,
  type Sample,
} from "@/lib/metrics/metrics";

const PYTHON = process.env.CRITIC_PYTHON ?? path.resolve(".data/pyenv/bin/python");

interface Spec {
  samples: Sample[];
  lrm: LrmTrajectory[];
  contrastive: ContrastiveTrajectory[];
  roc: { score: number; positive: boolean }[];
  yesno: { answer: boolean | null; truth: boolean }[];
}

function python(spec: Spec) {
  const r = spawnSync(PYTHON, [path.resolve("tests/python/all_metrics.py")], { input: JSON.stringify(spec), encoding: "utf8", cwd: path.resolve("tests/python") });
  if (r.status !== 0) throw new Error(`all_metrics.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

function ours(spec: Spec) {
  return {
    progress: progressMetrics(spec.samples),
    lrm: lrmMetrics(spec.lrm),
    contrastive: contrastiveMetrics(spec.contrastive),
    rocAuc: rocAuc(spec.roc),
    yesNo: yesNoAccuracy(spec.yesno),
  };
}

/** Same shape; numbers equal to 12 decimals, nulls where Python has none. Returns the paths compared. */
function expectSame(ts: unknown, py: unknown, at = "", seen: string[] = []): string[] {
  if (py === null || typeof py === "number") {
    seen.push(at);
    if (py === null) expect(ts, at).toBeNull();
    else expect(ts, at).toBeCloseTo(py, 12);
  } else if (Array.isArray(py)) {
    expect(Array.isArray(ts), at).toBe(true);
    expect((ts as unknown[]).length, at).toBe(py.length);
    py.forEach((v, i) => expectSame((ts as unknown[])[i], v, `${at}[${i}]`, seen));
  } else if (typeof py === "object") {
    expect(Object.keys(ts as object).sort(), at).toEqual(Object.keys(py).sort());
    for (const [k, v] of Object.entries(py)) expectSame((ts as Record<string, unknown>)[k], v, at ? `${at}.${k}` : k, seen);
  } else expect(ts, at).toEqual(py);
  return seen;
}

const s = (episodeId: number, frame: number, pred: number | null, gt: number | null, success = true): Sample => ({ episodeId, frame, pred, gt, success });

const BOUNDARY: Spec = {
  samples: [
    // Episode 1 (success): relative errors of exactly 5 % and 15 % on both sides, ground truth 0, a tie in ŷ.
    s(1, 0, 3, 0), // GT 0: out of both relative metrics, in all the others
    s(1, 10, 42, 40), // 5 %: fails t = 0.95, passes 0.90
    s(1, 20, 46, 40), // 15 %: fails t = 0.85
    s(1, 30, 17, 20), // 15 % under
    s(1, 40, 1.15, 1), // 15 % in decimals that binary floating point cannot hold
    s(1, 50, 11.5, 10),
    s(1, 60, 0.95, 1), // 5 % under
    s(1, 70, 60, 60),
    s(1, 80, 60, 80), // tie in ŷ with the step before
    s(1, 80, 70, 80), // the same frame again: not a step in time
    s(1, 90, null, 90), // missing answer
    s(1, 99, 100, 100),
    // Episode 2 (failure): constant predictions (no within-episode r), a tie in ground truth.
    s(2, 0, 50, 0, false),
    s(2, 10, 50, 25, false),
    s(2, 20, 50, 25, false),
    s(2, 30, 50, 40, false),
    // Episode 3: no ground truth at all.
    s(3, 0, 10, null, false),
    s(3, 5, 20, null, false),
    // Episode 4 (success): ŷ goes down once, an exact 100.
    s(4, 0, 0, 0),
    s(4, 5, 30, 20),
    s(4, 10, 20, 50),
    s(4, 15, 100, 100),
    // Episode 5: one answer only.
    s(5, 3, 80, 75, false),
  ],
  lrm: [
    { success: true, scores: [0, 20, 45, 80, 100], oracle: [0, 25, 50, 75, 100] },
    { success: true, scores: [10, 30, 30, 60], oracle: [0, 0, 50, 100] },
    { success: false, scores: [5, 40, 60], oracle: [0, 25, 40] }, // final 60 ties the success's 60
    { success: false, scores: [50, 50, 50, 50], oracle: [0, 10, 20, 30] },
    { success: true, scores: [70, 60], oracle: [0, 100] },
    { success: false, scores: [100, 100, 100], oracle: [30, 30, 30] },
  ],
  contrastive: [
    // first frame against itself (0 = 0, correct), forward calls, a 0 against a step forward, a wrong −1
    { success: true, answers: [0, 1, 1, 0, -1, 1], truth: [0, 25, 25, 10, 0, 40] },
    { success: false, answers: [0, 1, -1, 0, -1], truth: [0, 25, 0, 0, -10] },
    { success: true, answers: [1], truth: [5] }, // one comparison: not in monotonicity
    { success: true, answers: [0, 0, 0], truth: [0, 0, 0] },
  ],
  roc: [
    { score: 0.9, positive: true },
    { score: 0.6, positive: true },
    { score: 0.6, positive: false }, // a tie across classes
    { score: 0.2, positive: false },
    { score: 0.75, positive: true },
  ],
  yesno: [
    { answer: true, truth: true },
    { answer: false, truth: true },
    { answer: null, truth: false },
    { answer: false, truth: false },
  ],
};

describe("every metric equals its definition computed independently in Python", () => {
  it("on the boundary fixture", () => {
    const ts = ours(BOUNDARY);
    const paths = expectSame(ts, python(BOUNDARY));
    // Every figure the report shows was compared, none skipped.
    expect(paths.length).toBeGreaterThan(50);
    // The boundaries themselves: exactly 5 % fails t = 0.95, exactly 15 % fails t = 0.85.
    const one = (pred: number, gt: number) => progressMetrics([s(9, 0, pred, gt)]).thresholdRelativeAccuracy;
    expect([one(42, 40), one(46, 40), one(1.15, 1), one(11.5, 10), one(0.95, 1)]).toEqual([0.9, 0.7, 0.7, 0.7, 0.9]);
    expect(ts.contrastive.directionAccuracy).not.toBeNull();
  });

  it("with one class only and nothing answered", () => {
    const spec: Spec = {
      samples: [s(1, 0, null, 10), s(1, 5, null, 20)],
      lrm: [1, 2, 3].map((k) => ({ success: true, scores: [k, 2 * k, 5 * k], oracle: [0, 50, 100] })),
      contrastive: [{ success: false, answers: [1, 1], truth: [-5, -5] }],
      roc: [
        { score: 0.2, positive: true },
        { score: 0.4, positive: true },
      ],
      yesno: [{ answer: null, truth: true }],
    };
    expectSame(ours(spec), python(spec));
  });

  it("on 300 seeded random samples over 30 episodes", () => {
    let seed = 23;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const samples: Sample[] = [];
    const contrastive: ContrastiveTrajectory[] = [];
    for (let e = 1; e <= 30; e++) {
      const success = rand() < 0.5;
      const answers: number[] = [];
      const truth: number[] = [];
      let prevGt = 0;
      for (let k = 0; k < 10; k++) {
        // Ground truth and predictions on a 5-point grid so that ties and exact boundaries happen.
        const gt = rand() < 0.1 ? null : Math.round((k * 11 * (success ? 1 : 0.7)) / 5) * 5;
        const pred = rand() < 0.1 ? null : Math.max(0, Math.min(100, Math.round(((gt ?? 50) + (rand() - 0.5) * 30) / 5) * 5));
        samples.push(s(e, k * 7, pred, gt, success));
        if (gt !== null) {
          const d = gt - prevGt;
          truth.push(d);
          answers.push(rand() < 0.2 ? 0 : rand() < 0.8 ? Math.sign(d) || 1 : -Math.sign(d) || -1);
          prevGt = gt;
        }
      }
      contrastive.push({ success, answers, truth });
    }
    const spec: Spec = {
      samples,
      lrm: [],
      contrastive,
      roc: samples.filter((x) => x.pred !== null).map((x) => ({ score: x.pred!, positive: x.success === true })),
      yesno: samples.map((x) => ({ answer: x.pred === null ? null : x.pred >= 50, truth: (x.gt ?? 0) >= 50 })),
    };
    expectSame(ours(spec), python(spec));
  });
});
