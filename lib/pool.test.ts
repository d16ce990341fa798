import { describe, expect, it } from "vitest";
import { mapPool } from "./pool";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("mapPool", () => {
  it("keeps at most `limit` calls running and returns results in input order", async () => {
    let running = 0;
    let most = 0;
    const out = await mapPool([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      for (let i = 0; i < n; i++) await tick();
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it("starts nothing new after a failure, lets started calls end, and rejects with the first failure", async () => {
    const started: number[] = [];
    const ended: number[] = [];
    const run = mapPool([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      await tick();
      if (n === 2) throw new Error("two failed");
      await tick();
      ended.push(n);
      return n;
    });
    await expect(run).rejects.toThrow("two failed");
    expect(started).toEqual([1, 2]);
    expect(ended).toEqual([1]);
  });
});
