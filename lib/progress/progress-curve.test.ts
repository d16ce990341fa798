import { describe, expect, it } from "vitest";
import { normaliseLabel, progressAt, progressCurve } from "./progress-curve";

const seg = (startFrame: number, endFrame: number, label = "") => ({ startFrame, endFrame, label });

describe("normaliseLabel", () => {
  it("trims, lowercases and collapses whitespace", () => {
    expect(normaliseLabel("  Grasp \t  Cup ")).toBe("grasp cup");
  });
});

describe("progressCurve: EQUAL", () => {
  it("two subtasks", () => {
    const c = progressCurve({ segments: [seg(0, 9), seg(10, 19)], lengthFrames: 20, weighting: "EQUAL", outcome: "SUCCESS" });
    expect(c).toHaveLength(20);
    expect(c[0]).toBe(0); // P0 + 50 * 0/9
    expect(c[3]).toBeCloseTo(16.6667, 4); // 50 * 3/9 = 16.667
    expect(c[9]).toBe(50); // end of subtask 1: P1 = 1/2
    expect(c[10]).toBe(50); // start of subtask 2: P1 + 0
    expect(c[14]).toBeCloseTo(72.2222, 4); // 50 + 50 * 4/9 = 72.222
    expect(c[19]).toBe(100); // exactly P2 = 1
  });

  it("three subtasks", () => {
    const c = progressCurve({ segments: [seg(0, 10), seg(11, 20), seg(21, 30)], lengthFrames: 31, weighting: "EQUAL", outcome: "UNKNOWN" });
    expect(c[5]).toBeCloseTo(16.6667, 4); // 100/3 * 5/10
    expect(c[10]).toBeCloseTo(33.3333, 4); // 100/3
    expect(c[11]).toBeCloseTo(33.3333, 4); // 100/3 + 0
    expect(c[16]).toBeCloseTo(51.8519, 4); // 100/3 + 100/3 * 5/9 = 33.333 + 18.519
    expect(c[26]).toBeCloseTo(85.1852, 4); // 200/3 + 100/3 * 5/9 = 66.667 + 18.519
    expect(c[30]).toBe(100);
  });

  it("is flat in gaps and after the last segment", () => {
    const c = progressCurve({ segments: [seg(0, 4), seg(10, 14)], lengthFrames: 20, weighting: "EQUAL", outcome: "SUCCESS" });
    expect(c.slice(5, 10)).toEqual([50, 50, 50, 50, 50]); // subtask 1 done (1/2), subtask 2 not started
    expect(c[12]).toBe(75); // 50 + 50 * 2/4
    expect(c.slice(14)).toEqual([100, 100, 100, 100, 100, 100]);
  });

  it("is zero before the first segment", () => {
    const c = progressCurve({ segments: [seg(5, 9), seg(10, 14)], lengthFrames: 15, weighting: "EQUAL", outcome: "SUCCESS" });
    expect(c.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]); // frames 0..4 before, frame 5 = P0 + 0
    expect(c[9]).toBe(50);
  });

  it("completes a one-frame subtask on its only frame", () => {
    const c = progressCurve({ segments: [seg(3, 3), seg(4, 8)], lengthFrames: 10, weighting: "EQUAL", outcome: "SUCCESS" });
    expect(c.slice(0, 3)).toEqual([0, 0, 0]);
    expect(c[3]).toBe(50); // fraction 1 when s == e
    expect(c[4]).toBe(50);
    expect(c[6]).toBe(75); // 50 + 50 * 2/4
    expect(c[8]).toBe(100);
    expect(c[9]).toBe(100);
  });

  it("sorts its input", () => {
    const sorted = progressCurve({ segments: [seg(0, 9), seg(10, 19)], lengthFrames: 20, weighting: "EQUAL", outcome: "SUCCESS" });
    const shuffled = progressCurve({ segments: [seg(10, 19), seg(0, 9)], lengthFrames: 20, weighting: "EQUAL", outcome: "SUCCESS" });
    expect(shuffled).toEqual(sorted);
  });

  it("is all zeros without segments, and empty without frames", () => {
    expect(progressCurve({ segments: [], lengthFrames: 4, weighting: "EQUAL", outcome: "SUCCESS" })).toEqual([0, 0, 0, 0]);
    expect(progressCurve({ segments: [seg(0, 3)], lengthFrames: 0, weighting: "EQUAL", outcome: "SUCCESS" })).toEqual([]);
  });
});

