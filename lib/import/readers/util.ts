// Shared helpers for the dataset readers: safe paths, JSON Lines, parquet, path templates,
// cached stats and segment checks. Pure Node (fs/path); no database, no media probing.

import { promises as fs, type Stats } from "node:fs";
import path from "node:path";
import { asyncBufferFromFile, parquetMetadata, parquetMetadataAsync, parquetReadObjects, parquetSchema } from "hyparquet";

import type { ImportBatch, ImportEpisode, ImportProblem, ImportSegment, ImportTask } from "../types";

// ---------------------------------------------------------------------------------------------
// Paths

export type SafePath = { ok: true; rel: string; abs: string } | { ok: false; reason: string };

/**
 * Joins a dataset-relative path onto `rootAbs` and proves it stays inside the root.
 * Backslashes are treated as separators (Windows-made manifests), so `..\\x` cannot sneak
 * past. Absolute paths (POSIX, drive letters, UNC) are refused rather than re-rooted: a
 * dataset that names `/etc/passwd` is wrong, not relative. The check is lexical; it does not
 * follow symlinks.
 */
export function resolveInside(rootAbs: string, relPath: string, what = "path"): SafePath {
  if (typeof relPath !== "string" || relPath.trim() === "") {
    return { ok: false, reason: `${what} is empty` };
  }
  if (relPath.includes("\0")) return { ok: false, reason: `${what} contains a NUL byte` };
  const slashed = relPath.replace(/\\/g, "/");
  if (slashed.startsWith("/") || /^[A-Za-z]:/.test(slashed)) {
    return { ok: false, reason: `${what} "${relPath}" is absolute; it must be relative to the dataset root` };
  }
  const rel = path.posix.normalize(slashed).replace(/\/+$/, "");
  if (rel === ".." || rel.startsWith("../")) return { ok: false, reason: `${what} escapes the dataset root: "${relPath}"` };
  if (rel === "." || rel === "") return { ok: false, reason: `${what} "${relPath}" names the root folder itself` };
  return { ok: true, rel, abs: path.join(rootAbs, ...rel.split("/")) };
}

// ---------------------------------------------------------------------------------------------
// File system

/**
 * Memoised `fs.stat` so a file named by many episodes (LeRobot v3 shares one mp4 between
 * hundreds of episodes; manifests often repeat paths) is looked up once. The promise is cached,
 * so concurrent callers share one syscall.
 */
export class StatCache {
  private readonly cache = new Map<string, Promise<Stats | null>>();

  stat(abs: string): Promise<Stats | null> {
    let hit = this.cache.get(abs);
    if (!hit) {
      hit = fs.stat(abs).then(
        (s) => s,
        () => null,
      );
      this.cache.set(abs, hit);
    }
    return hit;
  }

  async isFile(abs: string): Promise<boolean> {
    return (await this.stat(abs))?.isFile() ?? false;
  }

  async isDirectory(abs: string): Promise<boolean> {
    return (await this.stat(abs))?.isDirectory() ?? false;
  }

