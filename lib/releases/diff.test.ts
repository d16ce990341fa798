import { describe, expect, it } from "vitest";
import type { SnapshotEpisode } from "@/lib/export/types";
import { diffSnapshots } from "./diff";

function ep(id: number, over: Partial<SnapshotEpisode> = {}, segs: [number, number, string][] = [[0, 49, "reach"], [50, 99, "place"]]): SnapshotEpisode {
  return {
    episodeId: id,
    key: `ep-${id}`,
    environment: { id: 1, slug: "lab", name: "Lab" },
    task: { id: 1, key: "stack", instruction: "Stack" },
    split: "train",
    splitTag: "TRAIN",
    lengthFrames: 100,
    fps: 30,
    camera: "front",
    video: null,
    annotation: { id: id, version: 1, outcome: "SUCCESS", segments: segs.map(([startFrame, endFrame, label]) => ({ startFrame, endFrame, label })) },
    progress: { weighting: "EQUAL", canonicalSubtasks: [], typicalDurations: {} },
    chains: [],
    ...over,
  };
}

const chain = (predictionId: number, reasoning = "r") => ({ predictionId, runName: "run", queryFrame: 50, sampledFrames: [0, 25, 50], question: "q", planning: "p", observation: "o", reasoning, answer: "50", edited: false });

describe("release diff", () => {
  it("lists added and removed episodes", () => {
    const d = diffSnapshots([ep(1), ep(2)], [ep(2), ep(3)]);
    expect(d.added).toEqual([{ episodeId: 3, key: "ep-3" }]);
    expect(d.removed).toEqual([{ episodeId: 1, key: "ep-1" }]);
    expect(d.changed).toEqual([]);
    expect(d.unchanged).toBe(1);
  });

  it("names moved boundaries, renamed labels, outcomes, splits and chains", () => {
    const before = ep(1, { chains: [chain(7), chain(8)] });
    const after = ep(
      1,
      { annotation: { id: 1, version: 2, outcome: "FAILURE", segments: [] }, split: "test", splitTag: "ID", chains: [chain(7, "edited"), chain(9)] },
      [[0, 59, "reach"], [60, 99, "put down"]],
    );
    after.annotation.segments = [{ startFrame: 0, endFrame: 59, label: "reach" }, { startFrame: 60, endFrame: 99, label: "put down" }];
    const d = diffSnapshots([before], [after]);
    expect(d.changed).toHaveLength(1);
    const c = d.changed[0]!;
    expect(c.kinds.sort()).toEqual(["boundaries", "chains", "labels", "outcome", "split"]);
    expect(c.changes).toContain("outcome success → failure");
    expect(c.changes).toContain('segment 1 "reach": end 49 → 59');
    expect(c.changes).toContain('segment 2 "put down": start 50 → 60');
    expect(c.changes).toContain('segment 2: label "place" → "put down"');
    expect(c.changes).toContain("split Train → Test · in-domain");
    expect(c.changes).toContain("chains: 1 added, 1 removed, 1 edited");
  });

  it("reports a changed segment count", () => {
    const d = diffSnapshots([ep(1)], [ep(1, {}, [[0, 99, "all"]])]);
    expect(d.changed[0]!.changes[0]).toBe("2 → 1 segments");
  });
});
