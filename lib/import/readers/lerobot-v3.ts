// LeRobot v3.0 reader. Layout (DOMAIN.md section 5):
//   meta/info.json                                 fps, features, data_path, video_path, chunks_size
//   meta/tasks.parquet                             task_index + the task string (pandas index
//                                                  column `__index_level_0__`, or a `task` column)
//   meta/episodes/chunk-NNN/file-NNN.parquet       one row per episode: episode_index, tasks,
//                                                  length, data/chunk_index, data/file_index,
//                                                  videos/<key>/{chunk_index,file_index,
//                                                  from_timestamp,to_timestamp}, optional SARM
//                                                  sparse_subtask_* / dense_subtask_* columns
//   meta/subtasks.parquet                          optional: subtask_index + the subtask string
//   data/chunk-NNN/file-NNN.parquet                one row per frame: episode_index, frame_index,
//                                                  timestamp, optional subtask_index and the v3.1
//                                                  language_persistent / language_events columns
// Several episodes share one mp4 per camera: an episode is the time range
// [from_timestamp, to_timestamp) of `video_path` filled with the episode's chunk/file index.
//
// Pre-filled subtasks, when an episode has several forms, come from the first of: SARM sparse
// columns (or their legacy unprefixed copies), the per-frame subtask_index, the language_persistent
// subtask rows, SARM dense columns. The forms found are kept in the episode's metadata.
// The data file's `timestamp` column is passed on as the episode's frame timestamps, which the
// import checks against the reference camera's frames (lib/imports/run-import.ts timestampNote).

import path from "node:path";

import type { ImportBatch, ImportCamera, ImportEpisode, ImportOutcome, ImportProblem, ReaderOptions, SegmentOrigin } from "../types";
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
  languageEvents,
  languageSubtasks,
  listDir,
  readLeRobotInfo,
  readParquetColumns,
  readParquetRows,
  resolveInside,
  sarmSubtasks,
  subtaskIndexSegments,
  splitTagsFor,
  toJsonSafe,
  type LeRobotInfo,
  type ParquetRow,
  type RawSegment,
} from "./util";

const TASKS_FILE = "meta/tasks.parquet";
const SUBTASKS_FILE = "meta/subtasks.parquet";
const DATA_COLUMNS = new Set(["episode_index", "frame_index", "timestamp", "subtask_index", "language_persistent", "language_events"]);
/** Language events kept per episode in its metadata. */
const MAX_EVENTS = 500;

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
  "dense_subtask_names",
  "dense_subtask_start_frames",
  "dense_subtask_end_frames",
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
  const subtaskNames = await readSubtaskNames(root, problems);
  const episodeFiles = await listEpisodeFiles(root, problems);
  if (!info || !taskIndexByText || !episodeFiles || subtaskNames === false) return batch;

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
  const pending: Pending[] = [];

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
      const { episode, checks, data, row: episodeRow } = built;
      const earlier = seen.get(episode.sourceKey);
      if (earlier !== undefined) {
        problems.push({ file, episode: episode.sourceKey, reason: `episode_index ${episode.sourceKey} appears twice (also in ${earlier})` });
        continue;
      }
      seen.set(episode.sourceKey, file);
      pending.push({ episode, file, checks, data, row: episodeRow });
    }
  }

  await readFrameData(root, pending, subtaskNames, problems);
  return finishLeRobotBatch(
    batch,
    pending.filter((p) => !p.failed),
    { stats, missing, tasks, environment },
  );
}

interface Pending {
  episode: ImportEpisode;
  file: string;
  checks: { rel: string; abs: string; what: string }[];
  data: { rel: string; abs: string } | null;
  row: ParquetRow;
  failed?: boolean;
}

/**
 * Reads each data file once (only its index, timestamp, subtask_index and language columns) and
 * gives every episode in it its frame timestamps and, when it has no SARM sparse subtasks, its
 * subtasks from subtask_index, language_persistent or SARM dense columns, in that order.
 */
