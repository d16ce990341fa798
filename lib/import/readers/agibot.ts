// AgiBot World reader. Layout (DOMAIN.md section 5):
//   task_info/task_<id>.json   a JSON list of episode records:
//     {"episode_id", "task_name", "init_scene_text",
//      "label_info": {"action_config": [{"start_frame", "end_frame", "action_text", "skill"}]}}
//     (a variant adds "english_action_text"; released files also spell the key "lable_info")
//   observations/<id>/<episode_id>/videos/<camera>.mp4   e.g. head_color.mp4, hand_left_color.mp4
//
// Every mp4 in an episode's videos folder becomes a camera named after the file
// (`head_color`). Depth streams and other files are ignored. The task files state neither fps
// nor episode length, so both are left to the media probe.
//
// Frame convention for action_config: frames are 0-based and `end_frame` is INCLUSIVE, as the
// AgiBot conversion tools read it (range(start_frame, end_frame + 1)). Consecutive actions in the
// released files often share their boundary frame (one ends at 435, the next starts at 435);
// that frame is given to the later action instead of being reported as an overlap. Any larger
// overlap is a problem.

import path from "node:path";

import type { ImportBatch, ImportCamera, ImportEpisode, ImportProblem, ReaderOptions } from "../types";
import { StatCache, TaskCollector, asInt, checkSegments, isPlainObject, listDir, mapLimit, readJsonFile, type RawSegment } from "./util";

export const AGIBOT_ENVIRONMENT = "AgiBot World";

const TASK_FILE = /^task_(.+)\.json$/;

/** Cameras listed first when present, so the head view leads in the UI; the rest sort by name. */
const CAMERA_ORDER = ["head_color", "hand_left_color", "hand_right_color"];

export async function readAgiBot(opts: ReaderOptions): Promise<ImportBatch> {
  const root = path.resolve(opts.root);
  const problems: ImportProblem[] = [];
  const batch: ImportBatch = { kind: "AGIBOT", name: path.basename(root), tasks: [], episodes: [], problems };
  const environment = opts.environment?.trim() || AGIBOT_ENVIRONMENT;

  const entries = await listDir(path.join(root, "task_info"));
  if (!entries) {
    problems.push({ file: "task_info", reason: "folder is missing" });
    return batch;
  }
  const taskFiles = entries.filter((e) => e.isFile() && TASK_FILE.test(e.name)).map((e) => e.name);
  if (taskFiles.length === 0) {
    problems.push({ file: "task_info", reason: "no task_<id>.json files found" });
    return batch;
  }

  const tasks = new TaskCollector();
  const stats = new StatCache();
  const seen = new Map<string, string>();
  const pending: { episode: ImportEpisode; file: string; videosRel: string }[] = [];

  for (const name of taskFiles) {
    const file = `task_info/${name}`;
    const taskId = TASK_FILE.exec(name)![1];
    const read = await readJsonFile(path.join(root, "task_info", name));
    if (!read.ok) {
      problems.push({ file, reason: read.reason });
      continue;
    }
    if (!Array.isArray(read.value)) {
      problems.push({ file, reason: "must be a JSON list of episode records" });
      continue;
    }
    read.value.forEach((rec, i) => {
      const built = buildEpisode(rec, i, file, taskId, environment, problems);
      if (!built) return;
      const { episode, videosRel } = built;
      const earlier = seen.get(episode.sourceKey);
      if (earlier !== undefined) {
        problems.push({ file, episode: episode.sourceKey, reason: `episode_id ${episode.sourceKey} appears twice (also in ${earlier})` });
        return;
      }
      seen.set(episode.sourceKey, file);
      tasks.add(environment, taskId, episode.instruction);
      pending.push({ episode, file, videosRel });
    });
  }

  await mapLimit(pending, 32, async (item) => {
    const { episode, file, videosRel } = item;
    const abs = path.join(root, ...videosRel.split("/"));
    const listing = (await stats.isDirectory(abs)) ? await listDir(abs) : null;
    const videos = (listing ?? []).filter((e) => e.isFile() && e.name.toLowerCase().endsWith(".mp4")).map((e) => e.name);
    if (videos.length === 0) {
      problems.push({
        file: videosRel,
        episode: episode.sourceKey,
        reason: listing ? `episode ${episode.sourceKey} (${file}): no .mp4 videos in this folder` : `episode ${episode.sourceKey} (${file}): videos folder is missing`,
      });
      return;
    }
    episode.cameras = sortCameras(videos).map(
      (v): ImportCamera => ({ camera: v.replace(/\.mp4$/i, ""), path: `${videosRel}/${v}`, startSec: 0, frameCount: null }),
    );
  });

  for (const { episode } of pending) {
    if (episode.cameras.length === 0) continue;
    batch.episodes.push(episode);
    if (episode.segments) tasks.addSubtasks(environment, episode.taskKey, episode.segments.map((s) => s.label));
  }
  batch.tasks = tasks.list();
  return batch;
}

