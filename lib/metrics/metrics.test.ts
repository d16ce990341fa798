import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  GT_ZERO_RULE,
  MRA_THRESHOLDS,
  PROGRESS_INTERVALS,
  absoluteRangeAccuracy,
  averageRanks,
  intervalIndex,
  kendallTauB,
  linearRelativeAccuracy,
  pearson,
  progressMetrics,
  rocAuc,
  spearman,
  thresholdRelativeAccuracy,
  MRA_THRESHOLD_HUNDREDTHS,
  yesNoAccuracy,
  type ProgressMetrics,
  type Sample,
} from "./metrics";
import { mulberry32 } from "@/lib/random";

// Reference values marked "scipy" / "sklearn" were computed once with scipy 1.17.1,
// scikit-learn 1.9.1, numpy 2.4.6 (Python venv outside the repo) and pasted as literals:
// scipy.stats.pearsonr / spearmanr / kendalltau (tau-b) and sklearn.metrics.roc_auc_score.

describe("constants", () => {
  it("uses the ten VSI-Bench thresholds 0.50..0.95", () => {
    expect(MRA_THRESHOLDS).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]);
    expect(MRA_THRESHOLD_HUNDREDTHS).toEqual([50, 55, 60, 65, 70, 75, 80, 85, 90, 95]);
  });

  it("has five ground-truth intervals of 20 points", () => {
    expect(PROGRESS_INTERVALS.map((i) => i.label)).toEqual(["0–20", "20–40", "40–60", "60–80", "80–100"]);
    expect(PROGRESS_INTERVALS.map((i) => [i.lo, i.hi])).toEqual([
      [0, 20],
      [20, 40],
      [40, 60],
      [60, 80],
      [80, 100],
    ]);
  });

  it("states the ground-truth-0 rule", () => {
    expect(GT_ZERO_RULE).toMatch(/undefined when it is 0/);
    expect(GT_ZERO_RULE).toMatch(/excluded/);
  });
});

