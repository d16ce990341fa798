// Which benchmark split an episode belongs to, as in the PRIMO paper: in-domain (seen tasks),
// OOD cross-task (unseen tasks of a seen environment) and OOD cross-environment (an unseen
// robot or setting). Decided from the episodes' split tags, in one SQL expression so the
// leaderboard, the review queue and the run reports all agree.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

export const BENCHMARK_SPLITS = ["ID", "OOD_CROSS_TASK", "OOD_CROSS_ENV", "TRAIN"] as const;
export type BenchmarkSplit = (typeof BENCHMARK_SPLITS)[number];

export const SPLIT_LABEL: Record<BenchmarkSplit, string> = {
  ID: "In-domain",
  OOD_CROSS_TASK: "OOD cross-task",
  OOD_CROSS_ENV: "OOD cross-environment",
  TRAIN: "Training episodes",
};

export const SPLIT_RULE = [
  "A tag on the episode decides when there is one (case, spaces and punctuation ignored): “id” or “in-domain”; “ood-cross-task”, “cross-task” or “unseen-task”; “ood-cross-env”, “cross-environment” or “unseen-environment”; “train”.",
  "Otherwise, an episode of an environment with no training episodes is OOD cross-environment; of a task with training episodes, in-domain; of any other task, OOD cross-task.",
  "When no episode at all is tagged “train”, untagged episodes are in-domain.",
].join(" ");

// Tags compared after lowercasing and dropping everything but letters and digits.
const ID_TAGS = ["id", "indomain"];
const TASK_TAGS = ["oodcrosstask", "crosstask", "oodtask", "unseentask"];
const ENV_TAGS = ["oodcrossenv", "oodcrossenvironment", "crossenv", "crossenvironment", "oodenv", "unseenenv", "unseenenvironment"];
const TRAIN_TAGS = ["train", "training"];

/**
 * A CTE body yielding (episode_id, environment_id, task_id, split) for every episode. Use as
 * `WITH split AS (${episodeSplitsSql}) …`.
 */
export const episodeSplitsSql = Prisma.sql`
  WITH tagged AS (
    SELECT e.id, e.environment_id, e.task_id,
      CASE
        WHEN t.tags && ${ID_TAGS}::text[] THEN 'ID'
        WHEN t.tags && ${TASK_TAGS}::text[] THEN 'OOD_CROSS_TASK'
        WHEN t.tags && ${ENV_TAGS}::text[] THEN 'OOD_CROSS_ENV'
        WHEN t.tags && ${TRAIN_TAGS}::text[] THEN 'TRAIN'
      END AS explicit
    FROM episodes e
    CROSS JOIN LATERAL (SELECT coalesce(array_agg(regexp_replace(lower(x), '[^a-z0-9]', '', 'g')), '{}') AS tags FROM unnest(e.split_tags) x) t
  ), trained_env AS (SELECT DISTINCT environment_id FROM tagged WHERE explicit = 'TRAIN'),
     trained_task AS (SELECT DISTINCT task_id FROM tagged WHERE explicit = 'TRAIN')
  SELECT g.id AS episode_id, g.environment_id, g.task_id,
    coalesce(g.explicit, CASE
      WHEN NOT EXISTS (SELECT 1 FROM trained_env) THEN 'ID'
      WHEN g.environment_id NOT IN (SELECT environment_id FROM trained_env) THEN 'OOD_CROSS_ENV'
      WHEN g.task_id IN (SELECT task_id FROM trained_task) THEN 'ID'
      ELSE 'OOD_CROSS_TASK' END) AS split
  FROM tagged g`;
