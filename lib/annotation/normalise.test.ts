import { describe, expect, it } from "vitest";
import { normaliseSnapshot } from "./normalise";

describe("normaliseSnapshot", () => {
  it("sorts segments, trims labels, drops a reason unless failed, and keeps one of each flag", () => {
    expect(
      normaliseSnapshot({
        segments: [
          { key: "b", startFrame: 10, endFrame: 19, label: " grasp " },
          { key: "a", startFrame: 0, endFrame: 9, label: "reach" },
        ],
        outcome: "SUCCESS",
        failureReason: "Object dropped",
        note: " kept as typed ",
        qualityFlags: ["Bad video", "Bad video"],
      }),
    ).toEqual({
      segments: [
        { key: "a", startFrame: 0, endFrame: 9, label: "reach" },
        { key: "b", startFrame: 10, endFrame: 19, label: "grasp" },
      ],
      outcome: "SUCCESS",
      failureReason: null,
      note: " kept as typed ",
      qualityFlags: ["Bad video"],
    });
  });
  it("keeps the reason of a failure", () => {
    expect(normaliseSnapshot({ segments: [], outcome: "FAILURE", failureReason: "Collision", note: "", qualityFlags: [] }).failureReason).toBe("Collision");
  });
});