describe("per-sample metrics", () => {
  it("linearRelativeAccuracy", () => {
    expect(linearRelativeAccuracy(90, 100)).toBeCloseTo(0.9, 12); // 1 - 10/100
    expect(linearRelativeAccuracy(150, 100)).toBeCloseTo(0.5, 12); // over-estimate: 1 - 50/100
    expect(linearRelativeAccuracy(30, 40)).toBeCloseTo(0.75, 12); // 1 - 10/40
    expect(linearRelativeAccuracy(300, 100)).toBe(0); // 1 - 200/100 = -1 → clipped to 0
    expect(linearRelativeAccuracy(50, 50)).toBe(1);
    expect(linearRelativeAccuracy(5, 0)).toBeNull(); // divides by |y| = 0
    expect(linearRelativeAccuracy(0, 0)).toBeNull(); // even an exact answer
    expect(linearRelativeAccuracy(NaN, 50)).toBeNull();
    expect(linearRelativeAccuracy(50, Infinity)).toBeNull();
  });

  it("thresholdRelativeAccuracy counts strict passes over the ten thresholds", () => {
    expect(thresholdRelativeAccuracy(100, 100)).toBe(1); // rel 0 < every 1-t
    // rel 0.25: 1-t > 0.25 for t = .50,.55,.60,.65,.70 → 5/10 (1-0.75 = 0.25 is not strictly greater)
    expect(thresholdRelativeAccuracy(75, 100)).toBe(0.5);
    // rel 0.5: 1-0.5 = 0.5 is not > 0.5 → 0/10
    expect(thresholdRelativeAccuracy(50, 100)).toBe(0);
    expect(thresholdRelativeAccuracy(0, 100)).toBe(0); // rel 1
    // rel 0.2 (5/25): passes t = .50..0.75 → 6/10; 1 - 0.8 = 0.19999999999999996 < 0.2 fails
    expect(thresholdRelativeAccuracy(30, 25)).toBe(0.6);
    expect(thresholdRelativeAccuracy(5, 0)).toBeNull();
    expect(thresholdRelativeAccuracy(NaN, 10)).toBeNull();
  });

  it("thresholdRelativeAccuracy is exact at the boundaries: an error of exactly 5 %, 10 % or 15 % fails that threshold", () => {
    // In floating point 1 - 0.85 = 0.15000000000000002 and 1 - 0.95 = 0.050000000000000044 would let them pass.
    expect(thresholdRelativeAccuracy(95, 100)).toBe(0.9); // 5 %: passes t = .50 … .90
    expect(thresholdRelativeAccuracy(90, 100)).toBe(0.8); // 10 %: passes t = .50 … .85
    expect(thresholdRelativeAccuracy(85, 100)).toBe(0.7); // 15 %: passes t = .50 … .80
    expect(thresholdRelativeAccuracy(110, 100)).toBe(0.8); // symmetric in the sign of the error
    // Decimal inputs whose binary rounding lands either side of the boundary: 1.15 - 1 = 0.1499999999999999,
    // 11.5 vs 10 and 0.95 vs 1 = 0.050000000000000044.
    expect(thresholdRelativeAccuracy(1.15, 1)).toBe(0.7);
    expect(thresholdRelativeAccuracy(11.5, 10)).toBe(0.7);
    expect(thresholdRelativeAccuracy(0.95, 1)).toBe(0.9);
    expect(thresholdRelativeAccuracy(0.3, 0.25)).toBe(0.6); // 20 %
  });

  it("thresholdRelativeAccuracy equals exact rational arithmetic on inputs with two decimals", () => {
    // Scaled by 100 the inputs are integers, and 100·|ŷ−y| < (100−T)·|y| is then exact.
    fc.assert(
      fc.property(fc.integer({ min: -20000, max: 20000 }), fc.integer({ min: -20000, max: 20000 }).filter((y) => y !== 0), (p, y) => {
        const exact = MRA_THRESHOLD_HUNDREDTHS.filter((T) => 100 * Math.abs(p - y) < (100 - T) * Math.abs(y)).length / 10;
        return thresholdRelativeAccuracy(p / 100, y / 100) === exact;
      }),
      { numRuns: 20000 },
    );
  });

  it("absoluteRangeAccuracy", () => {
    expect(absoluteRangeAccuracy(70, 100)).toBeCloseTo(0.7, 12); // 1 - 30/100
    expect(absoluteRangeAccuracy(10, 0)).toBeCloseTo(0.9, 12); // defined at y = 0
    expect(absoluteRangeAccuracy(0, 100)).toBe(0);
    expect(absoluteRangeAccuracy(250, 0)).toBe(0); // out-of-range prediction clipped
    expect(absoluteRangeAccuracy(NaN, 50)).toBe(0);
  });


  it("intervalIndex: [lo,hi) except the closed last interval", () => {
    expect(intervalIndex(0)).toBe(0);
    expect(intervalIndex(19.999)).toBe(0);
    expect(intervalIndex(20)).toBe(1);
    expect(intervalIndex(39.999)).toBe(1);
    expect(intervalIndex(40)).toBe(2);
    expect(intervalIndex(60)).toBe(3);
    expect(intervalIndex(79.999)).toBe(3);
    expect(intervalIndex(80)).toBe(4);
    expect(intervalIndex(100)).toBe(4);
    expect(intervalIndex(-5)).toBe(0);
    expect(intervalIndex(150)).toBe(4);
    expect(intervalIndex(NaN)).toBe(-1);
  });
});

describe("averageRanks", () => {
  it("gives 1-based ranks and the mean rank to ties", () => {
    expect(averageRanks([30, 10, 20])).toEqual([3, 1, 2]);
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]); // 20s share ranks 2,3
    expect(averageRanks([3, 1, 3, 3, 2])).toEqual([4, 1, 4, 4, 2]); // 3s share ranks 3,4,5
    expect(averageRanks([7, 7, 7])).toEqual([2, 2, 2]);
    expect(averageRanks([])).toEqual([]);
  });

  it("refuses NaN", () => {
    expect(() => averageRanks([1, NaN])).toThrow(RangeError);
  });
});

