// LeRobot v3.0 reader. Layout (DOMAIN.md section 5):
//   meta/info.json                                 fps, features, data_path, video_path, chunks_size
//   meta/tasks.parquet                             task_index + the task string (pandas index
//                                                  column `__index_level_0__`, or a `task` column)
//   meta/episodes/chunk-NNN/file-NNN.parquet       one row per episode: episode_index, tasks,
//                                                  length, data/chunk_index, data/file_index,
//                                                  videos/<key>/{chunk_index,file_index,
//                                                  from_timestamp,to_timestamp}, optional SARM
//                                                  sparse_subtask_* columns
// Several episodes share one mp4 per camera: an episode is the time range
// [from_timestamp, to_timestamp) of `video_path` filled with the episode's chunk/file index.

import path from "node:path";

import type { ImportBatch, ImportCamera, ImportEpisode, ImportOutcome, ImportProblem, ReaderOptions } from "../types";
import {
  finishLeRobotBatch,
  MissingFiles,
  StatCache,
  TaskCollector,
  asArray,
  asInt,
  asNumber,
  checkSegments,
  fillTemplate,
  listDir,
  readLeRobotInfo,
  readParquetRows,
  resolveInside,
  sarmSubtasks,
  splitTagsFor,
  toJsonSafe,
  type LeRobotInfo,
  type ParquetRow,
} from "./util";

const TASKS_FILE = "meta/tasks.parquet";

const EPISODE_COLUMNS = new Set([
  "episode_index",
  "tasks",
  "length",
  "dataset_from_index",
  "dataset_to_index",
  "data/chunk_index",
  "data/file_index",
  "sparse_subtask_names",
  "sparse_subtask_start_frames",
  "sparse_subtask_end_frames",
  "subtask_names",
  "subtask_start_frames",
  "subtask_end_frames",
  // Written by Critic Studio's LeRobot export (lib/export/lerobot/write-dataset.ts).
  "outcome",
  "failure_reason",
]);

const OUTCOMES: readonly ImportOutcome[] = ["SUCCESS", "FAILURE", "UNSURE", "UNKNOWN"];

const VIDEO_FIELDS = ["chunk_index", "file_index", "from_timestamp", "to_timestamp"] as const;

export async function readLeRobotV3(opts: ReaderOptions): Promise<ImportBatch> {
  const root = path.resolve(opts.root);
  const problems: ImportProblem[] = [];
  const batch: ImportBatch = { kind: "LEROBOT_V3", name: path.basename(root), tasks: [], episodes: [], problems };

  const info = await readLeRobotInfo(root, problems, { video: { chunk_index: 0, file_index: 0 }, data: { chunk_index: 0, file_index: 0 } });
  const taskIndexByText = await readTasks(root, problems);
  const episodeFiles = await listEpisodeFiles(root, problems);
  if (!info || !taskIndexByText || !episodeFiles) return batch;

  const environment = opts.environment?.trim() || info.robotType;
  if (!environment) {
    problems.push({
      file: "meta/info.json",
      reason: `"robot_type" is not set, so the environment is unknown; choose an environment for this import`,
    });
    return batch;
  }

  const tasks = new TaskCollector();
  for (const [text, index] of taskIndexByText) tasks.add(environment, String(index), text);

  const stats = new StatCache();
  const missing = new MissingFiles();
  const seen = new Map<string, string>();
  const pending: { episode: ImportEpisode; file: string; checks: { rel: string; abs: string; what: string }[] }[] = [];

  for (const file of episodeFiles) {
    const read = await readParquetRows(
      path.join(root, ...file.split("/")),
      (c) => EPISODE_COLUMNS.has(c) || (c.startsWith("videos/") && VIDEO_FIELDS.some((f) => c.endsWith(`/${f}`))),
    );
    if (!read.ok) {
      problems.push({ file, reason: read.reason });
      continue;
    }
    // A column missing from the whole file is reported once, not once per episode.
    const absent = ["episode_index", "tasks", "length", ...info.videoKeys.flatMap((k) => VIDEO_FIELDS.map((f) => `videos/${k}/${f}`))].filter(
      (c) => !read.value.columns.includes(c),
    );
    if (absent.length > 0) {
      problems.push({ file, reason: `missing column${absent.length === 1 ? "" : "s"} ${absent.map((c) => `"${c}"`).join(", ")}` });
      continue;
    }
    for (const row of read.value.rows) {
      const built = buildEpisode(row, file, info, environment, taskIndexByText, root, problems);
      if (!built) continue;
      const { episode, checks } = built;
      const earlier = seen.get(episode.sourceKey);
      if (earlier !== undefined) {
        problems.push({ file, episode: episode.sourceKey, reason: `episode_index ${episode.sourceKey} appears twice (also in ${earlier})` });
        continue;
      }
      seen.set(episode.sourceKey, file);
      pending.push({ episode, file, checks });
    }
  }

  return finishLeRobotBatch(batch, pending, { stats, missing, tasks, environment });
}

