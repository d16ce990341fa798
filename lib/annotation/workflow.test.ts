import { describe, expect, it } from "vitest";
import { availableActions, canEdit, canView, episodeStatusFrom, submissionProblems } from "./workflow";

const annotator = { id: 1, role: "ANNOTATOR" as const };
const other = { id: 2, role: "ANNOTATOR" as const };
const researcher = { id: 3, role: "RESEARCHER" as const };
const lead = { id: 4, role: "LEAD" as const };

describe("workflow permissions", () => {
  it("lets an annotator edit only their own open work", () => {
    expect(canEdit(annotator, { annotatorId: 1, status: "IN_PROGRESS" })).toBe(true);
    expect(canEdit(annotator, { annotatorId: 1, status: "CHANGES_REQUESTED" })).toBe(true);
    expect(canEdit(annotator, { annotatorId: 1, status: "SUBMITTED" })).toBe(false);
    expect(canEdit(other, { annotatorId: 1, status: "IN_PROGRESS" })).toBe(false);
    expect(canEdit(researcher, { annotatorId: 1, status: "IN_PROGRESS" })).toBe(false);
  });

  it("lets leads fix work under review but locks approved work", () => {
    expect(canEdit(lead, { annotatorId: 1, status: "IN_REVIEW" })).toBe(true);
    expect(canEdit(lead, { annotatorId: 1, status: "APPROVED" })).toBe(false);
  });

  it("hides other annotators' work from annotators but not from researchers", () => {
    expect(canView(other, { annotatorId: 1, status: "IN_PROGRESS" })).toBe(false);
    expect(canView(other, { annotatorId: null, status: "IN_PROGRESS" })).toBe(true);
    expect(canView(researcher, { annotatorId: 1, status: "IN_PROGRESS" })).toBe(true);
  });

  it("offers submit to the owner and review actions to leads", () => {
    expect(availableActions(annotator, { annotatorId: 1, status: "IN_PROGRESS" })).toEqual(["submit"]);
    expect(availableActions(annotator, { annotatorId: 1, status: "SUBMITTED" })).toEqual([]);
    expect(availableActions(lead, { annotatorId: 1, status: "SUBMITTED" })).toEqual(["start_review", "approve", "request_changes"]);
    expect(availableActions(lead, { annotatorId: 1, status: "APPROVED" })).toEqual(["request_changes"]);
    // An imported pre-fill has no annotator and goes through no review.
    expect(availableActions(lead, { annotatorId: null, status: "IN_PROGRESS" })).toEqual([]);
  });
});

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