describe("correlations: hand-worked values", () => {
  // x = 1..5, y = [2,1,4,3,5]: dx = dy-ranks, Σdxdy = 2+2+0+0+4 = 8, Σdx² = Σdy² = 10 → r = 0.8.
  // Ranks equal the values, so ρ = 0.8. Pairs: (1,2) and (3,4) discordant, 8 concordant → τ = 6/10.
  const x = [1, 2, 3, 4, 5];
  const y = [2, 1, 4, 3, 5];

  it("pearson, spearman, kendall without ties", () => {
    expect(pearson(x, y)).toBeCloseTo(0.8, 12);
    expect(spearman(x, y)).toBeCloseTo(0.8, 12);
    expect(kendallTauB(x, y)).toBeCloseTo(0.6, 12);
  });

  it("perfect agreement and perfect reversal", () => {
    expect(pearson([1, 2, 3], [10, 20, 30])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3], [1, 8, 27])).toBeCloseTo(1, 12); // monotone, not linear
    expect(pearson([1, 2, 3], [1, 8, 27])!).toBeLessThan(0.999);
    expect(kendallTauB([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it("ties in x", () => {
    // x = [1,2,2,3], y = [1,3,2,4]. Ranks x [1,2.5,2.5,4], y [1,3,2,4], both mean 2.5.
    // dx = [-1.5,0,0,1.5], dy = [-1.5,.5,-.5,1.5]: Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5
    // ρ = 4.5 / sqrt(22.5) = 0.948683
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.948683, 6);
    // 6 pairs: pair (2,3) tied in x (n1 = 1), the other 5 concordant: τb = 5 / sqrt(5·6) = 0.912871
    expect(kendallTauB([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.912871, 6);
  });

  it("ties in y", () => {
    // y = [1,1,2,2]: n2 = 2 (two tied pairs), C = 4, D = 0 → 4 / sqrt(6·4) = 0.816497
    expect(kendallTauB([1, 2, 3, 4], [1, 1, 2, 2])).toBeCloseTo(0.816497, 6);
  });

  it("joint ties", () => {
    // x = [1,1,2], y = [5,5,6]: n0 = 3, n1 = 1, n2 = 1, n3 = 1 (pair 1-2 tied in both).
    // C = 2 (pairs with the third point) → (3 - 1 - 1 + 1 - 0) / sqrt(2·2) = 1
    expect(kendallTauB([1, 1, 2], [5, 5, 6])).toBeCloseTo(1, 12);
    // x = [1,1,2,2], y = [1,1,2,1]: n0 = 6, n1 = 2, y has three 1s → n2 = 3, joint ties: (0,1) → n3 = 1.
    // pairs across x-groups: (0,2) C, (0,3) y-tie, (1,2) C, (1,3) y-tie → C = 2, D = 0
    // τb = 2 / sqrt((6-2)(6-3)) = 2 / sqrt(12) = 0.577350
    expect(kendallTauB([1, 1, 2, 2], [1, 1, 2, 1])).toBeCloseTo(0.57735, 6);
  });

  it("undefined cases give null, never NaN", () => {
    expect(pearson([], [])).toBeNull();
    expect(spearman([], [])).toBeNull();
    expect(kendallTauB([], [])).toBeNull();
    expect(pearson([1], [2])).toBeNull();
    expect(spearman([1], [2])).toBeNull();
    expect(kendallTauB([1], [2])).toBeNull();
    expect(pearson([5, 5, 5], [1, 2, 3])).toBeNull(); // constant x
    expect(pearson([1, 2, 3], [0.1, 0.1, 0.1])).toBeNull(); // constant y (0.1 is not exact in binary)
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNull();
    expect(kendallTauB([4, 4, 4], [1, 2, 3])).toBeNull();
    expect(kendallTauB([1, 2, 3], [4, 4, 4])).toBeNull();
  });

  it("drops pairs with a non-finite member", () => {
    expect(pearson([1, 2, NaN, 3], [2, 4, 100, 6])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [1, Infinity, 3, 2])).toBeCloseTo(0.5, 12); // (1,1),(3,3),(4,2): ranks y [1,3,2], Σd² = 2 → ρ = 1 - 6·2/(3·8)
    expect(kendallTauB([1, NaN, 2], [1, 1, 2])).toBeCloseTo(1, 12);
    expect(pearson([NaN, 1], [1, 2])).toBeNull(); // one pair left
  });

  it("rejects arrays of different length", () => {
    expect(() => pearson([1, 2], [1])).toThrow(RangeError);
    expect(() => kendallTauB([1], [1, 2])).toThrow(RangeError);
  });

  it("handles long inputs (n log n path) exactly", () => {
    const n = 50_000;
    const up = Array.from({ length: n }, (_, i) => i);
    const down = up.map((v) => n - v);
    expect(kendallTauB(up, up)).toBe(1);
    expect(kendallTauB(up, down)).toBe(-1);
    // Two halves swapped: y = i + n/2 mod n. Discordant pairs = (n/2)², all others concordant.
    // τ = (n0 - 2·(n/2)²) / n0 with n0 = n(n-1)/2 → (1249975000 - 1250000000) / 1249975000
    const shifted = up.map((v) => (v + n / 2) % n);
    expect(kendallTauB(up, shifted)).toBeCloseTo(-25000 / 1249975000, 12);
  });
});

describe("correlations: scipy reference values", () => {
  const cases: { name: string; x: number[]; y: number[]; r: number; rho: number; tau: number }[] = [
    // scipy 1.17.1
    { name: "ties in both", x: [1, 2, 2, 3, 4, 4, 4, 5], y: [3, 1, 2, 2, 5, 4, 4, 6], r: 0.7892311159677341, rho: 0.8138058888328231, tau: 0.6805446536716204 },
    { name: "progress-like", x: [10, 25, 25, 40, 70, 70, 90, 100], y: [0, 20, 30, 40, 60, 80, 90, 100], r: 0.9823718578101909, rho: 0.9880235200593538, tau: 0.9636241116594316 },
    { name: "joint ties", x: [1, 1, 2, 2, 3, 3, 3], y: [1, 1, 2, 3, 3, 3, 1], r: 0.5557189302262114, rho: 0.530722777603022, tau: 0.5163977794943222 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(pearson(c.x, c.y)).toBeCloseTo(c.r, 12);
      expect(spearman(c.x, c.y)).toBeCloseTo(c.rho, 12);
      expect(kendallTauB(c.x, c.y)).toBeCloseTo(c.tau, 12);
    });
  }
});


// The O(n²) textbook tau-b, written independently of the implementation.
function kendallReference(x: number[], y: number[]): number | null {
  let c = 0;
  let d = 0;
  let tx = 0; // pairs tied in x only
  let ty = 0; // pairs tied in y only
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const s = Math.sign(x[i] - x[j]) * Math.sign(y[i] - y[j]);
      if (s > 0) c++;
      else if (s < 0) d++;
      else if (x[i] === x[j] && y[i] !== y[j]) tx++;
      else if (y[i] === y[j] && x[i] !== x[j]) ty++;
    }
  }
  const den = Math.sqrt((c + d + tx) * (c + d + ty));
  return den === 0 ? null : (c - d) / den;
}