  /** Number of distinct paths looked up (for tests that prove the cache works). */
  get size(): number {
    return this.cache.size;
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; keeps the thread pool from flooding. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export type ReadResult<T> = { ok: true; value: T } | { ok: false; reason: string };

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

export async function readText(abs: string): Promise<ReadResult<string>> {
  try {
    return { ok: true, value: await fs.readFile(abs, "utf8") };
  } catch (err) {
    if (isMissing(err)) return { ok: false, reason: "file is missing" };
    if ((err as NodeJS.ErrnoException).code === "EISDIR") return { ok: false, reason: "is a folder, expected a file" };
    return { ok: false, reason: `cannot read file: ${errorMessage(err)}` };
  }
}

export async function readJsonFile(abs: string): Promise<ReadResult<unknown>> {
  const text = await readText(abs);
  if (!text.ok) return text;
  try {
    return { ok: true, value: JSON.parse(stripBom(text.value)) };
  } catch (err) {
    return { ok: false, reason: `not valid JSON (${errorMessage(err)})` };
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Sorted entries of a folder, or null when it does not exist. */
export async function listDir(abs: string): Promise<import("node:fs").Dirent[] | null> {
  try {
    const entries = await fs.readdir(abs, { withFileTypes: true });
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// JSON Lines

export type JsonLine = { line: number; value: unknown; error?: undefined } | { line: number; value?: undefined; error: string };

/**
 * Splits JSON Lines text into parsed values with 1-based line numbers. Blank (whitespace-only)
 * lines are skipped; a line that is not JSON yields `{ line, error }` instead of throwing, so a
 * reader can report every bad line in one pass.
 */
/** Longest JSON Lines line read (lib/import/limits.ts IMPORT_LIMITS.lineChars). */
const MAX_LINE_CHARS = 1_000_000;

export function parseJsonLines(text: string): JsonLine[] {
  const out: JsonLine[] = [];
  const lines = stripBom(text).split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === "") continue;
    if (raw.length > MAX_LINE_CHARS) {
      out.push({ line: i + 1, error: `the line is ${raw.length} characters long (at most ${MAX_LINE_CHARS})` });
      continue;
    }
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) });
    } catch (err) {
      out.push({ line: i + 1, error: `not valid JSON (${errorMessage(err)})` });
    }
  }
  return out;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------
// Parquet

export type ParquetRow = Record<string, unknown>;

/**
 * Reads a whole (small, metadata) parquet file into row objects. Only `wanted` columns that
 * exist are decoded (LeRobot episode files carry many large `stats/*` columns); `wanted`
 * may be a predicate over column names. A corrupt or unreadable file yields a reason, not an
 * exception.
 */
export async function readParquetRows(
  abs: string,
  wanted?: (column: string) => boolean,
): Promise<ReadResult<{ columns: string[]; rows: ParquetRow[] }>> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(abs);
  } catch (err) {
    if (isMissing(err)) return { ok: false, reason: "file is missing" };
    return { ok: false, reason: `cannot read file: ${errorMessage(err)}` };
  }
  try {
    const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    const metadata = parquetMetadata(file);
    const columns = parquetSchema(metadata).children.map((c) => c.element.name);
    const selected = wanted ? columns.filter(wanted) : columns;
    if (selected.length === 0) return { ok: true, value: { columns, rows: [] } };
    const rows = (await parquetReadObjects({ file, metadata, columns: selected })) as ParquetRow[];
    return { ok: true, value: { columns, rows } };
  } catch (err) {
    return { ok: false, reason: `not a readable parquet file (${errorMessage(err)})` };
  }
}

/**
 * Reads only the `wanted` columns of a (possibly large) parquet file, fetching just their column
 * chunks from disk: LeRobot data files hold every frame's state and action, which the import
 * does not need. Same result shape and error handling as readParquetRows.
 */
export async function readParquetColumns(
  abs: string,
  wanted: (column: string) => boolean,
): Promise<ReadResult<{ columns: string[]; rows: ParquetRow[] }>> {
  let file: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  try {
    file = await asyncBufferFromFile(abs);
  } catch (err) {
    if (isMissing(err)) return { ok: false, reason: "file is missing" };
    return { ok: false, reason: `cannot read file: ${errorMessage(err)}` };
  }
  try {
    const metadata = await parquetMetadataAsync(file);
    const columns = parquetSchema(metadata).children.map((c) => c.element.name);
    const selected = columns.filter(wanted);
    if (selected.length === 0) return { ok: true, value: { columns, rows: [] } };
    const rows = (await parquetReadObjects({ file, metadata, columns: selected })) as ParquetRow[];
    return { ok: true, value: { columns, rows } };
  } catch (err) {
    return { ok: false, reason: `not a readable parquet file (${errorMessage(err)})` };
  }
}

// ---------------------------------------------------------------------------------------------
// Values

/** A non-negative or any integer from a JSON number or a parquet INT64 (bigint). */
export function asInt(v: unknown): number | null {
  if (typeof v === "bigint") {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : null;
  }
  if (typeof v === "number" && Number.isInteger(v)) return v;
  return null;
}

export function asNumber(v: unknown): number | null {
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number" && Number.isFinite(v)) return v;
  return null;
}

