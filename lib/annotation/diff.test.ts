import { describe, expect, it } from "vitest";
import { diffSnapshots, isEmptyDiff } from "./diff";
import type { AnnotationSnapshot } from "./types";

const before: AnnotationSnapshot = {
  segments: [
    { key: "a", startFrame: 0, endFrame: 9, label: "reach" },
    { key: "b", startFrame: 10, endFrame: 19, label: "grasp" },
    { key: "c", startFrame: 20, endFrame: 29, label: "lift" },
  ],
  outcome: "UNKNOWN",
  failureReason: null,
  note: "",
  qualityFlags: ["blurry"],
};

describe("diffSnapshots", () => {
  it("reports every kind of change", () => {
    const after: AnnotationSnapshot = {
      segments: [
        { key: "a", startFrame: 0, endFrame: 9, label: "reach" }, // unchanged
        { key: "b", startFrame: 10, endFrame: 24, label: "grasp cup" }, // moved and renamed
        { key: "d", startFrame: 30, endFrame: 39, label: "place" }, // new; c is gone
      ],
      outcome: "SUCCESS",
      failureReason: null,
      note: "",
      qualityFlags: ["occluded", "blurry"],
    };
    const d = diffSnapshots(before, after);
    expect(d).toEqual({
      added: [{ key: "d", startFrame: 30, endFrame: 39, label: "place" }],
      removed: [{ key: "c", startFrame: 20, endFrame: 29, label: "lift" }],
      moved: [{ key: "b", label: "grasp cup", from: { startFrame: 10, endFrame: 19 }, to: { startFrame: 10, endFrame: 24 } }],
      renamed: [{ key: "b", from: "grasp", to: "grasp cup", startFrame: 10, endFrame: 24 }],
      outcome: { from: "UNKNOWN", to: "SUCCESS" },
      qualityFlags: { added: ["occluded"], removed: [] },
      unchanged: 1, // only a
    });
    expect(isEmptyDiff(d)).toBe(false);
  });

  it("matches by key, not position: a redrawn segment is removed + added", () => {
    const after = { ...before, segments: [before.segments[0], before.segments[1], { key: "c2", startFrame: 20, endFrame: 29, label: "lift" }] };
    const d = diffSnapshots(before, after);
    expect(d.removed.map((s) => s.key)).toEqual(["c"]);
    expect(d.added.map((s) => s.key)).toEqual(["c2"]);
    expect(d.unchanged).toBe(2); // a and b
  });

  it("is empty for identical snapshots and ignores flag order", () => {
    const d = diffSnapshots(before, { ...before, segments: [...before.segments].reverse(), qualityFlags: ["blurry", "blurry"] });
    expect(d).toEqual({ added: [], removed: [], moved: [], renamed: [], unchanged: 3 });
    expect(isEmptyDiff(d)).toBe(true);
  });

  it("includes note, failure reason and removed flags only when they change", () => {
    const d = diffSnapshots(before, { ...before, outcome: "FAILURE", failureReason: "dropped", note: "cup slipped", qualityFlags: [] });
    expect(d.outcome).toEqual({ from: "UNKNOWN", to: "FAILURE" });
    expect(d.failureReason).toEqual({ from: null, to: "dropped" });
    expect(d.note).toEqual({ from: "", to: "cup slipped" });
    expect(d.qualityFlags).toEqual({ added: [], removed: ["blurry"] });

    const noteOnly = diffSnapshots(before, { ...before, note: "x" });
    expect(Object.keys(noteOnly).sort()).toEqual(["added", "moved", "note", "removed", "renamed", "unchanged"]);
    expect(isEmptyDiff(noteOnly)).toBe(false);
  });
});