async function readFrameData(root: string, pending: Pending[], subtaskNames: Map<number, string> | null, problems: ImportProblem[]): Promise<void> {
  const byFile = new Map<string, Pending[]>();
  for (const p of pending) {
    if (!p.data) {
      applyFrameData(p, [], [], subtaskNames, p.file, problems);
      continue;
    }
    let list = byFile.get(p.data.rel);
    if (!list) byFile.set(p.data.rel, (list = []));
    list.push(p);
  }
  for (const [rel, group] of byFile) {
    const read = await readParquetColumns(group[0]!.data!.abs, (c) => DATA_COLUMNS.has(c));
    if (!read.ok) {
      // A missing data file is reported with the other missing files (finishLeRobotBatch).
      if (read.reason === "file is missing") for (const p of group) applyFrameData(p, [], [], subtaskNames, rel, problems);
      else {
        problems.push({ file: rel, reason: read.reason });
        for (const p of group) p.failed = true;
      }
      continue;
    }
    const { columns, rows } = read.value;
    if (!columns.includes("episode_index")) {
      problems.push({ file: rel, reason: `missing column "episode_index"` });
      for (const p of group) p.failed = true;
      continue;
    }
    if (columns.includes("subtask_index") && !subtaskNames) {
      problems.push({ file: rel, reason: `has a "subtask_index" column but ${SUBTASKS_FILE} is missing` });
      for (const p of group) p.failed = true;
      continue;
    }
    const framesOf = new Map<number, ParquetRow[]>();
    for (const r of rows) {
      const e = asInt(r.episode_index);
      if (e === null) continue;
      let list = framesOf.get(e);
      if (!list) framesOf.set(e, (list = []));
      list.push(r);
    }
    for (const p of group) {
      const frames = framesOf.get(Number(p.episode.sourceKey)) ?? [];
      if (columns.includes("frame_index")) frames.sort((a, b) => (asInt(a.frame_index) ?? 0) - (asInt(b.frame_index) ?? 0));
      applyFrameData(p, frames, columns, subtaskNames, rel, problems);
    }
  }
}

function applyFrameData(p: Pending, frames: ParquetRow[], columns: string[], subtaskNames: Map<number, string> | null, rel: string, problems: ImportProblem[]): void {
  const ep = p.episode;
  const fail = (reason: string) => {
    problems.push({ file: rel, episode: ep.sourceKey, reason: `episode ${ep.sourceKey}: ${reason}` });
    p.failed = true;
  };
  const stamps = columns.includes("timestamp") ? frames.map((f) => asNumber(f.timestamp)) : [];
  if (stamps.length && stamps.every((t): t is number => t !== null)) ep.frameTimestamps = stamps;

  const forms: Record<string, number> = {};
  const candidates: Array<{ origin: SegmentOrigin; what: string; raw: RawSegment[]; reasons: string[] }> = [];
  if (ep.segments) forms.sparse_subtasks = ep.segments.length;
  if (columns.includes("subtask_index") && subtaskNames && frames.some((f) => f.subtask_index !== null && f.subtask_index !== undefined)) {
    const r = subtaskIndexSegments(frames.map((f) => f.subtask_index), subtaskNames);
    forms.subtask_index = r.raw.length;
    candidates.push({ origin: "LEROBOT_SUBTASK_INDEX", what: "subtask_index", ...r });
  }
  if (columns.includes("language_persistent") && frames.length) {
    const times = ep.frameTimestamps ?? frames.map((_, i) => i / (ep.fps ?? 1));
    const r = languageSubtasks(frames[0]!.language_persistent, times);
    if (r) {
      if (Object.keys(r.styles).length) ep.metadata.language_persistent = { styles: r.styles, rows: r.rows.slice(0, MAX_EVENTS) };
      if (r.raw.length || r.reasons.length) {
        forms.language_subtasks = r.raw.length;
        candidates.push({ origin: "LEROBOT_LANGUAGE", what: "language_persistent subtask rows", raw: r.raw, reasons: r.reasons });
      }
    }
  }
  if (columns.includes("language_events")) {
    const events = languageEvents(frames.map((f) => f.language_events));
    if (events.length) {
      const styles: Record<string, number> = {};
      for (const e of events) styles[e.style ?? "tool call"] = (styles[e.style ?? "tool call"] ?? 0) + 1;
      ep.metadata.language_events = { count: events.length, styles, events: events.slice(0, MAX_EVENTS) };
    }
  }
  const dense = sarmSubtasks(p.row, ["dense_subtask_"]);
  if (dense) {
    forms.dense_subtasks = dense.raw.length;
    candidates.push({ origin: "LEROBOT_DENSE_SUBTASKS", what: "dense_subtask_* (end frames exclusive)", ...dense });
  }
  if (Object.keys(forms).length) ep.metadata.subtask_forms = forms;
  if (ep.segments) return;
  const chosen = candidates[0];
  if (!chosen) return;
  const checked = checkSegments(chosen.raw, ep.lengthFrames);
  const reasons = [...chosen.reasons, ...checked.reasons];
  if (reasons.length) {
    for (const reason of reasons) fail(`${chosen.what}: ${reason}`);
    return;
  }
  if (checked.segments.length) {
    ep.segments = checked.segments;
    ep.segmentOrigin = chosen.origin;
  }
}