describe("progressCurve: DURATION", () => {
  it("uses each segment's own length by default", () => {
    // lengths 10 and 30 → shares 10/40 = 25 %, 30/40 = 75 %
    const c = progressCurve({ segments: [seg(0, 9), seg(10, 39)], lengthFrames: 40, weighting: "DURATION", outcome: "SUCCESS" });
    expect(c[9]).toBe(25);
    expect(c[10]).toBe(25);
    expect(c[24]).toBeCloseTo(61.2069, 4); // 25 + 75 * 14/29 = 25 + 36.207
    expect(c[39]).toBe(100);
  });

  it("prefers typical durations, matched on the normalised label", () => {
    // weights reach 30, grasp 10 (not the own lengths 10 and 30) → 75 % / 25 %
    const c = progressCurve({
      segments: [seg(0, 9, "  REACH "), seg(10, 39, "grasp")],
      lengthFrames: 40,
      weighting: "DURATION",
      outcome: "SUCCESS",
      typicalDurations: { reach: 30, grasp: 10 },
    });
    expect(c[9]).toBe(75);
    expect(c[39]).toBe(100);
  });

  it("falls back to the own length for labels without a typical duration", () => {
    // reach → typical 30; lift → own length 30 → 50 % / 50 %
    const c = progressCurve({
      segments: [seg(0, 9, "reach"), seg(10, 39, "lift")],
      lengthFrames: 40,
      weighting: "DURATION",
      outcome: "SUCCESS",
      typicalDurations: { reach: 30 },
    });
    expect(c[9]).toBe(50);
  });
});

describe("progressCurve: FAILURE", () => {
  it("EQUAL without a canonical list spreads over segments + 1", () => {
    // N = 2 + 1 = 3 → 1/3 each
    const c = progressCurve({ segments: [seg(0, 9), seg(10, 19)], lengthFrames: 25, weighting: "EQUAL", outcome: "FAILURE" });
    expect(c[9]).toBeCloseTo(33.3333, 4); // 100/3
    expect(c[14]).toBeCloseTo(48.1481, 4); // 100/3 + 100/3 * 4/9 = 33.333 + 14.815
    expect(c[19]).toBeCloseTo(66.6667, 4); // 200/3
    expect(c[24]).toBeCloseTo(66.6667, 4); // flat after the last segment
    expect(Math.max(...c)).toBeCloseTo(66.6667, 4);
    expect(Math.max(...c)).toBeLessThan(100);
  });

  it("EQUAL with a canonical list uses the longer of the two", () => {
    const five = progressCurve({
      segments: [seg(0, 9), seg(10, 19)],
      lengthFrames: 20,
      weighting: "EQUAL",
      outcome: "FAILURE",
      canonicalSubtasks: ["a", "b", "c", "d", "e"],
    });
    expect(five[19]).toBe(40); // N = max(3, 5) = 5 → 2/5
    const two = progressCurve({ segments: [seg(0, 9), seg(10, 19)], lengthFrames: 20, weighting: "EQUAL", outcome: "FAILURE", canonicalSubtasks: ["a", "b"] });
    expect(two[19]).toBeCloseTo(66.6667, 4); // N = max(3, 2) = 3 → 2/3
  });

  it("DURATION weighs missing subtasks by the typical durations of absent canonical labels", () => {
    // N = max(3, 4) = 4, 2 missing; absent canonical labels lift (20) and place (40) → 30 each
    // total = 10 + 10 + 2 * 30 = 80 → reach 10/80 = 12.5 %, grasp 12.5 %
    const c = progressCurve({
      segments: [seg(0, 9, "reach"), seg(10, 19, "grasp")],
      lengthFrames: 20,
      weighting: "DURATION",
      outcome: "FAILURE",
      canonicalSubtasks: ["Reach", "grasp", "lift", "place"],
      typicalDurations: { reach: 10, grasp: 10, lift: 20, place: 40 },
    });
    expect(c[9]).toBe(12.5);
    expect(c[14]).toBeCloseTo(18.0556, 4); // 12.5 + 12.5 * 4/9 = 12.5 + 5.556
    expect(c[19]).toBe(25);
    expect(Math.max(...c)).toBe(25);
  });

  it("DURATION without typical durations weighs the missing subtask as the mean segment", () => {
    // own lengths 10 and 30, mean 20 for the missing one; total 60
    // → 10/60 = 16.667 %, then + 30/60 = 66.667 %
    const c = progressCurve({ segments: [seg(0, 9, "reach"), seg(10, 39, "grasp")], lengthFrames: 40, weighting: "DURATION", outcome: "FAILURE" });
    expect(c[9]).toBeCloseTo(16.6667, 4);
    expect(c[39]).toBeCloseTo(66.6667, 4);
    expect(Math.max(...c)).toBeLessThan(100);

    // canonical labels given but none of the absent ones has a typical duration: same fallback
    // N = max(3, 3) = 3, missing weight = mean(10, 30) = 20 → same curve
    const withList = progressCurve({
      segments: [seg(0, 9, "reach"), seg(10, 39, "grasp")],
      lengthFrames: 40,
      weighting: "DURATION",
      outcome: "FAILURE",
      canonicalSubtasks: ["reach", "grasp", "lift"],
      typicalDurations: {},
    });
    expect(withList[39]).toBeCloseTo(66.6667, 4);
  });
});

describe("progressAt", () => {
  it("clamps and floors the frame", () => {
    const curve = [0, 50, 100];
    expect(progressAt(curve, -3)).toBe(0);
    expect(progressAt(curve, 1)).toBe(50);
    expect(progressAt(curve, 1.7)).toBe(50); // 1.7 lies within frame 1
    expect(progressAt(curve, 99)).toBe(100);
    expect(progressAt([], 5)).toBe(0);
  });
});
