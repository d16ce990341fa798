// LeRobot v2.1 (and v2.0, which shares the layout) reader. Layout (DOMAIN.md section 5):
//   meta/info.json        fps, features, chunks_size, data_path, video_path templates
//   meta/tasks.jsonl      {"task_index": 0, "task": "..."}
//   meta/episodes.jsonl   {"episode_index": 0, "tasks": ["..."], "length": 123, ...}
//   data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet
//   videos/chunk-{episode_chunk:03d}/{video_key}/episode_{episode_index:06d}.mp4
// One mp4 per episode and camera, so every camera starts at 0 s.
// episode_chunk = floor(episode_index / chunks_size).

import path from "node:path";

import type { ImportBatch, ImportCamera, ImportEpisode, ImportProblem, ReaderOptions } from "../types";
import {
  finishLeRobotBatch,
  MissingFiles,
  StatCache,
  TaskCollector,
  asArray,
  asInt,
  checkSegments,
  fillTemplate,
  isPlainObject,
  parseJsonLines,
  readLeRobotInfo,
  readText,
  resolveInside,
  sarmSubtasks,
  splitTagsFor,
  type LeRobotInfo,
} from "./util";

const TASKS_FILE = "meta/tasks.jsonl";
const EPISODES_FILE = "meta/episodes.jsonl";

/** Fields of an episodes.jsonl line that become the episode itself rather than metadata. */
const CONSUMED = new Set(["episode_index", "length"]);

export async function readLeRobotV21(opts: ReaderOptions): Promise<ImportBatch> {
  const root = path.resolve(opts.root);
  const problems: ImportProblem[] = [];
  const batch: ImportBatch = { kind: "LEROBOT_V21", name: path.basename(root), tasks: [], episodes: [], problems };

  const info = await readLeRobotInfo(root, problems, {
    video: { episode_chunk: 0, episode_index: 0 },
    data: { episode_chunk: 0, episode_index: 0 },
  });
  const taskIndexByText = await readTasks(root, problems);
  const episodesText = await readText(path.join(root, "meta", "episodes.jsonl"));
  if (!episodesText.ok) problems.push({ file: EPISODES_FILE, reason: episodesText.reason });
  if (!info || !taskIndexByText || !episodesText.ok) return batch;

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

  const seen = new Map<string, number>();
  const pending: { episode: ImportEpisode; checks: { rel: string; abs: string; what: string }[] }[] = [];
  for (const parsed of parseJsonLines(episodesText.value)) {
    const { line } = parsed;
    if (parsed.error !== undefined) {
      problems.push({ file: EPISODES_FILE, line, reason: `line ${line}: ${parsed.error}` });
      continue;
    }
    const built = buildEpisode(parsed.value, line, info, environment, taskIndexByText, root, problems);
    if (!built) continue;
    const earlier = seen.get(built.episode.sourceKey);
    if (earlier !== undefined) {
      problems.push({
        file: EPISODES_FILE,
        line,
        episode: built.episode.sourceKey,
        reason: `line ${line}: episode_index ${built.episode.sourceKey} appears twice (first on line ${earlier})`,
      });
      continue;
    }
    seen.set(built.episode.sourceKey, line);
    pending.push(built);
  }

  const stats = new StatCache();
  const missing = new MissingFiles();
  return finishLeRobotBatch(batch, pending, { stats, missing, tasks, environment });
}

