// Train/test splits of a release, assigned by task as in PRIMO (DOMAIN.md §1). Pure.
//
//   - a held-out environment: every episode is test, tagged OOD cross-environment;
//   - a test task (an unseen task of a seen environment): every episode is test, OOD cross-task;
//   - any other task is a training task: its episodes are train, except a fixed share held out
//     as in-domain (ID) test episodes. Which ones is decided by a hash of the seed and the
//     episode's key, so an episode keeps its split from one release to the next and adding or
//     removing other episodes never moves it.
import { createHash } from "node:crypto";
import type { ReleaseSplit, ReleaseSplitTag } from "@/lib/export/types";
import type { TSplitConfig } from "./schemas";

// The split configuration's schema is in ./schemas.ts (pure: the release form checks with it).
export { ZSplitConfigSchema, type TSplitConfig } from "./schemas";

export const SPLIT_RULE =
  "Held-out environments are test, OOD cross-environment. Test tasks are test, OOD cross-task. Episodes of every other task are train, except a fixed share (chosen by a hash of the seed and the episode key) held out as in-domain (ID) test.";

export interface SplitInput {
  id: number;
  key: string;
  environmentId: number;
  taskId: number;
}

/** A number in [0, 1) fixed by the seed and the episode key. */
export function heldOutScore(seed: number, key: string): number {
  const h = createHash("sha256").update(`${seed}\u0000${key}`).digest();
  return h.readUInt32BE(0) / 2 ** 32;
}

export function assignSplit(e: SplitInput, config: TSplitConfig): { split: ReleaseSplit; splitTag: ReleaseSplitTag } {
  if (config.heldOutEnvironmentIds.includes(e.environmentId)) return { split: "test", splitTag: "OOD_CROSS_ENV" };
  if (config.testTaskIds.includes(e.taskId)) return { split: "test", splitTag: "OOD_CROSS_TASK" };
  if (heldOutScore(config.seed, e.key) < config.idTestPercent / 100) return { split: "test", splitTag: "ID" };
  return { split: "train", splitTag: "TRAIN" };
}

export type SplitCounts = Record<ReleaseSplitTag, number>;

export function emptySplitCounts(): SplitCounts {
  return { TRAIN: 0, ID: 0, OOD_CROSS_TASK: 0, OOD_CROSS_ENV: 0 };
}

/** Episode counts per split tag, per environment, per task and in total. */
export function splitCounts(
  episodes: SplitInput[],
  config: TSplitConfig,
): { total: SplitCounts; byEnvironment: Map<number, SplitCounts>; byTask: Map<number, SplitCounts> } {
  const total = emptySplitCounts();
  const byEnvironment = new Map<number, SplitCounts>();
  const byTask = new Map<number, SplitCounts>();
  for (const e of episodes) {
    const { splitTag } = assignSplit(e, config);
    total[splitTag]++;
    for (const [map, id] of [[byEnvironment, e.environmentId], [byTask, e.taskId]] as const) {
      const c = map.get(id) ?? emptySplitCounts();
      c[splitTag]++;
      map.set(id, c);
    }
  }
  return { total, byEnvironment, byTask };
}

/** Training tasks (neither held out nor test tasks) with no training episode: all fell in the in-domain share. */
export function starvedTasks(byTask: Map<number, SplitCounts>): number[] {
  return [...byTask.entries()].filter(([, c]) => c.TRAIN === 0 && c.ID > 0).map(([id]) => id);
}

export const NO_TRAINING_WARNING = "No episode is left for training: every episode is in a test split.";

/**
 * What a lead should know about the splits before saving: nothing left to train on, or a
 * training task (neither held out nor a test task) whose episodes all fell in the in-domain test
 * share. `taskName` names a task for the message.
 */
export function splitWarnings(total: SplitCounts, byTask: Map<number, SplitCounts>, taskName: (id: number) => string): string[] {
  const warnings: string[] = [];
  const all = Object.values(total).reduce((a, n) => a + n, 0);
  if (all > 0 && total.TRAIN === 0) warnings.push(NO_TRAINING_WARNING);
  for (const id of starvedTasks(byTask)) {
    warnings.push(`“${taskName(id)}” is a training task, but all ${byTask.get(id)!.ID} of its episodes fell in the in-domain test share. Lower the share, change the seed, or add episodes.`);
  }
  return warnings;
}
