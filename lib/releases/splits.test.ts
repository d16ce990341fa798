import { describe, expect, it } from "vitest";
import { ZSplitConfigSchema, assignSplit, heldOutScore, splitCounts, type SplitInput } from "./splits";

const cfg = (c: Partial<ReturnType<typeof ZSplitConfigSchema.parse>> = {}) => ZSplitConfigSchema.parse(c);
const eps = (n: number, environmentId = 1, taskId = 10): SplitInput[] =>
  Array.from({ length: n }, (_, i) => ({ id: i + 1, key: `ep-${i}`, environmentId, taskId }));

describe("release splits", () => {
  it("puts held-out environments and test tasks entirely in test, with their OOD tag", () => {
    const c = cfg({ heldOutEnvironmentIds: [2], testTaskIds: [11], idTestPercent: 0 });
    expect(assignSplit({ id: 1, key: "a", environmentId: 2, taskId: 11 }, c)).toEqual({ split: "test", splitTag: "OOD_CROSS_ENV" });
    expect(assignSplit({ id: 2, key: "b", environmentId: 1, taskId: 11 }, c)).toEqual({ split: "test", splitTag: "OOD_CROSS_TASK" });
    expect(assignSplit({ id: 3, key: "c", environmentId: 1, taskId: 10 }, c)).toEqual({ split: "train", splitTag: "TRAIN" });
  });

  it("holds out about the configured share of a training task as in-domain test", () => {
    const { total } = splitCounts(eps(2000), cfg({ idTestPercent: 10, seed: 3 }));
    expect(total.ID + total.TRAIN).toBe(2000);
    expect(total.ID).toBeGreaterThan(150);
    expect(total.ID).toBeLessThan(250);
    expect(splitCounts(eps(50), cfg({ idTestPercent: 0 })).total.ID).toBe(0);
  });

  it("keeps an episode's split when other episodes come and go, and changes it only with the seed", () => {
    const all = eps(300);
    const c = cfg({ idTestPercent: 20, seed: 9 });
    const some = all.filter((_, i) => i % 3 === 0);
    for (const e of some) expect(assignSplit(e, c)).toEqual(assignSplit(all.find((x) => x.id === e.id)!, c));
    const moved = all.filter((e) => assignSplit(e, c).splitTag !== assignSplit(e, { ...c, seed: 10 }).splitTag);
    expect(moved.length).toBeGreaterThan(0);
    expect(heldOutScore(1, "x")).toBe(heldOutScore(1, "x"));
  });

  it("counts per environment", () => {
    const c = cfg({ heldOutEnvironmentIds: [2], idTestPercent: 0 });
    const { byEnvironment, total } = splitCounts([...eps(3, 1), ...eps(2, 2)], c);
    expect(byEnvironment.get(1)).toEqual({ TRAIN: 3, ID: 0, OOD_CROSS_TASK: 0, OOD_CROSS_ENV: 0 });
    expect(byEnvironment.get(2)).toEqual({ TRAIN: 0, ID: 0, OOD_CROSS_TASK: 0, OOD_CROSS_ENV: 2 });
    expect(total).toEqual({ TRAIN: 3, ID: 0, OOD_CROSS_TASK: 0, OOD_CROSS_ENV: 2 });
  });
});
