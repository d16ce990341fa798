import { describe, expect, it } from "vitest";
import { aggregateAgreement, boundaries, pairAgreement, type PairResult } from "./agreement";

const seg = (startFrame: number, endFrame: number, label: string) => ({ startFrame, endFrame, label });

describe("boundaries", () => {
  it("uses start and end + 1, shared between adjacent segments", () => {
    expect(boundaries([seg(0, 9, "a"), seg(10, 19, "b")])).toEqual([0, 10, 20]);
  });
});

describe("pairAgreement", () => {
  const A = [seg(0, 9, "reach"), seg(10, 29, "grasp")];
  const B = [seg(0, 11, "reach"), seg(12, 29, "grasp")];

  it("scores a small shift of one boundary", () => {
    // boundaries A {0,10,30}, B {0,12,30}
    // A→B: 0, |10-12| = 2, 0; B→A: 0, 2, 0 → mean 4/6
    const r = pairAgreement(A, B, 1);
    expect(r.meanBoundaryOffset).toBeCloseTo(0.6667, 4); // 4/6
    expect(r.withinK).toBeCloseTo(0.6667, 4); // 4 of 6 distances ≤ 1
    expect(r.boundaryCount).toBe(6);
    // reach: inter 10, union 10 + 12 - 10 = 12 → 10/12; grasp: inter 18, union 20 + 18 - 18 = 20 → 18/20
    // mean(10/12, 18/20, 10/12, 18/20) = (0.8333 + 0.9) / 2 = 0.8667
    expect(r.segmentIoU).toBeCloseTo(0.8667, 4);
    expect(pairAgreement(A, B).withinK).toBe(1); // default k = 5: all 6 distances ≤ 5
  });

  it("gives zero IoU when labels differ, even for identical frames", () => {
    const r = pairAgreement([seg(0, 9, "reach")], [seg(0, 9, "grasp")]);
    // boundaries {0,10} on both sides → 4 distances of 0
    expect(r).toEqual({ meanBoundaryOffset: 0, withinK: 1, segmentIoU: 0, boundaryCount: 4 });
  });

  it("compares labels after normalisation", () => {
    expect(pairAgreement([seg(0, 9, "Reach ")], [seg(0, 9, "reach")]).segmentIoU).toBe(1); // 10/10
  });

  it("handles a different number of segments", () => {
    // A {0,30}; B {0,10,30}. A→B: 0, 0. B→A: 0, min(10, 20) = 10, 0 → sum 10 over 5 distances
    const r = pairAgreement([seg(0, 29, "reach")], [seg(0, 9, "reach"), seg(10, 29, "grasp")]);
    expect(r.meanBoundaryOffset).toBe(2); // 10/5
    expect(r.withinK).toBe(0.8); // 4 of 5 ≤ 5
    expect(r.boundaryCount).toBe(5);
    // A reach vs B reach: inter 10, union 30 + 10 - 10 = 30 → 1/3 (both directions); B grasp has no partner → 0
    expect(r.segmentIoU).toBeCloseTo(0.2222, 4); // (1/3 + 1/3 + 0) / 3 = 2/9
  });

  it("matches each segment with its best same-label partner", () => {
    // A grasp [0,9] vs B grasp [0,4]: inter 5, union 10+5-5 = 10 → 0.5; vs [5,19]: inter 5, union 10+15-5 = 20 → 0.25
    // A: best 0.5; B[0,4]: 0.5; B[5,19]: 0.25 → (0.5 + 0.5 + 0.25) / 3
    const r = pairAgreement([seg(0, 9, "grasp")], [seg(0, 4, "grasp"), seg(5, 19, "grasp")]);
    expect(r.segmentIoU).toBeCloseTo(0.4167, 4); // 1.25/3
    // A {0,10}; B {0,5,20}. A→B: 0, min(5, 10) = 5. B→A: 0, 5, 10 → 20/5
    expect(r.meanBoundaryOffset).toBe(4);
    expect(r.withinK).toBe(0.8); // 0,5,0,5 ≤ 5; 10 is not
  });

  it("handles empty sides", () => {
    expect(pairAgreement([seg(0, 9, "reach")], [])).toEqual({ meanBoundaryOffset: null, withinK: null, segmentIoU: 0, boundaryCount: 0 });
    expect(pairAgreement([], [seg(0, 9, "reach")])).toEqual({ meanBoundaryOffset: null, withinK: null, segmentIoU: 0, boundaryCount: 0 });
    expect(pairAgreement([], [])).toEqual({ meanBoundaryOffset: null, withinK: null, segmentIoU: null, boundaryCount: 0 });
  });
});

describe("aggregateAgreement", () => {
  const r = (meanBoundaryOffset: number | null, withinK: number | null, segmentIoU: number | null): PairResult => ({
    meanBoundaryOffset,
    withinK,
    segmentIoU,
    boundaryCount: 0,
  });

  it("averages overall, per annotator and per task, skipping nulls per metric", () => {
    const agg = aggregateAgreement([
      { annotatorIds: [1, 2], taskId: 10, result: r(2, 0.5, 0.8) },
      { annotatorIds: [1, 3], taskId: 10, result: r(4, 1, 0.6) },
      { annotatorIds: [2, 3], taskId: 20, result: r(null, null, 0) },
    ]);
    // offsets: (2 + 4) / 2 = 3; withinK (0.5 + 1) / 2 = 0.75; IoU (0.8 + 0.6 + 0) / 3 = 0.4667
    expect(agg.overall.pairs).toBe(3);
    expect(agg.overall.meanBoundaryOffset).toBe(3);
    expect(agg.overall.withinK).toBe(0.75);
    expect(agg.overall.segmentIoU).toBeCloseTo(0.4667, 4);

    const a1 = agg.byAnnotator.get(1)!; // pairs (1,2), (1,3)
    expect(a1.pairs).toBe(2);
    expect(a1.meanBoundaryOffset).toBe(3); // (2 + 4) / 2
    expect(a1.withinK).toBe(0.75); // (0.5 + 1) / 2
    expect(a1.segmentIoU).toBeCloseTo(0.7, 10); // (0.8 + 0.6) / 2

    const a2 = agg.byAnnotator.get(2)!; // pairs (1,2), (2,3)
    expect(a2).toEqual({ pairs: 2, meanBoundaryOffset: 2, withinK: 0.5, segmentIoU: 0.4 }); // IoU (0.8 + 0) / 2

    const a3 = agg.byAnnotator.get(3)!; // pairs (1,3), (2,3)
    expect(a3).toEqual({ pairs: 2, meanBoundaryOffset: 4, withinK: 1, segmentIoU: 0.3 }); // IoU (0.6 + 0) / 2

    expect(agg.byTask.get(10)!.pairs).toBe(2);
    expect(agg.byTask.get(10)!.meanBoundaryOffset).toBe(3);
    expect(agg.byTask.get(10)!.segmentIoU).toBeCloseTo(0.7, 10);
    expect(agg.byTask.get(20)).toEqual({ pairs: 1, meanBoundaryOffset: null, withinK: null, segmentIoU: 0 });
  });

  it("is all null with no pairs", () => {
    const agg = aggregateAgreement([]);
    expect(agg.overall).toEqual({ pairs: 0, meanBoundaryOffset: null, withinK: null, segmentIoU: null });
    expect(agg.byAnnotator.size).toBe(0);
    expect(agg.byTask.size).toBe(0);
  });
});