/**
 * subtask_index -> subtask string, from meta/subtasks.parquet (pandas index `__index_level_0__`
 * or a `subtask` column, like meta/tasks.parquet); null when the dataset has none, false when
 * it is unreadable (reported).
 */
async function readSubtaskNames(root: string, problems: ImportProblem[]): Promise<Map<number, string> | null | false> {
  const abs = path.join(root, "meta", "subtasks.parquet");
  const read = await readParquetRows(abs);
  if (!read.ok) {
    if (read.reason === "file is missing") return null;
    problems.push({ file: SUBTASKS_FILE, reason: read.reason });
    return false;
  }
  const { columns, rows } = read.value;
  const textColumn = ["subtask", "__index_level_0__"].find((c) => columns.includes(c));
  if (!columns.includes("subtask_index") || !textColumn) {
    problems.push({
      file: SUBTASKS_FILE,
      reason: `expected a "subtask_index" column and the subtask text in "subtask" or the pandas index "__index_level_0__" (found: ${columns.join(", ") || "no columns"})`,
    });
    return false;
  }
  const map = new Map<number, string>();
  for (const [i, row] of rows.entries()) {
    const text = row[textColumn];
    const index = asInt(row.subtask_index);
    if (typeof text !== "string" || text.trim() === "" || index === null || index < 0) {
      problems.push({ file: SUBTASKS_FILE, reason: `row ${i + 1}: needs a subtask string and a non-negative subtask_index` });
      return false;
    }
    if (map.has(index)) {
      problems.push({ file: SUBTASKS_FILE, reason: `subtask_index ${index} is listed twice` });
      return false;
    }
    map.set(index, text.trim());
  }
  return map;
}

function buildEpisode(
  row: ParquetRow,
  file: string,
  info: LeRobotInfo,
  environment: string,
  taskIndexByText: Map<string, number>,
  root: string,
  problems: ImportProblem[],
): { episode: ImportEpisode; checks: { rel: string; abs: string; what: string }[]; data: { rel: string; abs: string } | null; row: ParquetRow } | null {
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
  let data: { rel: string; abs: string } | null = null;
  if (info.dataPath && dataChunk !== null && dataFile !== null) {
    const filled = fillTemplate(info.dataPath, { chunk_index: dataChunk, file_index: dataFile });
    const safe = filled.ok ? resolveInside(root, filled.value, "data path") : filled;
    if (!safe.ok) fail(safe.reason);
    else {
      checks.push({ rel: safe.rel, abs: safe.abs, what: "data file" });
      data = { rel: safe.rel, abs: safe.abs };
    }
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
    data,
    row,
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
