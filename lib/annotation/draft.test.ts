import { describe, expect, it } from "vitest";
import { decideLocalDraft, isRetryable, parseLocalDraft, retryDelayMs, sameSnapshot } from "./draft";
import type { AnnotationSnapshot } from "./types";

const base: AnnotationSnapshot = {
  segments: [
    { key: "a", startFrame: 0, endFrame: 9, label: "reach" },
    { key: "b", startFrame: 10, endFrame: 19, label: "grasp" },
  ],
  outcome: "SUCCESS",
  failureReason: null,
  note: "",
  qualityFlags: ["Bad video", "Wrong task"],
};
const edited: AnnotationSnapshot = { ...base, segments: [{ ...base.segments[0]!, endFrame: 11 }, { ...base.segments[1]!, startFrame: 12 }] };

describe("sameSnapshot", () => {
  it("ignores segment and flag order but not a moved boundary", () => {
    expect(sameSnapshot(base, { ...base, segments: [...base.segments].reverse(), qualityFlags: ["Wrong task", "Bad video"] })).toBe(true);
    expect(sameSnapshot(base, edited)).toBe(false);
    expect(sameSnapshot(base, { ...base, note: "x" })).toBe(false);
  });
});

describe("decideLocalDraft", () => {
  it("restores unsaved edits made on the server's current version", () => {
    expect(decideLocalDraft({ annotationId: 1, baseVersion: 3, snapshot: edited, updatedAt: 0 }, { version: 3, snapshot: base })).toBe("restore");
  });
  it("reports a conflict when someone saved since the edits were made", () => {
    expect(decideLocalDraft({ annotationId: 1, baseVersion: 2, snapshot: edited, updatedAt: 0 }, { version: 3, snapshot: base })).toBe("conflict");
  });
  it("drops a draft the server already has", () => {
    expect(decideLocalDraft({ annotationId: 1, baseVersion: 2, snapshot: base, updatedAt: 0 }, { version: 3, snapshot: base })).toBe("discard");
    expect(decideLocalDraft(null, { version: 3, snapshot: base })).toBe("none");
  });
});

describe("retries", () => {
  it("backs off 1, 2, 4 … seconds up to 30", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
  it("retries lost connections and server errors, not refusals", () => {
    expect(isRetryable(0)).toBe(true);
    expect(isRetryable(503)).toBe(true);
    expect(isRetryable(400)).toBe(false);
    expect(isRetryable(409)).toBe(false);
  });
});

describe("parseLocalDraft", () => {
  it("rejects garbage and drafts of another annotation", () => {
    expect(parseLocalDraft("{not json", 1)).toBeNull();
    expect(parseLocalDraft(JSON.stringify({ annotationId: 2, baseVersion: 1, snapshot: base }), 1)).toBeNull();
    expect(parseLocalDraft(JSON.stringify({ annotationId: 1, baseVersion: 1, snapshot: base, updatedAt: 5 }), 1)?.baseVersion).toBe(1);
  });
});