function buildEpisode(
  rec: unknown,
  line: number,
  info: LeRobotInfo,
  environment: string,
  taskIndexByText: Map<string, number>,
  root: string,
  problems: ImportProblem[],
): { episode: ImportEpisode; checks: { rel: string; abs: string; what: string }[] } | null {
  if (!isPlainObject(rec)) {
    problems.push({ file: EPISODES_FILE, line, reason: `line ${line}: must be a JSON object` });
    return null;
  }
  const index = asInt(rec.episode_index);
  if (index === null || index < 0) {
    problems.push({
      file: EPISODES_FILE,
      line,
      reason: `line ${line}: "episode_index" must be a non-negative whole number (got ${JSON.stringify(rec.episode_index)})`,
    });
    return null;
  }
  const key = String(index);
  let ok = true;
  const fail = (reason: string) => {
    problems.push({ file: EPISODES_FILE, line, episode: key, reason: `line ${line}: ${reason}` });
    ok = false;
  };

  const length = asInt(rec.length);
  if (length === null || length <= 0) fail(`"length" must be a positive whole number (got ${JSON.stringify(rec.length)})`);

  const taskList = asArray(rec.tasks);
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

  const episodeChunk = Math.floor(index / info.chunksSize);
  const checks: { rel: string; abs: string; what: string }[] = [];
  const cameras: ImportCamera[] = [];
  for (const videoKey of info.videoKeys) {
    const filled = fillTemplate(info.videoPath, { episode_chunk: episodeChunk, video_key: videoKey, episode_index: index });
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
    cameras.push({ camera: videoKey, path: safe.rel, startSec: 0, frameCount: length });
  }
  if (info.dataPath) {
    const filled = fillTemplate(info.dataPath, { episode_chunk: episodeChunk, episode_index: index });
    const safe = filled.ok ? resolveInside(root, filled.value, "data path") : filled;
    if (!safe.ok) fail(safe.reason);
    else checks.push({ rel: safe.rel, abs: safe.abs, what: "data file" });
  }

  let segments: ImportEpisode["segments"] = null;
  const sarm = sarmSubtasks(rec);
  if (sarm) {
    const checked = checkSegments(sarm.raw, length);
    for (const reason of [...sarm.reasons, ...checked.reasons]) fail(`${sarm.prefix}* (end frames exclusive): ${reason}`);
    segments = checked.segments;
  }

  if (!ok) return null;
  const metadata: Record<string, unknown> = { episode_index: index, codebase_version: info.codebaseVersion };
  for (const [k, v] of Object.entries(rec)) if (!CONSUMED.has(k)) metadata[k] = v;

  return {
    checks,
    episode: {
      sourceKey: key,
      environment,
      taskKey,
      instruction,
      lengthFrames: length,
      fps: info.fps,
      outcome: "UNKNOWN",
      splitTags: splitTagsFor(index, info.splits),
      cameras,
      segments,
      segmentOrigin: segments ? "LEROBOT_SPARSE_SUBTASKS" : null,
      metadata,
    },
  };
}

/** task string -> task_index, from meta/tasks.jsonl. */
async function readTasks(root: string, problems: ImportProblem[]): Promise<Map<string, number> | null> {
  const text = await readText(path.join(root, "meta", "tasks.jsonl"));
  if (!text.ok) {
    problems.push({ file: TASKS_FILE, reason: text.reason });
    return null;
  }
  const map = new Map<string, number>();
  const indices = new Map<number, number>();
  let ok = true;
  for (const parsed of parseJsonLines(text.value)) {
    const { line } = parsed;
    const bad = (reason: string) => {
      problems.push({ file: TASKS_FILE, line, reason: `line ${line}: ${reason}` });
      ok = false;
    };
    if (parsed.error !== undefined) {
      bad(parsed.error);
      continue;
    }
    const rec = parsed.value;
    if (!isPlainObject(rec)) {
      bad("must be a JSON object");
      continue;
    }
    const index = asInt(rec.task_index);
    if (index === null || index < 0) {
      bad(`"task_index" must be a non-negative whole number`);
      continue;
    }
    if (typeof rec.task !== "string" || rec.task.trim() === "") {
      bad(`"task" must be a non-empty string`);
      continue;
    }
    if (map.has(rec.task)) {
      bad(`task "${rec.task}" is listed twice`);
      continue;
    }
    const earlier = indices.get(index);
    if (earlier !== undefined) {
      bad(`task_index ${index} is used twice (first on line ${earlier})`);
      continue;
    }
    indices.set(index, line);
    map.set(rec.task, index);
  }
  return ok ? map : null;
}