function buildEpisode(
  row: ParquetRow,
  file: string,
  info: LeRobotInfo,
  environment: string,
  taskIndexByText: Map<string, number>,
  root: string,
  problems: ImportProblem[],
): { episode: ImportEpisode; checks: { rel: string; abs: string; what: string }[] } | null {
  const index = asInt(row.episode_index);
  if (index === null || index < 0) {
    problems.push({ file, reason: `a row has an invalid episode_index (${JSON.stringify(toJsonSafe(row.episode_index))})` });
    return null;
  }
  const key = String(index);
  let ok = true;
  const fail = (reason: string) => {
    problems.push({ file, episode: key, reason: `episode ${key}: ${reason}` });
    ok = false;
  };

  const length = asInt(row.length);
  if (length === null || length <= 0) fail(`"length" must be a positive whole number (got ${JSON.stringify(toJsonSafe(row.length))})`);

  const taskList = asArray(row.tasks);
  let taskKey = "";
  let instruction = "";
  if (!taskList || taskList.length === 0 || typeof taskList[0] !== "string") {
    fail(`"tasks" must be a non-empty list of task strings`);
  } else {
    instruction = taskList[0];
    const taskIndex = taskIndexByText.get(instruction);
    if (taskIndex === undefined) fail(`task "${instruction}" is not listed in ${TASKS_FILE}`);
    else taskKey = String(taskIndex);
  }

  const checks: { rel: string; abs: string; what: string }[] = [];
  const cameras: ImportCamera[] = [];
  const videos: Record<string, unknown> = {};
  for (const videoKey of info.videoKeys) {
    const col = (f: string) => `videos/${videoKey}/${f}`;
    const chunk = asInt(row[col("chunk_index")]);
    const fileIndex = asInt(row[col("file_index")]);
    const from = asNumber(row[col("from_timestamp")]);
    const to = asNumber(row[col("to_timestamp")]);
    const absent = VIDEO_FIELDS.filter((f) => row[col(f)] === undefined || row[col(f)] === null).map((f) => `"${col(f)}"`);
    if (absent.length > 0) {
      fail(`camera "${videoKey}" has no ${absent.join(", ")}`);
      continue;
    }
    if (chunk === null || fileIndex === null || chunk < 0 || fileIndex < 0) {
      fail(`camera "${videoKey}": chunk_index and file_index must be non-negative whole numbers`);
      continue;
    }
    if (from === null || to === null || from < 0 || to < from) {
      fail(`camera "${videoKey}": from_timestamp (${String(from)}) and to_timestamp (${String(to)}) must satisfy 0 <= from <= to`);
      continue;
    }
    const filled = fillTemplate(info.videoPath, { video_key: videoKey, chunk_index: chunk, file_index: fileIndex });
    if (!filled.ok) {
      fail(filled.reason);
      continue;
    }
    const safe = resolveInside(root, filled.value, "video path");
    if (!safe.ok) {
      fail(safe.reason);
      continue;
    }
    checks.push({ rel: safe.rel, abs: safe.abs, what: "video file" });
    cameras.push({ camera: videoKey, path: safe.rel, startSec: from, frameCount: length });
    videos[videoKey] = { chunk_index: chunk, file_index: fileIndex, from_timestamp: from, to_timestamp: to };
  }

  // The frame data itself is not imported, but a dataset whose data file is gone is broken.
  const dataChunk = asInt(row["data/chunk_index"]);
  const dataFile = asInt(row["data/file_index"]);
  if (info.dataPath && dataChunk !== null && dataFile !== null) {
    const filled = fillTemplate(info.dataPath, { chunk_index: dataChunk, file_index: dataFile });
    const safe = filled.ok ? resolveInside(root, filled.value, "data path") : filled;
    if (!safe.ok) fail(safe.reason);
    else checks.push({ rel: safe.rel, abs: safe.abs, what: "data file" });
  }

  // Outcome and failure reason (episode columns `outcome`, `failure_reason`), when present.
  let outcome: ImportOutcome = "UNKNOWN";
  if (row.outcome !== undefined && row.outcome !== null) {
    if (typeof row.outcome === "string" && (OUTCOMES as readonly string[]).includes(row.outcome)) outcome = row.outcome as ImportOutcome;
    else fail(`"outcome" must be one of ${OUTCOMES.join(", ")} (got ${JSON.stringify(toJsonSafe(row.outcome))})`);
  }
  let failureReason: string | null = null;
  if (row.failure_reason !== undefined && row.failure_reason !== null) {
    if (typeof row.failure_reason !== "string") fail(`"failure_reason" must be a string (got ${JSON.stringify(toJsonSafe(row.failure_reason))})`);
    else if (row.failure_reason.trim() !== "") failureReason = row.failure_reason.trim();
  }

  let segments: ImportEpisode["segments"] = null;
  const sarm = sarmSubtasks(row);
  if (sarm) {
    const checked = checkSegments(sarm.raw, length);
    for (const reason of [...sarm.reasons, ...checked.reasons]) fail(`${sarm.prefix}* (end frames exclusive): ${reason}`);
    segments = checked.segments;
  }

  if (!ok) return null;
  const metadata: Record<string, unknown> = {
    episode_index: index,
    tasks: toJsonSafe(taskList),
    codebase_version: info.codebaseVersion,
    videos,
  };
  if (row.dataset_from_index !== undefined) metadata.dataset_from_index = toJsonSafe(row.dataset_from_index);
  if (row.dataset_to_index !== undefined) metadata.dataset_to_index = toJsonSafe(row.dataset_to_index);
  if (dataChunk !== null) metadata.data = { chunk_index: dataChunk, file_index: dataFile };

  return {
    checks,
    episode: {
      sourceKey: key,
      environment,
      taskKey,
      instruction,
      lengthFrames: length,
      fps: info.fps,
      outcome,
      failureReason,
      splitTags: splitTagsFor(index, info.splits),
      cameras,
      segments,
      segmentOrigin: segments ? "LEROBOT_SPARSE_SUBTASKS" : null,
      metadata,
    },
  };
}

