import { describe, expect, it } from "vitest";
import { annotationActions, can, decide, releaseActions, releaseContributors, visibleAnnotationsWhere } from "./policy";

const annotator = { id: 1, role: "ANNOTATOR" as const };
const other = { id: 2, role: "ANNOTATOR" as const };
const researcher = { id: 3, role: "RESEARCHER" as const };
const lead = { id: 4, role: "LEAD" as const };
const lead2 = { id: 5, role: "LEAD" as const };
const researcher2 = { id: 6, role: "RESEARCHER" as const };

describe("annotations", () => {
  it("lets an annotator edit only their own open work", () => {
    expect(can(annotator, "annotation.edit", { annotatorId: 1, status: "IN_PROGRESS" })).toBe(true);
    expect(can(annotator, "annotation.edit", { annotatorId: 1, status: "CHANGES_REQUESTED" })).toBe(true);
    expect(can(annotator, "annotation.edit", { annotatorId: 1, status: "SUBMITTED" })).toBe(false);
    expect(can(other, "annotation.edit", { annotatorId: 1, status: "IN_PROGRESS" })).toBe(false);
    expect(can(researcher, "annotation.edit", { annotatorId: 1, status: "IN_PROGRESS" })).toBe(false);
  });

  it("lets leads fix work under review but locks approved work", () => {
    expect(can(lead, "annotation.edit", { annotatorId: 1, status: "IN_REVIEW" })).toBe(true);
    expect(decide(lead, "annotation.edit", { annotatorId: 1, status: "APPROVED" })).toEqual({ ok: false, reason: expect.stringContaining("approved and locked"), hide: false });
  });

  it("hides other annotators' work from annotators (as not found) but not from researchers", () => {
    expect(decide(other, "annotation.view", { annotatorId: 1, status: "IN_PROGRESS" })).toMatchObject({ ok: false, hide: true });
    expect(can(other, "annotation.view", { annotatorId: null, status: "IN_PROGRESS" })).toBe(true);
    expect(can(researcher, "annotation.view", { annotatorId: 1, status: "IN_PROGRESS" })).toBe(true);
    expect(visibleAnnotationsWhere(other)).toEqual({ OR: [{ annotatorId: 2 }, { annotatorId: null }] });
    expect(visibleAnnotationsWhere(researcher)).toEqual({});
  });

  it("offers submit to the owner and review actions to leads", () => {
    expect(annotationActions(annotator, { annotatorId: 1, status: "IN_PROGRESS", fourEyes: true, contributorIds: [] })).toEqual(["submit"]);
    expect(annotationActions(annotator, { annotatorId: 1, status: "SUBMITTED", fourEyes: true, contributorIds: [] })).toEqual([]);
    expect(annotationActions(lead, { annotatorId: 1, status: "SUBMITTED", fourEyes: true, contributorIds: [] })).toEqual(["start_review", "approve", "request_changes"]);
    expect(annotationActions(lead, { annotatorId: 1, status: "APPROVED", fourEyes: true, contributorIds: [] })).toEqual(["request_changes"]);
    // An imported pre-fill has no annotator and goes through no review.
    expect(annotationActions(lead, { annotatorId: null, status: "IN_PROGRESS", fourEyes: true, contributorIds: [] })).toEqual([]);
  });

  it("four-eyes: a lead neither starts the review of nor approves their own work, unless the setting is off", () => {
    expect(annotationActions(lead, { annotatorId: 4, status: "SUBMITTED", fourEyes: true, contributorIds: [] })).toEqual(["request_changes"]);
    expect(decide(lead, "annotation.act", { annotatorId: 4, status: "SUBMITTED", action: "approve", fourEyes: true, contributorIds: [4] })).toMatchObject({ ok: false, reason: expect.stringContaining("Four-eyes") });
    expect(annotationActions(lead2, { annotatorId: 4, status: "SUBMITTED", fourEyes: true, contributorIds: [] })).toEqual(["start_review", "approve", "request_changes"]);
    expect(annotationActions(lead, { annotatorId: 4, status: "SUBMITTED", fourEyes: false, contributorIds: [] })).toEqual(["start_review", "approve", "request_changes"]);
  });

  it("four-eyes: a lead who saved a version of someone's annotation does not approve it either", () => {
    const fixed = { annotatorId: 1, status: "IN_REVIEW" as const, fourEyes: true, contributorIds: [1, 4] };
    expect(annotationActions(lead, fixed)).toEqual(["request_changes"]);
    expect(decide(lead, "annotation.act", { ...fixed, action: "approve" })).toMatchObject({ ok: false, reason: expect.stringContaining("you changed this annotation") });
    expect(annotationActions(lead2, fixed)).toEqual(["approve", "request_changes"]);
  });
});

