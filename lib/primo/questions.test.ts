import { describe, expect, it } from "vitest";
import { PROGRESS_QUESTIONS, fnv1a32, pickQuestion } from "./questions";

describe("PROGRESS_QUESTIONS (PRIMO R1 Appendix F)", () => {
  it("has exactly 100 distinct, non-empty phrasings", () => {
    expect(PROGRESS_QUESTIONS).toHaveLength(100);
    expect(new Set(PROGRESS_QUESTIONS).size).toBe(100);
    for (const q of PROGRESS_QUESTIONS) expect(q).toMatch(/^\S.*\S$/);
  });

  it("matches the paper at #1, #4, #5, #29, #50, #51, #95, #100", () => {
    expect(PROGRESS_QUESTIONS[0]).toBe("How much of the task has been completed?");
    expect(PROGRESS_QUESTIONS[3]).toBe("Estimate the completion percentage of the task.");
    expect(PROGRESS_QUESTIONS[4]).toBe("How far along is the agent in completing the task (in percent)?");
    expect(PROGRESS_QUESTIONS[28]).toBe("Estimate progress ratio (0% or 100%)?");
    expect(PROGRESS_QUESTIONS[49]).toBe("How progressed is the task shown in this video?");
    expect(PROGRESS_QUESTIONS[50]).toBe("Based on this clip, what's the completion percentage?");
    expect(PROGRESS_QUESTIONS[94]).toBe("Indicate how much of the task remains unfinished.");
    expect(PROGRESS_QUESTIONS[99]).toBe("Estimate the degree of completion based on the given video.");
  });

  it("is frozen", () => {
    expect(Object.isFrozen(PROGRESS_QUESTIONS)).toBe(true);
  });
});

describe("fnv1a32", () => {
  it("matches the published FNV-1a 32-bit test vectors", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });
});

describe("pickQuestion", () => {
  it("is deterministic and returns a question from the list", () => {
    const a = pickQuestion("episode-42:frame-117");
    const b = pickQuestion("episode-42:frame-117");
    expect(a).toEqual(b);
    expect(a.index).toBeGreaterThanOrEqual(0);
    expect(a.index).toBeLessThan(100);
    expect(a.text).toBe(PROGRESS_QUESTIONS[a.index]);
  });

  it("spreads seeds over the list", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(pickQuestion(`ep-${i}:${i * 7}`).index);
    expect(seen.size).toBeGreaterThan(90);
  });

  it("handles non-ASCII seeds", () => {
    const r = pickQuestion("épisode-ü:3");
    expect(PROGRESS_QUESTIONS).toContain(r.text);
  });
});