/** Lists come back from parquet as arrays; a null list is `undefined`/`null`. */
export function asArray(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<unknown>);
  return null;
}

/** Converts parquet values (bigint, typed arrays) into plain JSON-safe values for metadata. */
export function toJsonSafe(v: unknown): unknown {
  if (typeof v === "bigint") {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v.toString();
  }
  if (Array.isArray(v)) return v.map(toJsonSafe);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<unknown>, toJsonSafe);
  if (v instanceof Date) return v.toISOString();
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonSafe(x)]));
  return v;
}

// ---------------------------------------------------------------------------------------------
// Python-style path templates (LeRobot `data_path` / `video_path`)

/**
 * Fills a LeRobot path template such as
 * `videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4`.
 * Supports `{name}` and the integer format specs LeRobot uses (`{name:03d}`, `{name:d}`);
 * anything else is reported rather than guessed.
 */
export function fillTemplate(template: string, values: Record<string, string | number>): ReadResult<string> {
  let failure: string | null = null;
  const filled = template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}/g, (whole, name: string, spec: string | undefined) => {
    if (!(name in values)) {
      failure ??= `template "${template}" uses {${name}}, which this reader cannot fill`;
      return whole;
    }
    const value = values[name];
    if (spec === undefined || spec === "") return String(value);
    const m = /^(0?)(\d*)d$/.exec(spec);
    if (!m || typeof value !== "number" || !Number.isInteger(value)) {
      failure ??= `template "${template}" uses the format "{${name}:${spec}}", which is not supported`;
      return whole;
    }
    const width = m[2] ? Number(m[2]) : 0;
    const digits = String(Math.abs(value));
    const padded = m[1] === "0" ? digits.padStart(width - (value < 0 ? 1 : 0), "0") : digits;
    const signed = (value < 0 ? "-" : "") + padded;
    return m[1] === "0" ? signed : signed.padStart(width, " ");
  });
  return failure ? { ok: false, reason: failure } : { ok: true, value: filled };
}

// ---------------------------------------------------------------------------------------------
// Segments

export interface RawSegment {
  label: unknown;
  startFrame: unknown;
  endFrame: unknown;
}

/**
 * Checks pre-filled subtask segments, already converted to inclusive frame ranges, and returns
 * them sorted by start. Reasons are returned (not thrown) so the caller can attach file, line
 * and episode. Rules: integer frames, 0 <= start <= end, a non-empty label, no two segments
 * sharing a frame, and (when the episode length is known) end <= length - 1.
 */
export function checkSegments(raw: RawSegment[], lengthFrames: number | null): { segments: ImportSegment[]; reasons: string[] } {
  const reasons: string[] = [];
  const segments: ImportSegment[] = [];
  raw.forEach((seg, i) => {
    const start = asInt(seg.startFrame);
    const end = asInt(seg.endFrame);
    const label = typeof seg.label === "string" ? seg.label.trim() : "";
    const name = label ? `subtask "${label}"` : `subtask ${i + 1}`;
    let bad = false;
    if (!label) {
      reasons.push(`subtask ${i + 1} has no label`);
      bad = true;
    }
    if (start === null || end === null) {
      reasons.push(`${name}: start and end frames must be whole numbers`);
      return;
    }
    if (start < 0) {
      reasons.push(`${name} starts at frame ${start}; frames start at 0`);
      bad = true;
    }
    if (end < start) {
      reasons.push(`${name} ends (frame ${end}) before it starts (frame ${start})`);
      bad = true;
    }
    if (lengthFrames !== null && end > lengthFrames - 1) {
      reasons.push(`${name} ends at frame ${end} but the episode has ${lengthFrames} frames (last frame ${lengthFrames - 1})`);
      bad = true;
    }
    if (!bad) segments.push({ startFrame: start, endFrame: end, label });
  });
  segments.sort((a, b) => a.startFrame - b.startFrame || a.endFrame - b.endFrame);
  for (let i = 1; i < segments.length; i++) {
    const prev = segments[i - 1];
    const cur = segments[i];
    if (cur.startFrame <= prev.endFrame) {
      reasons.push(
        `subtasks "${prev.label}" (frames ${prev.startFrame}-${prev.endFrame}) and "${cur.label}" (frames ${cur.startFrame}-${cur.endFrame}) overlap`,
      );
    }
  }
  return { segments, reasons };
}

