import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createAtPlayhead,
  createSegment,
  deleteSegment,
  gapAt,
  mergeWithNext,
  moveEdge,
  nextEdge,
  prevEdge,
  relabelSegment,
  segmentAt,
  segmentEdges,
  sortSegments,
  splitSegment,
  validateSegments,
  type SegmentResult,
} from "./segments";
import type { SegmentDraft } from "./types";

// Episode of 100 frames (0..99):
//   free [0,9] | a "reach" [10,19] | free [20,29] | b "grasp" [30,49] | c "lift" [50,59] | free [60,99]
const L = 100;
const a: SegmentDraft = { key: "a", startFrame: 10, endFrame: 19, label: "reach" };
const b: SegmentDraft = { key: "b", startFrame: 30, endFrame: 49, label: "grasp" };
const c: SegmentDraft = { key: "c", startFrame: 50, endFrame: 59, label: "lift" };
const base = (): SegmentDraft[] => [a, b, c];

function segments(r: SegmentResult): SegmentDraft[] {
  if (!r.ok) throw new Error(`expected ok, got error: ${r.error}`);
  return r.segments;
}

function error(r: SegmentResult): string {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.segments)}`);
  return r.error;
}

/** [start, end, label] triples, to compare whole timelines at a glance. */
const spans = (segs: SegmentDraft[]) => segs.map((s) => [s.startFrame, s.endFrame, s.label]);

describe("sortSegments", () => {
  it("orders by startFrame without touching the input", () => {
    const input = [c, a, b];
    expect(sortSegments(input).map((s) => s.key)).toEqual(["a", "b", "c"]); // starts 10 < 30 < 50
    expect(input.map((s) => s.key)).toEqual(["c", "a", "b"]);
  });
});

describe("segmentAt", () => {
  it("finds the segment including both inclusive ends", () => {
    expect(segmentAt(base(), 10)?.key).toBe("a"); // first frame of [10,19]
    expect(segmentAt(base(), 19)?.key).toBe("a"); // last frame of [10,19]
    expect(segmentAt(base(), 49)?.key).toBe("b"); // last frame of [30,49]
    expect(segmentAt(base(), 50)?.key).toBe("c"); // first frame of [50,59]
    expect(segmentAt(base(), 20)).toBeUndefined(); // 19 < 20 < 30: in the gap
  });
});

describe("gapAt", () => {
  it("returns the free run around the frame", () => {
    expect(gapAt(base(), 0, L)).toEqual({ start: 0, end: 9 }); // before a (starts at 10)
    expect(gapAt(base(), 25, L)).toEqual({ start: 20, end: 29 }); // a ends 19 → 20; b starts 30 → 29
    expect(gapAt(base(), 60, L)).toEqual({ start: 60, end: 99 }); // c ends 59 → 60; last frame 100-1
    expect(gapAt([], 5, 10)).toEqual({ start: 0, end: 9 }); // empty timeline: whole episode
  });

  it("is undefined inside a segment or outside the episode", () => {
    expect(gapAt(base(), 15, L)).toBeUndefined(); // inside a
    expect(gapAt(base(), -1, L)).toBeUndefined();
    expect(gapAt(base(), 100, L)).toBeUndefined(); // last valid frame is 99
  });
});

describe("createSegment", () => {
  it("normalises a backwards drag and trims the label", () => {
    const out = segments(createSegment(base(), { key: "n", startFrame: 25, endFrame: 22, label: " place " }, L));
    // min(25,22)=22, max=25, both in gap [20,29]; sorted between a (10) and b (30)
    expect(out.map((s) => s.key)).toEqual(["a", "n", "b", "c"]);
    expect(out[1]).toEqual({ key: "n", startFrame: 22, endFrame: 25, label: "place" });
  });

  it("clips the range to the gap containing its smaller end, in either drag direction", () => {
    // 25..70 crosses b and c; the gap around 25 is [20,29] → [25,29]
    const fwd = segments(createSegment(base(), { key: "n", startFrame: 25, endFrame: 70, label: "" }, L));
    const back = segments(createSegment(base(), { key: "n", startFrame: 70, endFrame: 25, label: "" }, L));
    expect(fwd[1]).toMatchObject({ startFrame: 25, endFrame: 29 });
    expect(back[1]).toMatchObject({ startFrame: 25, endFrame: 29 });
  });

  it("clamps into the episode", () => {
    // -5 → 0, 5 stays; gap [0,9] does not cut it
    expect(segments(createSegment(base(), { key: "n", startFrame: -5, endFrame: 5, label: "" }, L))[0]).toMatchObject({ startFrame: 0, endFrame: 5 });
    // 200 → 99 (L-1); gap [60,99]
    expect(segments(createSegment(base(), { key: "n", startFrame: 95, endFrame: 200, label: "" }, L))[3]).toMatchObject({ startFrame: 95, endFrame: 99 });
  });

  it("snaps fractional frames", () => {
    // round(20.4)=20, round(22.6)=23
    const out = segments(createSegment(base(), { key: "n", startFrame: 20.4, endFrame: 22.6, label: "" }, L));
    expect(out[1]).toMatchObject({ startFrame: 20, endFrame: 23 });
  });

  it("refuses when the smaller frame is inside a segment, or the key is taken", () => {
    expect(error(createSegment(base(), { key: "n", startFrame: 15, endFrame: 25, label: "" }, L))).toMatch(/inside segment 1 \("reach"\)/);
    expect(error(createSegment(base(), { key: "a", startFrame: 22, endFrame: 25, label: "" }, L))).toMatch(/key "a"/);
  });

  it("does not mutate the input", () => {
    const input = base();
    createSegment(input, { key: "n", startFrame: 22, endFrame: 25, label: "" }, L);
    expect(input).toEqual([a, b, c]);
  });
});

describe("createAtPlayhead", () => {
  it("runs from the playhead to the end of its gap", () => {
    expect(segments(createAtPlayhead(base(), 22, L, "n", "x"))[1]).toEqual({ key: "n", startFrame: 22, endFrame: 29, label: "x" }); // b starts 30 → 29
    expect(segments(createAtPlayhead(base(), 60, L, "n", "x"))[3]).toMatchObject({ startFrame: 60, endFrame: 99 }); // no next segment → L-1
    expect(segments(createAtPlayhead(base(), 5, L, "n", "x"))[0]).toMatchObject({ startFrame: 5, endFrame: 9 }); // a starts 10 → 9
  });

  it("tells the user to split when the playhead is inside a segment", () => {
    expect(error(createAtPlayhead(base(), 15, L, "n", ""))).toMatch(/split/);
    expect(error(createAtPlayhead(base(), 100, L, "n", ""))).toMatch(/outside/);
  });
});

describe("splitSegment", () => {
  it("keeps key and label on the left part", () => {
    const out = segments(splitSegment(base(), 40, "n", "regrasp"));
    // b [30,49] at 40 → [30,39] and [40,49]
    expect(out).toEqual([a, { key: "b", startFrame: 30, endFrame: 39, label: "grasp" }, { key: "n", startFrame: 40, endFrame: 49, label: "regrasp" }, c]);
  });

  it("defaults the new label to empty and allows a one-frame right part", () => {
    const out = segments(splitSegment(base(), 49, "n"));
    // b [30,49] at 49 → [30,48] and [49,49]
    expect(spans(out)).toEqual([[10, 19, "reach"], [30, 48, "grasp"], [49, 49, ""], [50, 59, "lift"]]);
  });

  it("refuses at a segment's first frame or outside segments", () => {
    expect(error(splitSegment(base(), 30, "n"))).toMatch(/first frame/);
    expect(error(splitSegment(base(), 25, "n"))).toMatch(/no segment at frame 25/);
  });
});

describe("moveEdge", () => {
  const bAfter = (edge: "start" | "end", frame: number) => segments(moveEdge(base(), "b", edge, frame, L)).find((s) => s.key === "b");

  it("moves a start within its limits", () => {
    expect(bAfter("start", 25)).toMatchObject({ startFrame: 25, endFrame: 49 });
  });

  it("clamps a start to the previous segment and to its own end", () => {
    expect(bAfter("start", 5)).toMatchObject({ startFrame: 20 }); // a ends 19 → at least 20
    expect(bAfter("start", 60)).toMatchObject({ startFrame: 49 }); // own end 49
    expect(segments(moveEdge(base(), "a", "start", -3, L))[0]).toMatchObject({ startFrame: 0 }); // no previous → 0
  });

  it("clamps an end to the next segment, its own start and the episode", () => {
    expect(bAfter("end", 45)).toMatchObject({ endFrame: 45 });
    expect(bAfter("end", 55)).toMatchObject({ endFrame: 49 }); // c starts 50 → at most 49
    expect(bAfter("end", 10)).toMatchObject({ startFrame: 30, endFrame: 30 }); // own start 30
    expect(segments(moveEdge(base(), "c", "end", 500, L))[2]).toMatchObject({ endFrame: 99 }); // L-1
  });

  it("snaps to the nearest frame", () => {
    expect(bAfter("end", 44.6)).toMatchObject({ endFrame: 45 }); // round(44.6)
    expect(bAfter("end", 44.4)).toMatchObject({ endFrame: 44 }); // round(44.4)
  });

  it("errors only on an unknown key", () => {
    expect(error(moveEdge(base(), "zz", "start", 3, L))).toMatch(/"zz"/);
  });
});

describe("mergeWithNext", () => {
  it("spans both segments with the first's key and label", () => {
    const out = segments(mergeWithNext(base(), "a"));
    // a [10,19] + b [30,49] → [10,49], gap 20..29 absorbed
    expect(out).toEqual([{ key: "a", startFrame: 10, endFrame: 49, label: "reach" }, c]);
  });

  it("takes the second label when the first is empty", () => {
    const out = segments(mergeWithNext([{ ...a, label: "" }, b, c], "a"));
    expect(out[0]).toEqual({ key: "a", startFrame: 10, endFrame: 49, label: "grasp" });
  });

  it("refuses on the last segment or an unknown key", () => {
    expect(error(mergeWithNext(base(), "c"))).toMatch(/last segment/);
    expect(error(mergeWithNext(base(), "zz"))).toMatch(/"zz"/);
  });
});

describe("deleteSegment / relabelSegment", () => {
  it("deletes by key", () => {
    expect(segments(deleteSegment(base(), "b"))).toEqual([a, c]);
    expect(error(deleteSegment(base(), "zz"))).toMatch(/"zz"/);
  });

  it("relabels with the label trimmed", () => {
    expect(segments(relabelSegment(base(), "a", "  Reach  cup "))[0].label).toBe("Reach  cup"); // only the ends are trimmed
    expect(error(relabelSegment(base(), "zz", "x"))).toMatch(/"zz"/);
  });
});

describe("edges", () => {
  it("lists every start and end once", () => {
    expect(segmentEdges(base())).toEqual([10, 19, 30, 49, 50, 59]);
    // a one-frame segment [5,5] contributes 5 only once
    expect(segmentEdges([{ key: "x", startFrame: 5, endFrame: 5, label: "" }, { key: "y", startFrame: 6, endFrame: 8, label: "" }])).toEqual([5, 6, 8]);
  });

  it("finds the next and previous edge strictly beyond the frame", () => {
    expect(nextEdge(base(), 10)).toBe(19); // 10 itself is not strictly after
    expect(nextEdge(base(), 19)).toBe(30);
    expect(nextEdge(base(), 59)).toBeUndefined();
    expect(prevEdge(base(), 30)).toBe(19);
    expect(prevEdge(base(), 55)).toBe(50);
    expect(prevEdge(base(), 10)).toBeUndefined();
  });
});

describe("validateSegments", () => {
  it("accepts segments with gaps", () => {
    expect(validateSegments(base(), L, { requireLabels: true })).toEqual([]);
  });

  it("reports non-integer, reversed and out-of-range frames", () => {
    expect(validateSegments([{ key: "x", startFrame: 0, endFrame: 5.5, label: "a" }], L, { requireLabels: false })).toEqual([
      expect.stringMatching(/whole numbers/),
    ]);
    expect(validateSegments([{ key: "x", startFrame: 8, endFrame: 3, label: "a" }], L, { requireLabels: false })).toEqual([
      expect.stringMatching(/starts at frame 8, after its end at frame 3/),
    ]);
    expect(validateSegments([{ key: "x", startFrame: 95, endFrame: 100, label: "a" }], L, { requireLabels: false })).toEqual([
      expect.stringMatching(/outside the episode \(frames 0 to 99\)/),
    ]);
  });

  it("names both overlapping segments by position and label", () => {
    const problems = validateSegments(
      [
        { key: "x", startFrame: 0, endFrame: 10, label: "reach" },
        { key: "y", startFrame: 5, endFrame: 15, label: "grasp" },
      ],
      L,
      { requireLabels: false },
    );
    // [0,10] ∩ [5,15] = frames 5..10
    expect(problems).toEqual(['segment 1 ("reach") and segment 2 ("grasp") overlap (frames 5 to 10).']);
  });

  it("reports duplicate keys and, when required, empty labels", () => {
    const segs = [
      { key: "x", startFrame: 0, endFrame: 4, label: " " },
      { key: "x", startFrame: 5, endFrame: 9, label: "grasp" },
    ];
    expect(validateSegments(segs, L, { requireLabels: false })).toEqual([expect.stringMatching(/same key "x"/)]);
    expect(validateSegments(segs, L, { requireLabels: true })).toEqual([
      expect.stringMatching(/segment 1 \(unlabelled\): needs a label/),
      expect.stringMatching(/same key "x"/),
    ]);
  });
});

describe("validateSegments at scale", () => {
  it("lists at most 50 problems however many segments overlap, and counts the rest", () => {
    const segs = Array.from({ length: 5000 }, (_, i) => ({ key: `k${i}`, startFrame: 0, endFrame: 0, label: "x" }));
    const problems = validateSegments(segs, 10, { requireLabels: false });
    expect(problems).toHaveLength(51);
    expect(problems[0]).toBe('segment 1 ("x") and segment 2 ("x") overlap (frames 0 to 0).');
    expect(problems[50]).toBe("… and 4949 more problems.");
  });

  it("finds an overlap exactly when some pair overlaps, and names only segments that overlap something (property)", () => {
    const seg = fc.record({ startFrame: fc.integer({ min: 0, max: 60 }), len: fc.integer({ min: 0, max: 15 }) });
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 12 }), (raw) => {
        const segs = raw.map((r, i) => ({ key: `k${i}`, startFrame: r.startFrame, endFrame: r.startFrame + r.len, label: "a" }));
        const overlapping = new Set<number>();
        for (let i = 0; i < segs.length; i++)
          for (let j = i + 1; j < segs.length; j++)
            if (segs[i]!.startFrame <= segs[j]!.endFrame && segs[j]!.startFrame <= segs[i]!.endFrame) overlapping.add(i).add(j);
        const problems = validateSegments(segs, 1000, { requireLabels: false }).filter((p) => p.includes("overlap"));
        const named = new Set(problems.flatMap((p) => [...p.matchAll(/segment (\d+)/g)].map((m) => Number(m[1]) - 1)));
        expect(problems.length > 0).toBe(overlapping.size > 0);
        expect([...named].every((i) => overlapping.has(i))).toBe(true);
        // Every overlapping segment is named, except possibly the first of a chain (named with its partner).
        expect([...overlapping].every((i) => named.has(i))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
