// Tasks, subtasks and SARM annotation columns of a LeRobot v3 export (pure).
//
// SARM (huggingface/lerobot @ 7427f31801f944f5ec9ce53cda02862ce7d1638b):
//   src/lerobot/data_processing/sarm_annotations/subtask_annotation.py save_annotations_to_dataset
//     writes per episode `sparse_subtask_{names,start_times,end_times,start_frames,end_frames}`
//     (frames = int(t * fps), episode-relative) plus the legacy unprefixed `subtask_*` copies;
//     adjacent subtasks share the boundary (end_k == start_{k+1}), so end frames are EXCLUSIVE.
//     We write end = our inclusive endFrame + 1, which our importer (lib/import/readers/util.ts
//     sarmSubtasks) reads back as [start, end - 1]: the round trip is exact.
//   compute_temporal_proportions (same file): per episode duration_k / total, averaged over the
//     episodes that have subtask k, normalised to sum 1, ordered by the subtask order;
//     src/lerobot/rewards/sarm/modeling_sarm.py reads meta/temporal_proportions_sparse.json.
//   src/lerobot/rewards/sarm/compute_rabc_weights.py writes sarm_progress.parquet at the dataset
//     root: index, episode_index, frame_index (int64), progress_sparse (float32), sorted by index;
//     src/lerobot/rewards/sarm/rabc.py reads `progress_<head_mode>` from it for RA-BC weights.
import { progressCurve } from "@/lib/progress/progress-curve";
import type { SnapshotEpisode } from "@/lib/export/types";

/** The task strings in task_index order, and each episode's task index. */
export function taskTable(episodes: readonly SnapshotEpisode[]): { tasks: string[]; indexOf: Map<string, number> } {
  // LeRobot sources keep their task_index as the app's task key: keep that order when every
  // episode is from LeRobot, so a full re-export gives every task its old index.
  const byKey = episodes.every((e) => e.source?.kind === "LEROBOT_V3" && /^\d+$/.test(e.task.key));
  const seen = new Map<string, number>();
  episodes.forEach((e, i) => {
    const order = byKey ? Number(e.task.key) : i;
    const prev = seen.get(e.task.instruction);
    if (prev === undefined || order < prev) seen.set(e.task.instruction, order);
  });
  const tasks = [...seen].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([t]) => t);
  return { tasks, indexOf: new Map(tasks.map((t, i) => [t, i])) };
}

/** Every subtask label used, in stage order: the tasks' canonical order first, then first seen. */
export function subtaskTable(episodes: readonly SnapshotEpisode[], taskOrder: readonly string[]): { subtasks: string[]; indexOf: Map<string, number> } {
  const used = new Set(episodes.flatMap((e) => e.annotation.segments.map((s) => s.label)));
  const ordered: string[] = [];
  const add = (l: string) => {
    if (used.has(l) && !ordered.includes(l)) ordered.push(l);
  };
  const byTask = new Map<string, SnapshotEpisode>();
  for (const e of episodes) if (!byTask.has(e.task.instruction)) byTask.set(e.task.instruction, e);
  for (const t of taskOrder) for (const l of byTask.get(t)?.progress.canonicalSubtasks ?? []) add(l);
  for (const e of episodes) for (const s of [...e.annotation.segments].sort((a, b) => a.startFrame - b.startFrame)) add(s.label);
  return { subtasks: ordered, indexOf: new Map(ordered.map((l, i) => [l, i])) };
}

/** Segments sorted by start. */
export function sortedSegments(e: SnapshotEpisode) {
  return [...e.annotation.segments].sort((a, b) => a.startFrame - b.startFrame || a.endFrame - b.endFrame);
}

/** SARM episode columns of one episode (null lists when it has no segments, as SARM leaves them). */
export function sarmColumns(e: SnapshotEpisode, fps: number) {
  const segs = sortedSegments(e);
  if (segs.length === 0) return { names: null, startFrames: null, endFrames: null, startTimes: null, endTimes: null };
  const startFrames = segs.map((s) => s.startFrame);
  // SARM end frames are exclusive (see the header).
  const endFrames = segs.map((s) => s.endFrame + 1);
  return {
    names: segs.map((s) => s.label),
    startFrames,
    endFrames,
    startTimes: startFrames.map((f) => f / fps),
    endTimes: endFrames.map((f) => f / fps),
  };
}

/** Per frame of the episode: the subtask_index of the segment holding it, -1 outside every segment. */
export function frameSubtasks(e: SnapshotEpisode, indexOf: Map<string, number>): Int32Array {
  const out = new Int32Array(e.lengthFrames).fill(-1);
  for (const s of e.annotation.segments) {
    const k = indexOf.get(s.label) ?? -1;
    for (let f = Math.max(0, s.startFrame); f <= Math.min(e.lengthFrames - 1, s.endFrame); f++) out[f] = k;
  }
  return out;
}

/** Ground-truth progress 0–1 per frame: the app's curve (lib/progress/progress-curve.ts) / 100. */
export function progressSparse(e: SnapshotEpisode): number[] {
  return progressCurve({
    segments: e.annotation.segments,
    lengthFrames: e.lengthFrames,
    weighting: e.progress.weighting,
    outcome: e.annotation.outcome,
    canonicalSubtasks: e.progress.canonicalSubtasks,
    typicalDurations: e.progress.typicalDurations,
  }).map((p) => p / 100);
}

/**
 * meta/temporal_proportions_sparse.json as SARM's compute_temporal_proportions makes it: mean
 * per-episode share of each subtask (frames, inclusive), normalised to 1, in stage order.
 */
export function temporalProportions(episodes: readonly SnapshotEpisode[], order: readonly string[]): Record<string, number> {
  const shares = new Map<string, number[]>();
  for (const e of episodes) {
    const durations = new Map<string, number>();
    let total = 0;
    for (const s of e.annotation.segments) {
      const d = s.endFrame - s.startFrame + 1;
      durations.set(s.label, d);
      total += d;
    }
    if (total <= 0) continue;
    for (const [l, d] of durations) {
      let list = shares.get(l);
      if (!list) shares.set(l, (list = []));
      list.push(d / total);
    }
  }
  const mean = new Map([...shares].map(([l, xs]) => [l, xs.reduce((a, b) => a + b, 0) / xs.length]));
  const sum = [...mean.values()].reduce((a, b) => a + b, 0);
  const out: Record<string, number> = {};
  for (const l of order) if (mean.has(l)) out[l] = sum > 0 ? mean.get(l)! / sum : 0;
  return out;
}