// ---------------------------------------------------------------------------------------------
// Problems and tasks

/**
 * Collects "file X is missing" findings keyed by file so a file shared by many episodes is
 * reported once, naming the episodes that need it.
 */
export class MissingFiles {
  private readonly byFile = new Map<string, { reason: string; episodes: string[] }>();

  add(file: string, reason: string, episode: string): void {
    const hit = this.byFile.get(file);
    if (hit) hit.episodes.push(episode);
    else this.byFile.set(file, { reason, episodes: [episode] });
  }

  toProblems(): ImportProblem[] {
    return [...this.byFile].map(([file, { reason, episodes }]) => {
      const list = episodes.length > 5 ? `${episodes.slice(0, 5).join(", ")} and ${episodes.length - 5} more` : episodes.join(", ");
      return episodes.length === 1
        ? { file, episode: episodes[0], reason }
        : { file, reason: `${reason} (needed by episodes ${list})` };
    });
  }
}

/** Builds the batch's task list in first-seen order, with canonical subtasks in first-seen order. */
export class TaskCollector {
  private readonly tasks = new Map<string, ImportTask & { seen: Set<string> }>();

  add(environment: string, key: string, instruction: string): void {
    const id = `${environment}\u0000${key}`;
    if (!this.tasks.has(id)) this.tasks.set(id, { environment, key, instruction, canonicalSubtasks: [], seen: new Set() });
  }

  get(environment: string, key: string): ImportTask | undefined {
    return this.tasks.get(`${environment}\u0000${key}`);
  }

  addSubtasks(environment: string, key: string, labels: Iterable<string>): void {
    const task = this.tasks.get(`${environment}\u0000${key}`);
    if (!task) return;
    for (const label of labels) {
      if (!task.seen.has(label)) {
        task.seen.add(label);
        task.canonicalSubtasks.push(label);
      }
    }
  }

  list(): ImportTask[] {
    return [...this.tasks.values()].map(({ seen: _seen, ...task }) => task);
  }
}

// ---------------------------------------------------------------------------------------------
// LeRobot (shared by the v3 and v2.1 readers)

export const INFO_JSON = "meta/info.json";

export interface LeRobotInfo {
  codebaseVersion: string | null;
  robotType: string | null;
  fps: number;
  videoKeys: string[];
  videoPath: string;
  dataPath: string | null;
  chunksSize: number;
  splits: { name: string; start: number; end: number }[];
}

/**
 * Reads `meta/info.json`; every defect becomes a problem and the result is null if unusable.
 * `sample` holds example values for the path template placeholders of this version (minus
 * `video_key`): the templates are tried once here, so a template that cannot be filled or that
 * points outside the dataset is reported once rather than once per episode.
 */
