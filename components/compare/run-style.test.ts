import { describe, expect, it } from "vitest";
import { GROUND_TRUTH_COLOUR, RUN_COLOURS, runStyle, runStyles } from "./run-style";

describe("runStyles", () => {
  it("gives the same run the same style whatever order the runs come in", () => {
    const a = runStyles([9, 2, 5]);
    const b = runStyles([5, 9, 2, 2]);
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
    expect(a.get(2)).toEqual(runStyle(0));
    expect(a.get(9)).toEqual(runStyle(2));
  });

  it("never gives two of the first 56 runs the same colour and shape", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 56; i++) {
      const s = runStyle(i);
      const key = `${s.colour}/${s.shape}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  it("gives the first eight runs eight different colours, none the ground truth's", () => {
    const colours = [...runStyles([1, 2, 3, 4, 5, 6, 7, 8]).values()].map((s) => s.colour);
    expect(new Set(colours).size).toBe(8);
    expect(colours).not.toContain(GROUND_TRUTH_COLOUR);
    expect(RUN_COLOURS).toHaveLength(8);
  });
});
