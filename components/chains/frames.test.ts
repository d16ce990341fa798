import { describe, expect, it } from "vitest";
import { frameUrl, stripFrames } from "./frames";

describe("stripFrames", () => {
  it("puts I_init first, the sampled frames in order, and I_curr last", () => {
    const s = stripFrames({ init: 0, sampled: [0, 10, 20], current: 25 });
    expect(s.map((f) => [f.role, f.frame, f.label])).toEqual([
      ["init", 0, "I_init"],
      ["seq", 0, "V_seq 1/3"],
      ["seq", 10, "V_seq 2/3"],
      ["seq", 20, "V_seq 3/3"],
      ["curr", 25, "I_curr"],
    ]);
    expect(new Set(s.map((f) => f.key)).size).toBe(s.length);
  });

  it("still shows I_init and I_curr when the sampled frames were not recorded", () => {
    expect(stripFrames({ init: 0, sampled: [], current: 7 }).map((f) => f.role)).toEqual(["init", "curr"]);
  });
});

describe("frameUrl", () => {
  it("addresses the frames endpoint with the camera escaped", () => {
    expect(frameUrl(3, 120, "top", 160)).toBe("/api/episodes/3/frames/120?camera=top&w=160");
    expect(frameUrl(3, 0, "cam left/1", 640)).toBe("/api/episodes/3/frames/0?camera=cam%20left%2F1&w=640");
  });
});