export async function readLeRobotInfo(
  root: string,
  problems: ImportProblem[],
  sample: { video: Record<string, number>; data: Record<string, number> },
): Promise<LeRobotInfo | null> {
  const read = await readJsonFile(path.join(root, "meta", "info.json"));
  if (!read.ok) {
    problems.push({ file: INFO_JSON, reason: read.reason });
    return null;
  }
  const info = read.value;
  if (!isPlainObject(info)) {
    problems.push({ file: INFO_JSON, reason: "must be a JSON object" });
    return null;
  }
  let usable = true;
  const fps = asNumber(info.fps);
  if (fps === null || fps <= 0) {
    problems.push({ file: INFO_JSON, reason: `"fps" must be a positive number (got ${JSON.stringify(info.fps)})` });
    usable = false;
  }
  const videoKeys: string[] = [];
  if (!isPlainObject(info.features)) {
    problems.push({ file: INFO_JSON, reason: `"features" must be an object mapping feature names to their dtype` });
    usable = false;
  } else {
    for (const [key, feature] of Object.entries(info.features)) {
      if (isPlainObject(feature) && feature.dtype === "video") videoKeys.push(key);
    }
    if (videoKeys.length === 0) {
      problems.push({ file: INFO_JSON, reason: `no camera found: no entry of "features" has "dtype": "video"` });
      usable = false;
    }
  }
  if (typeof info.video_path !== "string" || info.video_path === "") {
    problems.push({ file: INFO_JSON, reason: `"video_path" (the video file name template) is missing` });
    usable = false;
  }
  const chunksSize = info.chunks_size === undefined ? 1000 : asInt(info.chunks_size);
  if (chunksSize === null || chunksSize <= 0) {
    problems.push({ file: INFO_JSON, reason: `"chunks_size" must be a positive whole number (got ${JSON.stringify(info.chunks_size)})` });
    usable = false;
  }
  const splits: LeRobotInfo["splits"] = [];
  if (isPlainObject(info.splits)) {
    for (const [name, range] of Object.entries(info.splits)) {
      const m = typeof range === "string" ? /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(range) : null;
      if (!m) {
        problems.push({ file: INFO_JSON, reason: `split "${name}" must be an episode range like "0:50" (got ${JSON.stringify(range)})` });
        continue;
      }
      splits.push({ name, start: Number(m[1]), end: Number(m[2]) });
    }
  }
  if (usable) {
    const templates: [string, unknown, Record<string, string | number>][] = [
      ...videoKeys.map((k): [string, unknown, Record<string, string | number>] => ["video_path", info.video_path, { ...sample.video, video_key: k }]),
      ["data_path", info.data_path, sample.data],
    ];
    for (const [field, template, values] of templates) {
      if (typeof template !== "string" || template === "") continue;
      const filled = fillTemplate(template, values);
      const safe = filled.ok ? resolveInside(root, filled.value, field === "video_path" ? "video path" : "data path") : filled;
      if (!safe.ok) {
        problems.push({ file: INFO_JSON, reason: `"${field}": ${safe.reason}` });
        usable = false;
        break;
      }
    }
  }
  if (!usable) return null;
  return {
    codebaseVersion: typeof info.codebase_version === "string" ? info.codebase_version : null,
    robotType: typeof info.robot_type === "string" && info.robot_type.trim() ? info.robot_type.trim() : null,
    fps: fps as number,
    videoKeys,
    videoPath: info.video_path as string,
    dataPath: typeof info.data_path === "string" && info.data_path ? info.data_path : null,
    chunksSize: chunksSize as number,
    splits,
  };
}

/** LeRobot `splits` ranges are Python slices: "0:50" holds episodes 0..49. */
export function splitTagsFor(episodeIndex: number, splits: LeRobotInfo["splits"]): string[] {
  return splits.filter((s) => episodeIndex >= s.start && episodeIndex < s.end).map((s) => s.name);
}

/**
 * SARM subtask annotations stored on a LeRobot episode record (a v3 `meta/episodes` row or a
 * v2.1 `episodes.jsonl` line): `sparse_subtask_names`, `sparse_subtask_start_frames`,
 * `sparse_subtask_end_frames`, falling back to the legacy unprefixed `subtask_*` columns that
 * the SARM annotator also writes.
 *
 * End-frame convention: SARM's end frames are EXCLUSIVE. Evidence: LeRobot's SARM annotation
 * script asks the VLM for contiguous subtasks whose "end" timestamp equals the next subtask's
 * "start", stores `int(t * fps)` for both, and its automatic single-stage annotation ends at
 * `int(episode_duration * fps)`, i.e. at `length`. Read as inclusive, every annotated episode
 * would have overlapping neighbours and a last frame past the end. So segment k covers frames
 * [start_k, end_k - 1]. Dense (`dense_subtask_*`) annotations are not imported.
 *
 * Returns null when the record carries no annotation.
 */