/** task string -> task_index, from meta/tasks.parquet. */
async function readTasks(root: string, problems: ImportProblem[]): Promise<Map<string, number> | null> {
  const read = await readParquetRows(path.join(root, "meta", "tasks.parquet"));
  if (!read.ok) {
    problems.push({ file: TASKS_FILE, reason: read.reason });
    return null;
  }
  const { columns, rows } = read.value;
  // pandas stores the task string as the DataFrame index; read without pandas it is the
  // `__index_level_0__` column. Some writers use an explicit `task` column instead.
  const textColumn = ["task", "__index_level_0__"].find((c) => columns.includes(c));
  if (!columns.includes("task_index") || !textColumn) {
    problems.push({
      file: TASKS_FILE,
      reason: `expected a "task_index" column and the task text in "task" or the pandas index "__index_level_0__" (found: ${columns.join(", ") || "no columns"})`,
    });
    return null;
  }
  const map = new Map<string, number>();
  let ok = true;
  rows.forEach((row, i) => {
    const text = row[textColumn];
    const index = asInt(row.task_index);
    if (typeof text !== "string" || text.trim() === "" || index === null || index < 0) {
      problems.push({ file: TASKS_FILE, reason: `row ${i + 1}: needs a task string and a non-negative task_index` });
      ok = false;
      return;
    }
    if (map.has(text)) {
      problems.push({ file: TASKS_FILE, reason: `task "${text}" is listed twice` });
      ok = false;
      return;
    }
    map.set(text, index);
  });
  return ok ? map : null;
}

/** All meta/episodes/chunk-*\/file-*.parquet, in chunk then file order. */
async function listEpisodeFiles(root: string, problems: ImportProblem[]): Promise<string[] | null> {
  const base = path.join(root, "meta", "episodes");
  const chunks = await listDir(base);
  const files: string[] = [];
  for (const chunk of chunks ?? []) {
    if (!chunk.isDirectory() || !/^chunk-\d+$/.test(chunk.name)) continue;
    for (const f of (await listDir(path.join(base, chunk.name))) ?? []) {
      if (f.isFile() && /^file-\d+\.parquet$/.test(f.name)) files.push(`meta/episodes/${chunk.name}/${f.name}`);
    }
  }
  if (files.length === 0) {
    problems.push({ file: "meta/episodes", reason: "no episode metadata found (expected meta/episodes/chunk-000/file-000.parquet)" });
    return null;
  }
  return files;
}