describe("correlations: invariants over random inputs", () => {
  const rand = mulberry32(20240607);
  const draw = (n: number, levels: number) => Array.from({ length: n }, () => Math.floor(rand() * levels) * (100 / levels));

  it("kendallTauB matches the O(n²) definition and stays in [-1,1]", () => {
    let checked = 0;
    for (let trial = 0; trial < 400; trial++) {
      const n = Math.floor(rand() * 61); // 0..60
      const levels = 1 + Math.floor(rand() * 8); // 1..8 distinct values: many ties, joint ties, constants
      const x = draw(n, levels);
      const y = draw(n, 1 + Math.floor(rand() * 8));
      const got = kendallTauB(x, y);
      const want = kendallReference(x, y);
      if (want === null) expect(got).toBeNull();
      else {
        expect(got).not.toBeNull();
        expect(got!).toBeCloseTo(want, 12);
        expect(got!).toBeGreaterThanOrEqual(-1);
        expect(got!).toBeLessThanOrEqual(1);
        checked++;
      }
      // kendall is symmetric too
      expect(kendallTauB(y, x)).toEqual(got);
    }
    expect(checked).toBeGreaterThan(200); // most trials were real comparisons, not nulls
  });

  it("pearson and spearman are symmetric and bounded", () => {
    for (let trial = 0; trial < 400; trial++) {
      const n = Math.floor(rand() * 40);
      const x = draw(n, 1 + Math.floor(rand() * 10));
      const y = draw(n, 1 + Math.floor(rand() * 10));
      for (const f of [pearson, spearman]) {
        const a = f(x, y);
        const b = f(y, x);
        if (a === null) expect(b).toBeNull();
        else {
          expect(b!).toBeCloseTo(a, 12);
          expect(Math.abs(a)).toBeLessThanOrEqual(1);
        }
      }
    }
  });
});