export function sarmSubtasks(
  rec: Record<string, unknown>,
  prefixes: readonly string[] = ["sparse_subtask_", "subtask_"],
): { raw: RawSegment[]; reasons: string[]; prefix: string } | null {
  for (const prefix of prefixes) {
    const names = rec[`${prefix}names`];
    if (names === undefined || names === null) continue;
    const nameList = asArray(names);
    const starts = asArray(rec[`${prefix}start_frames`]);
    const ends = asArray(rec[`${prefix}end_frames`]);
    const reasons: string[] = [];
    if (!nameList) return { raw: [], reasons: [`"${prefix}names" must be a list`], prefix };
    if (!starts || !ends) {
      return { raw: [], reasons: [`"${prefix}names" is set but "${prefix}start_frames" / "${prefix}end_frames" are missing`], prefix };
    }
    if (starts.length !== nameList.length || ends.length !== nameList.length) {
      return {
        raw: [],
        reasons: [
          `"${prefix}names", "${prefix}start_frames" and "${prefix}end_frames" have different lengths (${nameList.length}, ${starts.length}, ${ends.length})`,
        ],
        prefix,
      };
    }
    const raw: RawSegment[] = [];
    nameList.forEach((label, i) => {
      const s = asInt(starts[i]);
      const e = asInt(ends[i]);
      if (s !== null && e !== null && e === s) {
        reasons.push(`subtask "${String(label)}" has no frames: start and end frame are both ${s} (SARM end frames are exclusive)`);
        return;
      }
      raw.push({ label, startFrame: s ?? starts[i], endFrame: e === null ? ends[i] : e - 1 });
    });
    return { raw, reasons, prefix };
  }
  return null;
}

/**
 * Segments from LeRobot's per-frame `subtask_index` (data parquet) and `meta/subtasks.parquet`
 * (huggingface/lerobot b18cef2e2 "feat(dataset): add subtask support", docs/source/dataset_subtask.mdx):
 * each run of frames with one index is a segment; frames with a null or negative index belong
 * to none (Critic Studio's own export writes -1 there, lib/export/lerobot/sarm.ts).
 */
export function subtaskIndexSegments(perFrame: readonly unknown[], names: ReadonlyMap<number, string>): { raw: RawSegment[]; reasons: string[] } {
  const raw: RawSegment[] = [];
  const reasons: string[] = [];
  const unknown = new Map<number, number>();
  let run: { index: number; start: number } | null = null;
  const close = (end: number) => {
    if (run) raw.push({ label: names.get(run.index), startFrame: run.start, endFrame: end });
    run = null;
  };
  perFrame.forEach((v, frame) => {
    const index = v === null || v === undefined ? -1 : asInt(v);
    if (index === null) {
      reasons.push(`subtask_index at frame ${frame} is not a whole number (${JSON.stringify(toJsonSafe(v))})`);
      return;
    }
    if (run && run.index === index) return;
    close(frame - 1);
    if (index < 0) return;
    if (!names.has(index)) {
      if (!unknown.has(index)) unknown.set(index, frame);
      return;
    }
    run = { index, start: frame };
  });
  close(perFrame.length - 1);
  for (const [index, frame] of unknown) reasons.push(`subtask_index ${index} (first at frame ${frame}) is not listed in meta/subtasks.parquet`);
  return { raw, reasons };
}

/** One row of LeRobot's v3.1 `language_persistent` / `language_events` columns. */
export interface LanguageRow {
  role: string | null;
  content: string | null;
  style: string | null;
  timestamp?: number | null;
  camera?: string | null;
}

function languageRows(v: unknown): LanguageRow[] | null {
  const list = asArray(v);
  if (!list) return null;
  const rows: LanguageRow[] = [];
  for (const r of list) {
    if (!isPlainObject(r)) return null;
    const ts = asNumber(r.timestamp);
    rows.push({
      role: typeof r.role === "string" ? r.role : null,
      content: typeof r.content === "string" ? r.content : null,
      style: typeof r.style === "string" ? r.style : null,
      ...(r.timestamp !== undefined ? { timestamp: ts } : {}),
      ...(typeof r.camera === "string" ? { camera: r.camera } : {}),
    });
  }
  return rows;
}

/**
 * Subtasks from LeRobot's v3.1 `language_persistent` column (huggingface/lerobot
 * src/lerobot/datasets/language.py, language_render.py `active_at`, annotations/steerable_pipeline/writer.py):
 * the column holds the same list on every frame of an episode; frame i's subtask is the
 * `style == "subtask"` row with the latest `timestamp` <= frame i's own `timestamp`. Each run of
 * frames with one active row is a segment; frames before the first subtask row belong to none.
 * The other persistent styles (plan, memory, motion, task_aug) are counted, not segmented.
 */