describe("episodes and comments", () => {
  it("blind double annotation: a second annotator does not see the outcome; the assignee and researchers do", () => {
    const doubled = { assigneeId: 1, annotatorCount: 2 };
    expect(can(other, "episode.outcome.view", doubled)).toBe(false);
    expect(can(annotator, "episode.outcome.view", doubled)).toBe(true);
    expect(can(researcher, "episode.outcome.view", doubled)).toBe(true);
    expect(can(other, "episode.outcome.view", { assigneeId: 1, annotatorCount: 1 })).toBe(true);
  });

  it("assigned work: only the episode's annotator (or a researcher) shifts its cameras", () => {
    expect(can(annotator, "episode.cameras.edit", { assigneeId: 1 })).toBe(true);
    expect(can(other, "episode.cameras.edit", { assigneeId: 1 })).toBe(false);
    expect(can(other, "episode.cameras.edit", { assigneeId: null })).toBe(false);
    expect(can(researcher, "episode.cameras.edit", { assigneeId: 1 })).toBe(true);
  });

  it("comments are resolved by their author, the annotator or a lead", () => {
    const c = { authorId: 4, annotatorId: 1 };
    expect(can(lead2, "comment.resolve", c)).toBe(true);
    expect(can(annotator, "comment.resolve", c)).toBe(true);
    expect(can(other, "comment.resolve", c)).toBe(false);
    expect(can(researcher, "comment.resolve", c)).toBe(false);
  });
});

describe("releases, runs, endpoints, exports", () => {
  const draft = { status: "DRAFT", createdById: 3 };
  it("a draft is changed, submitted or deleted by its creator or a lead", () => {
    for (const action of ["release.edit", "release.delete"] as const) {
      expect(can(researcher, action, draft)).toBe(true);
      expect(can(researcher2, action, draft)).toBe(false);
      expect(can(lead, action, draft)).toBe(true);
    }
    expect(releaseActions(researcher, { ...draft, fourEyes: true, contributorIds: [] })).toEqual(["submit"]);
    expect(releaseActions(researcher2, { ...draft, fourEyes: true, contributorIds: [] })).toEqual([]);
    // Made by the system (the demo, an import): any researcher.
    expect(can(researcher2, "release.edit", { status: "DRAFT", createdById: null })).toBe(true);
  });

  it("only leads delete a release in review; nobody deletes a published one", () => {
    expect(can(researcher, "release.delete", { status: "IN_REVIEW", createdById: 3 })).toBe(false);
    expect(can(lead, "release.delete", { status: "IN_REVIEW", createdById: 3 })).toBe(true);
    expect(can(lead, "release.delete", { status: "PUBLISHED", createdById: 4 })).toBe(false);
  });

  it("four-eyes: the release's creator cannot approve it; another lead can, and anyone may publish after approval", () => {
    expect(releaseActions(lead, { status: "IN_REVIEW", createdById: 4, fourEyes: true, contributorIds: [] })).toEqual(["return"]);
    expect(releaseActions(lead2, { status: "IN_REVIEW", createdById: 4, fourEyes: true, contributorIds: [] })).toEqual(["approve", "return"]);
    expect(releaseActions(lead, { status: "IN_REVIEW", createdById: 4, fourEyes: false, contributorIds: [] })).toEqual(["approve", "return"]);
    expect(releaseActions(lead, { status: "APPROVED", createdById: 4, fourEyes: true, contributorIds: [] })).toEqual(["publish", "return"]);
    expect(releaseActions(researcher, { status: "IN_REVIEW", createdById: 3, fourEyes: true, contributorIds: [] })).toEqual([]);
  });

  it("four-eyes: a lead who changed or submitted someone's release does not approve it", () => {
    const edited = releaseContributors([
      { action: "release.create", actorId: 3 },
      { action: "release.update", actorId: 4, fields: ["filters"] },
      { action: "release.update", actorId: 5, fields: ["notes"] },
      { action: "release.submit", actorId: 6 },
    ]);
    expect(edited.sort()).toEqual([3, 4, 6]);
    const r = { status: "IN_REVIEW", createdById: 3, fourEyes: true, contributorIds: edited };
    expect(releaseActions(lead, r)).toEqual(["return"]);
    // Notes are not the content: the lead who only wrote notes may approve.
    expect(releaseActions(lead2, r)).toEqual(["approve", "return"]);
  });

  it("runs, endpoints and exports are managed by their maker or a lead", () => {
    for (const action of ["run.manage", "endpoint.manage", "export.manage"] as const) {
      expect(can(researcher, action, { createdById: 3 })).toBe(true);
      expect(can(researcher2, action, { createdById: 3 })).toBe(false);
      expect(can(lead, action, { createdById: 3 })).toBe(true);
      expect(can(researcher2, action, { createdById: null })).toBe(true);
    }
  });

  it("routes: each role may do what the roles below it may", () => {
    expect(can(lead, "route", { required: "RESEARCHER" })).toBe(true);
    expect(can(researcher, "route", { required: "LEAD" })).toBe(false);
  });
});