describe("progressMetrics: worked example", () => {
  // Episode 1 (SUCCESS): frames 0,10,20,30; gt 0,25,50,100; pred 10,30,25,90.
  // Episode 2 (failure): frames 0,5,10; gt 0,40,80; pred missing,50,40 (given out of frame order).
  // Episode 3: no ground truth.
  const samples: Sample[] = [
    { episodeId: 1, frame: 0, pred: 10, gt: 0, success: true },
    { episodeId: 1, frame: 10, pred: 30, gt: 25, success: true },
    { episodeId: 1, frame: 20, pred: 25, gt: 50, success: true },
    { episodeId: 1, frame: 30, pred: 90, gt: 100, success: true },
    { episodeId: 2, frame: 10, pred: 40, gt: 80, success: false },
    { episodeId: 2, frame: 0, pred: null, gt: 0, success: false },
    { episodeId: 2, frame: 5, pred: 50, gt: 40, success: false },
    { episodeId: 3, frame: 0, pred: 30, gt: null },
  ];
  const m = progressMetrics(samples);
  // Answered (pred, gt): (10,0) (30,25) (25,50) (90,100) (40,80) (50,40); errors 10,5,25,10,40,10.

  it("counts coverage", () => {
    expect(m.n).toBe(7);
    expect(m.answered).toBe(6);
    expect(m.missing).toBe(1);
    expect(m.noGroundTruth).toBe(1);
    expect(m.gtZero).toBe(1); // ep 1 frame 0; ep 2 frame 0 is missing, not answered
  });

  it("relative metrics skip gt = 0", () => {
    // (30,25) .8, (25,50) .5, (90,100) .9, (40,80) .5, (50,40) .75 → 3.45 / 5
    expect(m.linearRelativeAccuracy).toBeCloseTo(0.69, 12);
    // rel .2 → .6, rel .5 → 0, rel .1 → .8, rel .5 → 0, rel .25 → .5 → 1.9 / 5
    expect(m.thresholdRelativeAccuracy).toBeCloseTo(0.38, 12);
  });

  it("absolute metrics include gt = 0", () => {
    expect(m.mae).toBeCloseTo(100 / 6, 12); // (10+5+25+10+40+10)/6 = 16.667
    expect(m.rmse).toBeCloseTo(Math.sqrt(425), 12); // (100+25+625+100+1600+100)/6 = 425 → 20.616
    expect(m.absoluteRangeAccuracy).toBeCloseTo(1 - 100 / 600, 12); // 0.8333
    expect(m.acc5).toBeCloseTo(1 / 6, 12); // only the 5-point error
    expect(m.acc10).toBeCloseTo(4 / 6, 12); // 10, 5, 10, 10 (10 is inclusive)
  });

  it("MAE by ground-truth interval", () => {
    expect(m.maeByInterval).toEqual([
      { label: "0–20", n: 1, mae: 10 }, // gt 0
      { label: "20–40", n: 1, mae: 5 }, // gt 25
      { label: "40–60", n: 2, mae: 17.5 }, // gt 50 (25), gt 40 (10)
      { label: "60–80", n: 0, mae: null },
      { label: "80–100", n: 2, mae: 25 }, // gt 100 (10), gt 80 (40): 80 opens the last interval
    ]);
  });

  it("global correlations", () => {
    // By gt: preds 10,30,50,25,40,90 → inversions 30>25, 50>25, 50>40 = 3 → τ = (15 - 6)/15
    expect(m.kendallTauB).toBeCloseTo(0.6, 12);
    // pred ranks in gt order 1,3,5,2,4,6: Σd² = 0+1+4+4+1+0 = 10 → ρ = 1 - 60/210
    expect(m.spearman).toBeCloseTo(1 - 60 / 210, 12);
    expect(m.pearson).toBeCloseTo(0.825940080851225, 12); // scipy 1.17.1
  });

  it("per-trajectory Pearson", () => {
    // ep 1: dx -28.75,-8.75,-13.75,51.25; dy -43.75,-18.75,6.25,56.25
    //       Σdxdy 4218.75, Σdx² 3718.75, Σdy² 5468.75 → r = 0.935495 (scipy 0.9354945537115701)
    // ep 2: two answered points (50,40) → (40,80): r = -1. ep 3 has no ground truth: not counted.
    expect(m.withinEpisodePearson.episodes).toBe(2);
    expect(m.withinEpisodePearson.skipped).toBe(0);
    expect(m.withinEpisodePearson.mean).toBeCloseTo((0.9354945537115701 - 1) / 2, 12);
  });

  it("monotonicity on the successful episode only", () => {
    // ep 1: 10→30 up, 30→25 down, 25→90 up → 2/3. ep 2 (failed) is not looked at.
    expect(m.withinEpisodeMonotonicity).toEqual({ value: 2 / 3, steps: 3 });
  });

  it("pairwise accuracy", () => {
    // ep 1 (6 pairs, all gt differ): only (gt25 pred30) vs (gt50 pred25) is reversed → 5
    // ep 2 answered: (gt40 pred50) vs (gt80 pred40) reversed → 0.   5 / 7
    expect(m.withinEpisodePairOrder).toEqual({ value: 5 / 7, pairs: 7 });
  });

  it("direction accuracy follows frame order, not input order", () => {
    // ep 1: +25/+20 ok, +25/-5 wrong, +50/+65 ok; ep 2 (frames 5→10): +40/-10 wrong → 2/4
    expect(m.stepDirectionAgreement).toEqual({ value: 0.5, steps: 4 });
  });
});

