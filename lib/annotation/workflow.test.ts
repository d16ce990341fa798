import { describe, expect, it } from "vitest";
import { episodeStatusFrom, submissionProblems } from "./workflow";

describe("episodeStatusFrom", () => {
  it("is unassigned without annotators and otherwise the least advanced status", () => {
    expect(episodeStatusFrom([])).toBe("UNASSIGNED");
    expect(episodeStatusFrom(["APPROVED", "SUBMITTED"])).toBe("SUBMITTED");
    expect(episodeStatusFrom(["APPROVED", "APPROVED"])).toBe("APPROVED");
    expect(episodeStatusFrom(["IN_REVIEW", "IN_PROGRESS"])).toBe("IN_PROGRESS");
  });
  it("puts the episode back to the annotators when any annotation needs changes", () => {
    expect(episodeStatusFrom(["APPROVED", "CHANGES_REQUESTED"])).toBe("CHANGES_REQUESTED");
  });
});

describe("submissionProblems", () => {
  const seg = { key: "a", startFrame: 0, endFrame: 9, label: "reach" };
  it("accepts a labelled, decided annotation", () => {
    expect(submissionProblems({ segments: [seg], outcome: "SUCCESS", failureReason: null, note: "", qualityFlags: [] }, 10)).toEqual([]);
  });
  it("names every missing piece", () => {
    const p = submissionProblems({ segments: [{ ...seg, label: "" }], outcome: "FAILURE", failureReason: null, note: "", qualityFlags: [] }, 10);
    expect(p.join(" ")).toMatch(/label/i);
    expect(p.join(" ")).toMatch(/failure reason/i);
    const q = submissionProblems({ segments: [], outcome: "UNKNOWN", failureReason: null, note: "", qualityFlags: [] }, 10);
    expect(q.join(" ")).toMatch(/at least one/);
    expect(q.join(" ")).toMatch(/outcome/);
  });
});
