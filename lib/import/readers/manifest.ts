/*
 * Critic Studio manifest (JSON Lines) reader. The same format is documented for users in
 * docs/manifest-format.md; keep the two in step.
 *
 * One episode per line; blank lines are skipped. Every line is a JSON object with:
 *
 *   episode_id     string, required. Unique within the manifest; re-importing the same manifest
 *                  updates episodes by this id.
 *   task           string, required. The task instruction.
 *   task_id        string, optional. Stable task key; defaults to the instruction text itself.
 *                  One task_id must always carry the same instruction within an environment.
 *   environment    string, required unless the import names one (the import's environment,
 *                  when given, wins over this field).
 *   cameras        list, required, at least one: { "name", "path", "start_sec"?, "frame_count"?, "offset_ms"? }
 *                    name         camera name, unique within the episode
 *                    path         video path relative to the folder holding the manifest; must
 *                                 stay inside that folder ("../" escapes and absolute paths are
 *                                 refused); the file must exist
 *                    start_sec    offset of the episode's first frame inside the file (default 0),
 *                                 for episodes that share one video file
 *                    frame_count  frames of the episode in this video (default: length_frames for
 *                                 the reference camera; the frames in the same time span for the
 *                                 others; else taken from the video)
 *                    offset_ms    shift, in milliseconds, that lines this camera up with the
 *                                 reference camera (positive: its picture of an event comes later)
 *   reference_camera  camera name, optional (default: the first camera): the camera whose frames
 *                  are the episode's frames; the others are mapped onto it by time
 *   fps            number > 0, optional; checked against the reference camera's video, which wins
 *   length_frames  whole number > 0, optional (default: taken from the video); the reference
 *                  camera's frames
 *   outcome        "success" | "failure" | "unsure" | "unknown", optional (default "unknown")
 *   split_tags     list of strings, optional
 *   subtasks       list, optional: { "label", "start_frame", "end_frame" }, 0-based episode
 *                  frames, end INCLUSIVE; 0 <= start <= end, no two subtasks share a frame, and
 *                  end < length_frames when length_frames is given
 *   metadata       object, optional, stored verbatim
 *
 * Optional fields may also be null, meaning "not given". Unknown fields (top level or inside
 * a camera or subtask) are errors, so a typo such as "camras" is reported instead of silently
 * dropped. Every bad line yields one problem, "line N: ...", listing everything wrong with it.
 */

import path from "node:path";
import { z } from "zod";
import { zInt } from "@/lib/server/schemas";

import type { ImportBatch, ImportCamera, ImportEpisode, ImportOutcome, ImportProblem, ReaderOptions } from "../types";
import { StatCache, TaskCollector, checkSegments, isPlainObject, mapLimit, parseJsonLines, readText, resolveInside } from "./util";
import { EXPECTED, closest, describeValue, fieldName, valueAt } from "../issue-text";

const ZManifestCameraSchema = z.strictObject({
  name: z.string().trim().min(1),
  path: z.string().min(1),
  start_sec: z.number().min(0).nullish(),
  frame_count: zInt().positive().nullish(),
  offset_ms: z.number().finite().min(-60_000).max(60_000).nullish(),
});

const ZManifestSubtaskSchema = z.strictObject({
  label: z.string().trim().min(1),
  start_frame: zInt().min(0),
  end_frame: zInt().min(0),
});