describe("progressMetrics: edge cases", () => {
  const s = (episodeId: number, frame: number, pred: number | null, gt: number | null, success?: boolean): Sample => ({ episodeId, frame, pred, gt, success });

  function expectNoNaN(m: ProgressMetrics) {
    const walk = (v: unknown): void => {
      if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
      else if (v && typeof v === "object") Object.values(v).forEach(walk);
    };
    walk(m);
  }

  it("empty input: zero counts and nulls", () => {
    const m = progressMetrics([]);
    expect(m).toEqual({
      n: 0,
      answered: 0,
      missing: 0,
      noGroundTruth: 0,
      gtZero: 0,
      linearRelativeAccuracy: null,
      thresholdRelativeAccuracy: null,
      absoluteRangeAccuracy: null,
      mae: null,
      rmse: null,
      acc5: null,
      acc10: null,
      maeByInterval: PROGRESS_INTERVALS.map((i) => ({ label: i.label, n: 0, mae: null })),
      pearson: null,
      spearman: null,
      kendallTauB: null,
      withinEpisodePearson: { mean: null, episodes: 0, skipped: 0 },
      withinEpisodeMonotonicity: { value: null, steps: 0 },
      withinEpisodePairOrder: { value: null, pairs: 0 },
      stepDirectionAgreement: { value: null, steps: 0 },
    });
  });

  it("a single sample: point metrics, no correlations", () => {
    const m = progressMetrics([s(1, 0, 45, 50, true)]);
    expect(m.mae).toBe(5);
    expect(m.rmse).toBe(5);
    expect(m.acc5).toBe(1);
    expect(m.linearRelativeAccuracy).toBeCloseTo(0.9, 12); // 1 - 5/50
    expect(m.thresholdRelativeAccuracy).toBe(0.8); // rel 0.1 fails t = .90, .95
    expect(m.pearson).toBeNull();
    expect(m.spearman).toBeNull();
    expect(m.kendallTauB).toBeNull();
    expect(m.withinEpisodePearson).toEqual({ mean: null, episodes: 0, skipped: 1 });
    expect(m.withinEpisodeMonotonicity).toEqual({ value: null, steps: 0 });
    expect(m.withinEpisodePairOrder).toEqual({ value: null, pairs: 0 });
    expect(m.stepDirectionAgreement).toEqual({ value: null, steps: 0 });
  });

  it("all ground truth 0: relative metrics null, absolute ones still computed", () => {
    const m = progressMetrics([s(1, 0, 0, 0), s(2, 0, 20, 0), s(3, 0, null, 0)]);
    expect(m.gtZero).toBe(2); // the missing answer is not counted here
    expect(m.missing).toBe(1);
    expect(m.linearRelativeAccuracy).toBeNull();
    expect(m.thresholdRelativeAccuracy).toBeNull();
    expect(m.mae).toBe(10); // (0 + 20)/2
    expect(m.acc10).toBe(0.5);
    expect(m.maeByInterval[0]).toEqual({ label: "0–20", n: 2, mae: 10 });
  });

  it("NaN and Infinity behave like null", () => {
    const m = progressMetrics([
      s(1, 0, 10, 10),
      s(1, 1, NaN, 20), // missing answer
      s(1, 2, Infinity, 30), // missing answer
      s(1, 3, 50, NaN), // no ground truth
      s(1, 4, 60, -Infinity), // no ground truth
      s(1, 5, 40, 40),
    ]);
    expect(m.n).toBe(4);
    expect(m.noGroundTruth).toBe(2);
    expect(m.answered).toBe(2);
    expect(m.missing).toBe(2);
    expect(m.mae).toBe(0);
    expect(m.pearson).toBeCloseTo(1, 12);
    expect(m.stepDirectionAgreement).toEqual({ value: 1, steps: 1 }); // frame 0 → 5, the missing frames are spanned
    expectNoNaN(m);
  });

  it("all answers missing: nothing to score, coverage still reported", () => {
    const m = progressMetrics([s(1, 0, null, 10), s(1, 1, NaN, 20)]);
    expect(m).toMatchObject({ n: 2, answered: 0, missing: 2, mae: null, rmse: null, acc5: null, pearson: null });
    expect(m.withinEpisodePearson).toEqual({ mean: null, episodes: 0, skipped: 1 });
    expectNoNaN(m);
  });

  it("per-trajectory Pearson skips undefined episodes and counts them", () => {
    const m = progressMetrics([
      s(1, 0, 10, 0), s(1, 1, 20, 50), s(1, 2, 30, 100), // r = 1
      s(2, 0, 50, 0), s(2, 1, 50, 100), // constant pred → skipped
      s(3, 0, 10, 30), s(3, 1, 40, 30), // constant gt → skipped
      s(4, 0, 10, 10), s(4, 1, null, 20), // one answered point → skipped
      s(5, 0, 90, 0), s(5, 1, 10, 100), // r = -1
    ]);
    expect(m.withinEpisodePearson.episodes).toBe(2);
    expect(m.withinEpisodePearson.skipped).toBe(3);
    expect(m.withinEpisodePearson.mean).toBeCloseTo(0, 12); // (1 + -1)/2
  });

  it("pairwise: pred ties count half, gt ties are not pairs", () => {
    // gt 10,20,30 / pred 50,50,60: (10,20) tie .5, (10,30) ok, (20,30) ok → 2.5/3
    expect(progressMetrics([s(1, 0, 50, 10), s(1, 1, 50, 20), s(1, 2, 60, 30)]).withinEpisodePairOrder).toEqual({ value: 2.5 / 3, pairs: 3 });
    // gt 10,10,30: the (10,10) pair is skipped; both others ordered right → 2/2
    expect(progressMetrics([s(1, 0, 5, 10), s(1, 1, 6, 10), s(1, 2, 40, 30)]).withinEpisodePairOrder).toEqual({ value: 1, pairs: 2 });
    // pairs never cross episodes: gt 10 (ep 1) vs gt 20 (ep 2) would be a reversed pair
    expect(progressMetrics([s(1, 0, 90, 10), s(2, 0, 10, 20)]).withinEpisodePairOrder).toEqual({ value: null, pairs: 0 });
  });

  it("direction: a flat prediction is wrong, a flat ground truth is not a step", () => {
    // gt 10→20 with pred 50→50: wrong; gt 20→20: skipped; gt 20→40, pred 50→70: right → 1/2
    const m = progressMetrics([s(1, 0, 50, 10), s(1, 1, 50, 20), s(1, 2, 50, 20), s(1, 3, 70, 40)]);
    expect(m.stepDirectionAgreement).toEqual({ value: 0.5, steps: 2 });
    // falling ground truth followed correctly counts as right
    expect(progressMetrics([s(1, 0, 80, 60), s(1, 1, 30, 40)]).stepDirectionAgreement).toEqual({ value: 1, steps: 1 });
  });

  it("monotonicity: equal predictions do not count as a decrease; unknown outcome is left out", () => {
    const m = progressMetrics([
      s(1, 0, 20, 0, true), s(1, 1, 20, 50, true), s(1, 2, 10, 100, true), // flat ok, drop → 1/2
      s(2, 0, 10, 0), s(2, 1, 0, 50), // success undefined: not a successful episode
      s(3, 0, 90, 0, false), s(3, 1, 0, 50, false),
    ]);
    expect(m.withinEpisodeMonotonicity).toEqual({ value: 0.5, steps: 2 });
  });

  it("two answers for the same frame are not a step in time", () => {
    const m = progressMetrics([s(1, 5, 40, 50, true), s(1, 5, 60, 50, true), s(1, 0, 80, 0, true)]);
    // frames 0 (80), 5 (40), 5 (60): one step 0→5a (80→40): a decrease, wrong direction
    expect(m.withinEpisodeMonotonicity).toEqual({ value: 0, steps: 1 });
    expect(m.stepDirectionAgreement).toEqual({ value: 0, steps: 1 });
  });
});

