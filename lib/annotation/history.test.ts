import { describe, expect, it } from "vitest";
import { canRedo, canUndo, createHistory, pushHistory, redo, undo } from "./history";

describe("history", () => {
  it("starts with nothing to undo or redo", () => {
    const h = createHistory("a");
    expect(h).toEqual({ past: [], present: "a", future: [] });
    expect(canUndo(h)).toBe(false);
    expect(canRedo(h)).toBe(false);
    expect(undo(h)).toBe(h);
    expect(redo(h)).toBe(h);
  });

  it("undoes and redoes in order", () => {
    let h = pushHistory(pushHistory(createHistory("a"), "b"), "c");
    expect(h).toEqual({ past: ["a", "b"], present: "c", future: [] });
    h = undo(h);
    expect(h).toEqual({ past: ["a"], present: "b", future: ["c"] });
    h = undo(h);
    expect(h).toEqual({ past: [], present: "a", future: ["b", "c"] });
    expect(canUndo(h)).toBe(false);
    h = redo(h);
    expect(h).toEqual({ past: ["a"], present: "b", future: ["c"] });
    expect(canRedo(h)).toBe(true);
  });

  it("a new step after undo drops the redo branch", () => {
    const h = pushHistory(undo(pushHistory(createHistory("a"), "b")), "x");
    expect(h).toEqual({ past: ["a"], present: "x", future: [] });
  });

  it("ignores a push of the same reference", () => {
    const obj = { n: 1 };
    const h = createHistory(obj);
    expect(pushHistory(h, obj)).toBe(h);
    // an equal but distinct object is a real step
    expect(pushHistory(h, { n: 1 }).past).toEqual([obj]);
  });

  it("keeps only the newest `limit` past states", () => {
    let h = createHistory(0);
    for (let i = 1; i <= 5; i++) h = pushHistory(h, i, 3);
    // pushes 1..5 leave past 0,1,2,3,4; the newest 3 are 2,3,4
    expect(h).toEqual({ past: [2, 3, 4], present: 5, future: [] });
  });
});