export function languageSubtasks(
  persistent: unknown,
  stamps: readonly number[],
): { raw: RawSegment[]; reasons: string[]; styles: Record<string, number>; rows: LanguageRow[] } | null {
  const rows = languageRows(persistent);
  if (rows === null) return { raw: [], reasons: ["language_persistent is not a list of {role, content, style, timestamp} rows"], styles: {}, rows: [] };
  const styles: Record<string, number> = {};
  for (const r of rows) styles[r.style ?? "none"] = (styles[r.style ?? "none"] ?? 0) + 1;
  const subtasks = rows.filter((r) => r.style === "subtask");
  if (subtasks.length === 0) return rows.length ? { raw: [], reasons: [], styles, rows } : null;
  const reasons: string[] = [];
  const timed = subtasks.filter((r) => typeof r.timestamp === "number");
  if (timed.length < subtasks.length) reasons.push(`${subtasks.length - timed.length} subtask row(s) of language_persistent have no timestamp`);
  timed.sort((a, b) => a.timestamp! - b.timestamp!);
  for (let i = 1; i < timed.length; i++) {
    if (timed[i]!.timestamp === timed[i - 1]!.timestamp) reasons.push(`two subtask rows start at the same time (${timed[i]!.timestamp} s)`);
  }
  const raw: RawSegment[] = [];
  let k = -1; // index in `timed` of the row active at the current frame
  let start = 0;
  stamps.forEach((t, frame) => {
    let next = k;
    while (next + 1 < timed.length && timed[next + 1]!.timestamp! <= t) next++;
    if (next === k) return;
    if (k >= 0) raw.push({ label: timed[k]!.content, startFrame: start, endFrame: frame - 1 });
    k = next;
    start = frame;
  });
  if (k >= 0) raw.push({ label: timed[k]!.content, startFrame: start, endFrame: stamps.length - 1 });
  const unreached = timed.filter((r) => r.timestamp! > (stamps[stamps.length - 1] ?? -Infinity));
  if (unreached.length) reasons.push(`subtask "${unreached[0]!.content}" starts at ${unreached[0]!.timestamp} s, after the episode's last frame`);
  return { raw, reasons, styles, rows };
}

/** LeRobot v3.1 `language_events` rows by the frame they sit on (event rows have no timestamp of their own). */
export function languageEvents(perFrame: readonly unknown[]): Array<{ frame: number; style: string | null; role: string | null; content: string | null }> {
  const out: Array<{ frame: number; style: string | null; role: string | null; content: string | null }> = [];
  perFrame.forEach((v, frame) => {
    for (const r of languageRows(v) ?? []) out.push({ frame, style: r.style, role: r.role, content: r.content });
  });
  return out;
}

/** A file an episode needs, checked for existence before the batch is returned. */
export interface FileCheck {
  rel: string;
  abs: string;
  what: string;
}

/**
 * The common end of the LeRobot readers: looks every referenced file up once (however many
 * episodes share it), reports the missing ones, then adds the episodes in episode-index order
 * and their segment labels to the task list.
 */
export async function finishLeRobotBatch(
  batch: ImportBatch,
  pending: Array<{ episode: ImportEpisode; checks: FileCheck[] }>,
  opts: { stats: StatCache; missing: MissingFiles; tasks: TaskCollector; environment: string },
): Promise<ImportBatch> {
  await mapLimit(pending, 32, async ({ episode, checks }) => {
    for (const check of checks) {
      if (!(await opts.stats.isFile(check.abs))) opts.missing.add(check.rel, `${check.what} is missing`, episode.sourceKey);
    }
  });
  batch.problems.push(...opts.missing.toProblems());
  pending.sort((a, b) => Number(a.episode.sourceKey) - Number(b.episode.sourceKey));
  for (const { episode } of pending) {
    batch.episodes.push(episode);
    if (episode.segments) opts.tasks.addSubtasks(opts.environment, episode.taskKey, episode.segments.map((s) => s.label));
  }
  batch.tasks = opts.tasks.list();
  return batch;
}