function buildEpisode(
  rec: unknown,
  i: number,
  file: string,
  taskId: string,
  environment: string,
  problems: ImportProblem[],
): { episode: ImportEpisode; videosRel: string } | null {
  if (!isPlainObject(rec)) {
    problems.push({ file, reason: `record ${i + 1}: must be a JSON object` });
    return null;
  }
  const id = rec.episode_id;
  const key = typeof id === "number" && Number.isInteger(id) ? String(id) : typeof id === "string" && id.trim() ? id.trim() : null;
  if (key === null) {
    problems.push({ file, reason: `record ${i + 1}: "episode_id" is missing or not a number/string` });
    return null;
  }
  // The episode id becomes a folder name; refuse anything that could walk out of observations/.
  if (key.includes("/") || key.includes("\\") || key === "." || key === "..") {
    problems.push({ file, episode: key, reason: `episode_id ${JSON.stringify(key)} cannot be used as a folder name` });
    return null;
  }
  let ok = true;
  const fail = (reason: string) => {
    problems.push({ file, episode: key, reason: `episode ${key}: ${reason}` });
    ok = false;
  };

  const instruction = typeof rec.task_name === "string" ? rec.task_name.trim() : "";
  if (!instruction) fail(`"task_name" is missing`);

  const labelInfo = rec.label_info ?? rec.lable_info;
  let segments: ImportEpisode["segments"] = null;
  const skills: unknown[] = [];
  if (labelInfo !== undefined && labelInfo !== null) {
    const actions = isPlainObject(labelInfo) ? labelInfo.action_config : undefined;
    if (actions !== undefined && !Array.isArray(actions)) {
      fail(`"label_info.action_config" must be a list`);
    } else if (Array.isArray(actions) && actions.length > 0) {
      const raw: RawSegment[] = [];
      actions.forEach((a, j) => {
        if (!isPlainObject(a)) {
          fail(`action_config[${j}] must be an object`);
          return;
        }
        // The English text, when the record carries one, is what annotators and models read.
        const english = typeof a.english_action_text === "string" ? a.english_action_text.trim() : "";
        const text = typeof a.action_text === "string" ? a.action_text.trim() : "";
        raw.push({ label: english || text, startFrame: a.start_frame, endFrame: a.end_frame });
        skills.push(a.skill ?? null);
      });
      const checked = checkSegments(shareBoundaries(raw), null);
      for (const reason of checked.reasons) fail(`action_config: ${reason}`);
      segments = checked.segments;
    }
  }
  if (!ok) return null;

  const metadata: Record<string, unknown> = { task_id: taskId, episode_id: id };
  if (typeof rec.init_scene_text === "string") metadata.init_scene_text = rec.init_scene_text;
  for (const extra of ["english_task_name", "english_init_scene_text"]) {
    if (typeof rec[extra] === "string") metadata[extra] = rec[extra];
  }
  if (skills.length > 0) metadata.skills = skills;

  return {
    videosRel: `observations/${taskId}/${key}/videos`,
    episode: {
      sourceKey: key,
      environment,
      taskKey: taskId,
      instruction,
      lengthFrames: null,
      fps: null,
      outcome: "UNKNOWN",
      splitTags: [],
      cameras: [],
      segments,
      segmentOrigin: segments ? "AGIBOT_ACTION_CONFIG" : null,
      metadata,
    },
  };
}

/**
 * Sorts actions by start and, where one action starts exactly on the previous action's
 * end frame, ends the previous one a frame earlier (see the convention note at the top).
 */
function shareBoundaries(raw: RawSegment[]): RawSegment[] {
  const sorted = [...raw].sort((a, b) => (asInt(a.startFrame) ?? 0) - (asInt(b.startFrame) ?? 0));
  for (let i = 1; i < sorted.length; i++) {
    const prevStart = asInt(sorted[i - 1].startFrame);
    const prevEnd = asInt(sorted[i - 1].endFrame);
    const start = asInt(sorted[i].startFrame);
    if (prevStart !== null && prevEnd !== null && start !== null && start === prevEnd && prevEnd > prevStart) {
      sorted[i - 1] = { ...sorted[i - 1], endFrame: prevEnd - 1 };
    }
  }
  return sorted;
}

function sortCameras(files: string[]): string[] {
  const rank = (f: string) => {
    const i = CAMERA_ORDER.indexOf(f.replace(/\.mp4$/i, ""));
    return i === -1 ? CAMERA_ORDER.length : i;
  };
  return [...files].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