describe("rocAuc", () => {
  it("hand-worked Mann–Whitney with a tie", () => {
    // positives 0.35, 0.8, 0.5; negatives 0.1, 0.4, 0.5. Wins out of 9 pairs:
    // 0.35 beats 0.1 (1); 0.8 beats all (3); 0.5 beats 0.1, 0.4 and ties 0.5 (2.5) → 6.5/9
    const items = [0.1, 0.4, 0.35, 0.8, 0.5, 0.5].map((score, i) => ({ score, positive: [false, false, true, true, true, false][i] }));
    expect(rocAuc(items)).toBeCloseTo(6.5 / 9, 12);
    expect(rocAuc(items)).toBeCloseTo(0.7222222222222222, 12); // sklearn 1.9.1 roc_auc_score
  });

  it("sklearn reference with ties across classes", () => {
    const scores = [0.9, 0.2, 0.7, 0.7, 0.3, 0.9, 0.1];
    const labels = [1, 0, 1, 0, 1, 1, 0];
    expect(rocAuc(scores.map((score, i) => ({ score, positive: labels[i] === 1 })))).toBeCloseTo(0.875, 12); // sklearn 1.9.1
  });

  it("extremes and undefined cases", () => {
    expect(rocAuc([{ score: 1, positive: true }, { score: 0, positive: false }])).toBe(1);
    expect(rocAuc([{ score: 0, positive: true }, { score: 1, positive: false }])).toBe(0);
    expect(rocAuc([{ score: 0.5, positive: true }, { score: 0.5, positive: false }])).toBe(0.5);
    expect(rocAuc([])).toBeNull();
    expect(rocAuc([{ score: 1, positive: true }])).toBeNull();
    expect(rocAuc([{ score: 1, positive: false }, { score: 2, positive: false }])).toBeNull();
    // the NaN-scored positive is dropped, leaving no positive
    expect(rocAuc([{ score: NaN, positive: true }, { score: 2, positive: false }])).toBeNull();
  });
});

describe("yesNoAccuracy", () => {
  it("scores answered items and counts missing separately", () => {
    const r = yesNoAccuracy([
      { answer: true, truth: true },
      { answer: false, truth: true },
      { answer: null, truth: false },
      { answer: false, truth: false },
    ]);
    expect(r.value).toBeCloseTo(2 / 3, 12); // 2 right of 3 answered
    expect(r.answered).toBe(3);
    expect(r.missing).toBe(1);
  });

  it("empty and all-missing", () => {
    expect(yesNoAccuracy([])).toEqual({ value: null, answered: 0, missing: 0 });
    expect(yesNoAccuracy([{ answer: null, truth: true }])).toEqual({ value: null, answered: 0, missing: 1 });
  });
});
