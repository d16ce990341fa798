import { describe, expect, it } from "vitest";
import { withCommentResolved, type CommentData } from "./use-workspace";

const comment = (id: number, resolved = false): CommentData => ({
  id,
  annotationId: 1,
  annotationVersion: 1,
  frame: null,
  segmentKey: null,
  body: `c${id}`,
  resolved,
  resolvedAt: null,
  createdAt: "2026-01-01T00:00:00Z",
  author: { id: 1, name: "A" },
  resolvedBy: null,
});

describe("withCommentResolved", () => {
  it("marks only the named comment and leaves the input untouched", () => {
    const before = { comments: [comment(1), comment(2)] };
    const after = withCommentResolved(before, 2, true)!;
    expect(after.comments.map((c) => c.resolved)).toEqual([false, true]);
    expect(before.comments[1]!.resolved).toBe(false);
  });
  it("does nothing before the list has loaded", () => {
    expect(withCommentResolved(undefined, 1, true)).toBeUndefined();
  });
});