export const ZManifestLineSchema = z.strictObject({
  episode_id: z.string().trim().min(1),
  task: z.string().trim().min(1),
  task_id: z.string().trim().min(1).nullish(),
  environment: z.string().trim().min(1).nullish(),
  cameras: z.array(ZManifestCameraSchema).min(1),
  reference_camera: z.string().trim().min(1).nullish(),
  fps: z.number().positive().nullish(),
  length_frames: zInt().positive().nullish(),
  outcome: z.enum(["success", "failure", "unsure", "unknown"]).nullish(),
  split_tags: z.array(z.string().trim().min(1)).nullish(),
  subtasks: z.array(ZManifestSubtaskSchema).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

export type TManifestLine = z.infer<typeof ZManifestLineSchema>;

const OUTCOMES: Record<string, ImportOutcome> = { success: "SUCCESS", failure: "FAILURE", unsure: "UNSURE", unknown: "UNKNOWN" };

interface LineState {
  line: number;
  reasons: string[];
  episode?: ImportEpisode;
  videos: { rel: string; abs: string; camera: string }[];
}

export async function readManifest(opts: ReaderOptions): Promise<ImportBatch> {
  const manifestAbs = path.resolve(opts.root);
  const base = path.dirname(manifestAbs);
  const file = path.basename(manifestAbs);
  const stem = file.replace(/\.jsonl$/i, "");
  const problems: ImportProblem[] = [];
  const batch: ImportBatch = {
    kind: "MANIFEST",
    name: stem === "manifest" ? path.basename(base) : stem,
    tasks: [],
    episodes: [],
    problems,
  };

  const text = await readText(manifestAbs);
  if (!text.ok) {
    problems.push({ file, reason: text.reason });
    return batch;
  }
  const parsedLines = parseJsonLines(text.value);
  if (parsedLines.length === 0) {
    problems.push({ file, reason: "the manifest lists no episodes" });
    return batch;
  }

  const optEnvironment = opts.environment?.trim() || null;
  const states: LineState[] = [];
  const firstLineOfEpisode = new Map<string, number>();
  const taskInstruction = new Map<string, { instruction: string; line: number }>();

  for (const parsed of parsedLines) {
    const state: LineState = { line: parsed.line, reasons: [], videos: [] };
    states.push(state);
    if (parsed.error !== undefined) {
      state.reasons.push(parsed.error);
      continue;
    }
    if (!isPlainObject(parsed.value)) {
      state.reasons.push("must be a JSON object describing one episode");
      continue;
    }
    const result = ZManifestLineSchema.safeParse(parsed.value);
    if (!result.success) {
      state.reasons.push(...result.error.issues.map((issue) => describeIssue(issue, parsed.value)));
      continue;
    }
    const rec = result.data;

    const environment = optEnvironment ?? rec.environment ?? null;
    if (!environment) state.reasons.push(`"environment" is required (or choose an environment for the whole import)`);

    const earlier = firstLineOfEpisode.get(rec.episode_id);
    if (earlier !== undefined) state.reasons.push(`episode_id "${rec.episode_id}" already appears on line ${earlier}`);
    else firstLineOfEpisode.set(rec.episode_id, state.line);

    const taskKey = rec.task_id ?? rec.task;
    if (environment) {
      const id = `${environment}\u0000${taskKey}`;
      const known = taskInstruction.get(id);
      if (known && known.instruction !== rec.task) {
        state.reasons.push(`task_id "${taskKey}" has the instruction "${known.instruction}" on line ${known.line} but "${rec.task}" here`);
      } else if (!known) {
        taskInstruction.set(id, { instruction: rec.task, line: state.line });
      }
    }

    const cameras: ImportCamera[] = [];
    const names = new Set<string>();
    for (const cam of rec.cameras) {
      if (names.has(cam.name)) {
        state.reasons.push(`camera "${cam.name}" is listed twice`);
        continue;
      }
      names.add(cam.name);
      const safe = resolveInside(base, cam.path, "video path");
      if (!safe.ok) {
        state.reasons.push(`camera "${cam.name}": ${safe.reason}`);
        continue;
      }
      state.videos.push({ rel: safe.rel, abs: safe.abs, camera: cam.name });
      cameras.push({
        camera: cam.name,
        path: safe.rel,
        startSec: cam.start_sec ?? 0,
        frameCount: cam.frame_count ?? null,
        offsetMs: cam.offset_ms ?? 0,
      });
    }
    if (rec.reference_camera && !names.has(rec.reference_camera)) {
      state.reasons.push(`reference_camera "${rec.reference_camera}" is not one of the cameras (${[...names].join(", ")})`);
    }

    let segments: ImportEpisode["segments"] = null;
    if (rec.subtasks && rec.subtasks.length > 0) {
      const checked = checkSegments(
        rec.subtasks.map((s) => ({ label: s.label, startFrame: s.start_frame, endFrame: s.end_frame })),
        rec.length_frames ?? null,
      );
      state.reasons.push(...checked.reasons.map((r) => `subtasks: ${r}`));
      segments = checked.segments;
    }

    state.episode = {
      sourceKey: rec.episode_id,
      environment: environment ?? "",
      taskKey,
      instruction: rec.task,
      lengthFrames: rec.length_frames ?? null,
      fps: rec.fps ?? null,
      outcome: OUTCOMES[rec.outcome ?? "unknown"],
      splitTags: rec.split_tags ?? [],
      cameras,
      referenceCamera: rec.reference_camera ?? null,
      segments,
      segmentOrigin: segments ? "MANIFEST" : null,
      metadata: rec.metadata ?? {},
    };
  }

  // Existence checks: one stat per distinct path, however many lines name it.
  const stats = new StatCache();
  const checks = states.flatMap((s) => s.videos.map((v) => ({ state: s, video: v })));
  const found = await mapLimit(checks, 64, ({ video }) => stats.stat(video.abs));
  checks.forEach(({ state, video }, i) => {
    const st = found[i];
    if (!st) state.reasons.push(`camera "${video.camera}": video "${video.rel}" does not exist`);
    else if (!st.isFile()) state.reasons.push(`camera "${video.camera}": video "${video.rel}" is not a file`);
  });

  const tasks = new TaskCollector();
  for (const state of states) {
    if (state.reasons.length > 0) {
      problems.push({
        file,
        line: state.line,
        ...(state.episode ? { episode: state.episode.sourceKey } : {}),
        reason: `line ${state.line}: ${state.reasons.join("; ")}`,
      });
      continue;
    }
    const episode = state.episode!;
    tasks.add(episode.environment, episode.taskKey, episode.instruction);
    if (episode.segments) tasks.addSubtasks(episode.environment, episode.taskKey, episode.segments.map((s) => s.label));
    batch.episodes.push(episode);
  }
  batch.tasks = tasks.list();
  return batch;
}

// ---------------------------------------------------------------------------------------------
// Turning zod issues into sentences a person can act on.

const TOP_FIELDS = Object.keys(ZManifestLineSchema.shape);
const CAMERA_FIELDS = Object.keys(ZManifestCameraSchema.shape);
const SUBTASK_FIELDS = Object.keys(ZManifestSubtaskSchema.shape);

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const field = fieldName(issue.path);
  switch (issue.code) {
    case "invalid_type": {
      const value = valueAt(raw, issue.path);
      if (value === undefined) return `${field} is required`;
      return `${field} must be ${EXPECTED[issue.expected] ?? issue.expected} (got ${describeValue(value)})`;
    }
    case "unrecognized_keys": {
      const allowed = issue.path.length === 0 ? TOP_FIELDS : issue.path[0] === "cameras" ? CAMERA_FIELDS : SUBTASK_FIELDS;
      const where = issue.path.length === 0 ? "" : ` in ${fieldName(issue.path)}`;
      return issue.keys
        .map((k) => {
          const guess = closest(k, allowed);
          return `unknown field "${k}"${where}${guess ? ` (did you mean "${guess}"?)` : ""}; allowed fields: ${allowed.join(", ")}`;
        })
        .join("; ");
    }
    case "too_small": {
      if (issue.origin === "array") return `${field} must list at least ${String(issue.minimum)} item${issue.minimum === 1 ? "" : "s"}`;
      if (issue.origin === "string") return `${field} must not be empty`;
      return `${field} must be ${issue.inclusive ? "at least" : "greater than"} ${String(issue.minimum)} (got ${describeValue(valueAt(raw, issue.path))})`;
    }
    case "invalid_value":
      return `${field} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")} (got ${describeValue(valueAt(raw, issue.path))})`;
    default:
      return `${field}: ${issue.message}`;
  }
}
