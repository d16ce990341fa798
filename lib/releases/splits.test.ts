import { describe, expect, it } from "vitest";
import { NO_TRAINING_WARNING, ZSplitConfigSchema, assignSplit, emptySplitCounts, heldOutScore, splitCounts, splitWarnings, starvedTasks, type SplitCounts, type SplitInput } from "./splits";

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

  it("warns when nothing is left to train on, and names a training task whose episodes all went to in-domain test", () => {
    const counts = (c: Partial<SplitCounts>): SplitCounts => ({ ...emptySplitCounts(), ...c });
    const byTask = new Map([
      [1, counts({ TRAIN: 3, ID: 1 })],
      [2, counts({ ID: 2 })],
      [3, counts({ OOD_CROSS_TASK: 4 })],
    ]);
    expect(starvedTasks(byTask)).toEqual([2]);
    expect(splitWarnings(counts({ TRAIN: 3, ID: 3, OOD_CROSS_TASK: 4 }), byTask, (id) => `task ${id}`)).toEqual([
      "“task 2” is a training task, but all 2 of its episodes fell in the in-domain test share. Lower the share, change the seed, or add episodes.",
    ]);
    expect(splitWarnings(counts({ OOD_CROSS_ENV: 5 }), new Map(), String)).toEqual([NO_TRAINING_WARNING]);
    expect(splitWarnings(emptySplitCounts(), new Map(), String)).toEqual([]);
  });
});
