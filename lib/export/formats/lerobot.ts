/**
 * lerobot: the release as a LeRobot v3.0 dataset folder (`lerobot/`), written by
 * lib/export/lerobot/write-dataset.ts: the source's frames and hard-linked videos when every
 * episode is from one LeRobot v3 dataset, else a new dataset with concatenated mp4s; plus the
 * approved subtask segments as SARM episode columns and LeRobot's own subtasks.parquet /
 * subtask_index, outcomes and failure reasons, and ground-truth progress (sarm_progress.parquet).
 * Checked against huggingface/lerobot @ 7427f31801f944f5ec9ce53cda02862ce7d1638b (see
 * docs/exports.md "LeRobot v3.0"). A dataset format: no records, no extracted media.
 */
import { z } from "zod";
import { lerobotProblem, writeLerobotDataset } from "@/lib/export/lerobot/write-dataset";
import type { SnapshotEpisode } from "@/lib/export/types";
import { defineFormat } from "./format";

export const lerobot = defineFormat<SnapshotEpisode, never>({
  id: "lerobot",
  label: "LeRobot v3.0 dataset",
  description: "The release as a LeRobot v3.0 dataset with SARM subtask annotations, outcomes and ground-truth progress.",
  reader: {
    trainer: "LeRobot",
    source: "huggingface/lerobot src/lerobot/datasets/{lerobot_dataset,dataset_metadata,io_utils,feature_utils,utils}.py, src/lerobot/rewards/sarm/ @ 7427f31",
  },
  items: "episodes",
  file: "dataset",
  webdataset: false,
  provenanceSidecar: false,
  hfConfig: false,
  schema: z.never(),
  build: () => [],
  mediaNeeds: (episode) => ({ episode, dir: "", frames: [] }),
  cardNote:
    "A LeRobot v3.0 dataset (`lerobot/`): frames, videos, tasks, the approved subtasks as SARM columns and `meta/subtasks.parquet`, outcome and failure reason per episode, ground-truth progress in `sarm_progress.parquet`.",
  cardSnippet: () =>
    [
      "```python",
      "from lerobot.datasets.lerobot_dataset import LeRobotDataset",
      'ds = LeRobotDataset(repo_id="local/critic-release", root="<export folder>/lerobot")',
      "frame = ds[0]  # observation.*, action, timestamp, frame_index, episode_index, index, task_index, subtask_index, task",
      "ds.meta.episodes[\"outcome\"], ds.meta.episodes[\"failure_reason\"]  # SUCCESS/FAILURE/UNSURE/UNKNOWN",
      "```",
      "SARM: the approved subtasks are the sparse annotation SARM's annotator writes, in the episode columns `sparse_subtask_names`, `sparse_subtask_start_frames`, `sparse_subtask_end_frames` (end frames exclusive; also the legacy `subtask_*` copies) with `meta/temporal_proportions_sparse.json`. SARM's `dual` mode also needs dense subtasks (lerobot docs/source/sarm.mdx), which this export does not write.",
      "RA-BC: `sarm_progress.parquet` at the dataset root holds the annotated ground-truth progress 0–1 in SARM's output layout (index, episode_index, frame_index, progress_sparse), so a policy can be trained with it directly:",
      "```bash",
      "lerobot-train --dataset.repo_id=local/critic-release --dataset.root=<export folder>/lerobot --policy.type=pi0 \\",
      "  --sample_weighting.type=rabc --sample_weighting.head_mode=sparse \\",
      "  --sample_weighting.progress_path=<export folder>/lerobot/sarm_progress.parquet",
      "```",
    ].join("\n"),
  emptyReason: (s) => (s.episodes === 0 ? "the release has no episodes" : "the episodes could not be written as one LeRobot dataset"),
  episodesProblem: lerobotProblem,
  writeDataset: (episodes, io) => writeLerobotDataset(episodes, io),
  // A dataset format has no records to check.
  conform: () => ({ problems: [], note: {} }),
});
