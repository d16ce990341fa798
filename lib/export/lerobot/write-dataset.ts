// The LeRobot v3.0 dataset writer (pure: every file goes through the injected DatasetIo).
//
// Layout and column types follow huggingface/lerobot @ 7427f31801f944f5ec9ce53cda02862ce7d1638b
// (read in the mirror; see docs/exports.md "LeRobot v3.0"):
//   src/lerobot/datasets/utils.py        INFO_PATH, STATS_PATH, DEFAULT_TASKS_PATH,
//                                        DEFAULT_EPISODES_PATH, DEFAULT_DATA_PATH,
//                                        DEFAULT_VIDEO_PATH, DEFAULT_CHUNK_SIZE (1000),
//                                        DEFAULT_DATA_FILE_SIZE_IN_MB (100), DEFAULT_VIDEO_FILE_SIZE_IN_MB (200)
//   src/lerobot/datasets/feature_utils.py get_hf_features_from_features: every per-frame column
//                                        of data/*.parquet is cast to the `features` of
//                                        info.json (shape [1] → Value(dtype), [n] → Sequence),
//                                        video features are skipped there
//   src/lerobot/datasets/io_utils.py     load_nested_dataset (Dataset.from_parquet with those
//                                        features), load_tasks (pd.read_parquet, the task
//                                        string is the index), load_stats (stats.json; `{}` is
//                                        read as no statistics), load_episodes (meta/episodes,
//                                        stats/* columns dropped)
//   src/lerobot/datasets/video_utils.py  frames are decoded at from_timestamp + frame_index / fps
//                                        within a tolerance, so videos must be constant-rate
//
// Two ways to write:
//   reuse  every episode is from ONE LeRobot v3 source root and carries its source metadata:
//          the source's frame rows (all columns, their own parquet types) are copied into one new
//          data file with episode_index / index / task_index renumbered, and the source mp4s are
//          hard-linked with their chunk/file indices and from/to timestamps kept.
//   fresh  anything else: a new dataset with only the default frame columns and, per camera, one
//          mp4 of all episodes back to back (io.concatVideos).
// Both add the per-frame subtask_index and meta/subtasks.parquet (LeRobot's own subtask form:
// DEFAULT_SUBTASKS_PATH in src/lerobot/datasets/utils.py and docs/source/dataset_subtask.mdx at
// 7ab4936^, removed from lerobot by 7ab4936 "Add extensive language support"), the SARM episode columns,
// outcome / failure_reason / source ids, meta/temporal_proportions_sparse.json and
// sarm_progress.parquet.
import type { DatasetIo, DatasetWritten, WrittenFileInfo } from "@/lib/export/formats/format";
import type { SnapshotCamera, SnapshotEpisode } from "@/lib/export/types";
import { pandasIndexMetadata, readRows, writeColumns, type ParsedParquet, type RawColumn, type TypedColumn } from "./parquet";
import { frameSubtasks, progressSparse, sarmColumns, subtaskTable, taskTable, temporalProportions } from "./sarm";

export const DATA_PATH = "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet";
export const VIDEO_PATH = "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4";
export const DATA_FILE = "data/chunk-000/file-000.parquet";
export const EPISODES_FILE = "meta/episodes/chunk-000/file-000.parquet";
const VIDEO_PREFIX = "observation.images.";

/** The default per-frame features every LeRobot v3 dataset has (lerobot src/lerobot/utils/constants.py DEFAULT_FEATURES @ 7427f31). */
export const DEFAULT_FEATURES: Record<string, { dtype: string; shape: number[]; names: null }> = {
  timestamp: { dtype: "float32", shape: [1], names: null },
  frame_index: { dtype: "int64", shape: [1], names: null },
  episode_index: { dtype: "int64", shape: [1], names: null },
  index: { dtype: "int64", shape: [1], names: null },
  task_index: { dtype: "int64", shape: [1], names: null },
};
const SUBTASK_FEATURE = { dtype: "int64", shape: [1], names: null };

export interface LerobotWriteOptions {
  /** Folder of the dataset inside the export (default "lerobot"). */
  folder?: string;
}

interface VideoRef {
  chunk_index: number;
  file_index: number;
  from_timestamp: number;
  to_timestamp: number;
}

/** What either path prepares for the common part. */
interface Body {
  episodes: SnapshotEpisode[];
  fps: number;
  robotType: string | null;
  /** info.json without the totals, splits and subtask_index (filled in by the common part). */
  info: Record<string, unknown>;
  features: Record<string, unknown>;
  /** Per video key, per episode (same order). */
  videos: Map<string, VideoRef[]>;
  /** Frame columns other than subtask_index, in order. */
  frameColumns: (TypedColumn | RawColumn)[];
  sourceIndex: (number | null)[];
  files: WrittenFileInfo[];
  linked: number;
  videoFiles: number;
}

const int = (v: unknown): number | null => {
  if (typeof v === "bigint") return Number(v);
  return typeof v === "number" && Number.isInteger(v) ? v : null;
};
const obj = (v: unknown): Record<string, unknown> | null => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** Fills a LeRobot path template (`{name}` and `{name:03d}`). */
export function fillPath(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{([A-Za-z_]+)(?::0?(\d*)d)?\}/g, (whole, name: string, width: string | undefined) => {
    if (!(name in values)) throw new RangeError(`path template ${template} uses {${name}}`);
    const v = values[name];
    return width ? String(v).padStart(Number(width), "0") : String(v);
  });
}

/** The dataset root of a source URI (`file:` stripped). */
const rootOf = (uri: string) => (uri.startsWith("file:") ? uri.slice(5) : uri).replace(/\/+$/, "");
const describe = (e: SnapshotEpisode) => `${e.key} (episode ${e.episodeId})`;
const listOf = (es: SnapshotEpisode[]) => (es.length > 5 ? `${es.slice(0, 5).map(describe).join(", ")} and ${es.length - 5} more` : es.map(describe).join(", "));

/** The video key of a camera name. */
export function videoKeyOf(camera: string): string {
  return camera.startsWith(VIDEO_PREFIX) ? camera : `${VIDEO_PREFIX}${camera}`;
}

/**
 * Writes the episodes as a LeRobot v3.0 dataset under `<folder>/` (see the header). Throws a
 * RangeError for episodes that cannot make one dataset (no episodes, mixed or fractional frame
 * rates, no camera they all have).
 */
export async function writeLerobotDataset(episodes: readonly SnapshotEpisode[], io: DatasetIo, opts: LerobotWriteOptions = {}): Promise<DatasetWritten> {
  const folder = (opts.folder ?? "lerobot").replace(/\/+$/, "");
  if (episodes.length === 0) throw new RangeError("LeRobot export: the release has no episodes");
  const warnings: string[] = [];
  const reuse = reusableSource(episodes, warnings);
  const body = reuse ? await fromSource(reuse.root, reuse.episodes, io, folder, warnings) : await fresh(episodes, io, folder, warnings);
  return finish(body, io, folder, warnings);
}

/** One LeRobot v3 root holding every episode, with the metadata needed to reuse it; else null. */
function reusableSource(episodes: readonly SnapshotEpisode[], warnings: string[]): { root: string; episodes: SnapshotEpisode[] } | null {
  const lerobot = episodes.filter((e) => e.source?.kind === "LEROBOT_V3");
  if (lerobot.length === 0) return null;
  const roots = new Set(lerobot.map((e) => rootOf(e.source!.uri)));
  const why =
    lerobot.length < episodes.length
      ? "the release mixes LeRobot v3 episodes with other sources"
      : roots.size > 1
        ? `the episodes come from ${roots.size} LeRobot datasets`
        : null;
  if (why) {
    warnings.push(`LeRobot source files are not reused: ${why}; a new dataset is written (default frame columns only, videos re-cut)`);
    return null;
  }
  const missing = lerobot.filter((e) => {
    const m = e.source!.metadata;
    const data = obj(m.data);
    return int(m.episode_index) === null || !data || int(data.chunk_index) === null || int(data.file_index) === null || !obj(m.videos);
  });
  if (missing.length) {
    warnings.push(`LeRobot source files are not reused: episodes ${listOf(missing)} were imported without their source metadata; a new dataset is written`);
    return null;
  }
  const sorted = [...lerobot].sort((a, b) => int(a.source!.metadata.episode_index)! - int(b.source!.metadata.episode_index)! || a.episodeId - b.episodeId);
  return { root: [...roots][0], episodes: sorted };
}

// ---------------------------------------------------------------------------------------------
// Reuse a LeRobot v3 source

async function fromSource(root: string, episodes: SnapshotEpisode[], io: DatasetIo, folder: string, warnings: string[]): Promise<Body> {
  const src = (rel: string) => `file:${root}/${rel}`;
  const info = JSON.parse(new TextDecoder().decode(await io.readSource(src("meta/info.json")))) as Record<string, unknown>;
  const fps = int(info.fps);
  if (fps === null || fps <= 0) throw new RangeError(`LeRobot export: the source ${root} has a non-integer fps (${JSON.stringify(info.fps)})`);
  const features = { ...(obj(info.features) ?? {}) };
  delete features.subtask_index;
  const videoKeys = Object.keys(features).filter((k) => obj(features[k])?.dtype === "video").sort();
  const dataTemplate = typeof info.data_path === "string" ? info.data_path : DATA_PATH;
  const videoTemplate = typeof info.video_path === "string" ? info.video_path : VIDEO_PATH;
  const { indexOf: taskIndex } = taskTable(episodes);

  // Frame rows, read once per source data file, grouped by source episode index.
  const dataFiles = new Map<string, Promise<{ parsed: ParsedParquet; byEpisode: Map<number, Record<string, unknown>[]> }>>();
  const dataOf = (rel: string) => {
    let p = dataFiles.get(rel);
    if (!p) {
      p = io.readSource(src(rel)).then(async (bytes) => {
        const { parsed, rows } = await readRows(bytes);
        const byEpisode = new Map<number, Record<string, unknown>[]>();
        for (const r of rows) {
          const k = int(r.episode_index) ?? -1;
          let list = byEpisode.get(k);
          if (!list) byEpisode.set(k, (list = []));
          list.push(r);
        }
        return { parsed, byEpisode };
      });
      dataFiles.set(rel, p);
    }
    return p;
  };

  let columns: string[] | null = null;
  let schemaOf: Map<string, unknown[]> | null = null;
  const rows: Record<string, unknown>[] = [];
  const renumbered: { episode: number[]; index: number[]; task: number[] } = { episode: [], index: [], task: [] };
  const videos = new Map<string, VideoRef[]>(videoKeys.map((k) => [k, []]));
  const sourceIndex: number[] = [];
  const videoFiles = new Map<string, string>();
  for (const [i, e] of episodes.entries()) {
    const m = e.source!.metadata;
    const sourceEp = int(m.episode_index)!;
    sourceIndex.push(sourceEp);
    const data = obj(m.data)!;
    const rel = fillPath(dataTemplate, { chunk_index: int(data.chunk_index)!, file_index: int(data.file_index)! });
    const file = await dataOf(rel);
    if (!columns) {
      columns = file.parsed.columns.filter((c) => c !== "subtask_index");
      schemaOf = file.parsed.schemaOf as Map<string, unknown[]>;
    } else {
      const these = file.parsed.columns.filter((c) => c !== "subtask_index");
      if (these.join("\u0000") !== columns.join("\u0000")) throw new RangeError(`LeRobot export: ${rel} has other columns than the first data file (${these.join(", ")} vs ${columns.join(", ")})`);
    }
    const frames = [...(file.byEpisode.get(sourceEp) ?? [])].sort((a, b) => (int(a.frame_index) ?? 0) - (int(b.frame_index) ?? 0));
    if (frames.length !== e.lengthFrames) {
      throw new RangeError(`LeRobot export: source episode ${sourceEp} has ${frames.length} frame rows in ${rel}, the release says ${e.lengthFrames} frames`);
    }
    const t = taskIndex.get(e.task.instruction)!;
    for (const r of frames) {
      renumbered.episode.push(i);
      renumbered.index.push(rows.length);
      renumbered.task.push(t);
      rows.push(r);
    }
    const mv = obj(m.videos)!;
    for (const key of videoKeys) {
      const v = obj(mv[key]);
      const ref = v && { chunk_index: int(v.chunk_index), file_index: int(v.file_index), from_timestamp: Number(v.from_timestamp), to_timestamp: Number(v.to_timestamp) };
      if (!ref || ref.chunk_index === null || ref.file_index === null || !Number.isFinite(ref.from_timestamp) || !Number.isFinite(ref.to_timestamp)) {
        throw new RangeError(`LeRobot export: source episode ${sourceEp} has no video reference for ${key}`);
      }
      videos.get(key)!.push(ref as VideoRef);
      const vrel = fillPath(videoTemplate, { video_key: key, chunk_index: ref.chunk_index, file_index: ref.file_index });
      videoFiles.set(vrel, vrel);
    }
  }

  // The source mp4s, hard-linked under the same relative paths.
  const files: WrittenFileInfo[] = [];
  let linked = 0;
  for (const vrel of [...videoFiles.keys()].sort()) {
    const abs = await io.sourcePath(src(vrel));
    const w = await io.linkOrCopy(abs, `${folder}/${vrel}`);
    if (w.linked) linked++;
    files.push({ path: w.path, bytes: w.bytes, sha256: w.sha256 });
  }
  if (videoFiles.size > 0 && linked < videoFiles.size) warnings.push(`${videoFiles.size - linked} of ${videoFiles.size} source videos were copied (no hard link across file systems)`);

  const frameColumns: (TypedColumn | RawColumn)[] = (columns ?? []).map((name) => {
    if (name === "episode_index") return { name, type: "INT64", data: renumbered.episode };
    if (name === "index") return { name, type: "INT64", data: renumbered.index };
    if (name === "task_index") return { name, type: "INT64", data: renumbered.task };
    return { name, schema: schemaOf!.get(name) as RawColumn["schema"], data: rows.map((r) => r[name] ?? null) };
  });
  for (const name of ["episode_index", "index", "task_index"]) {
    if (!columns?.includes(name)) frameColumns.push({ name, type: "INT64", data: name === "episode_index" ? renumbered.episode : name === "index" ? renumbered.index : renumbered.task });
  }
  const { total_episodes: _a, total_frames: _b, total_tasks: _c, splits: _d, features: _f, ...rest } = info;
  return {
    episodes,
    fps,
    robotType: typeof info.robot_type === "string" ? info.robot_type : null,
    info: { ...rest, codebase_version: "v3.0", data_path: DATA_PATH, video_path: videoKeys.length ? videoTemplate : null },
    features,
    videos,
    frameColumns,
    sourceIndex,
    files,
    linked,
    videoFiles: videoFiles.size,
  };
}

// ---------------------------------------------------------------------------------------------
// A new dataset

/** Why episodes cannot share one new dataset's frame rate (info.json `fps` is one integer), or null. */
function freshRateProblem(episodes: readonly SnapshotEpisode[]): string | null {
  const rates = new Map<number, SnapshotEpisode[]>();
  for (const e of episodes) {
    let list = rates.get(e.fps);
    if (!list) rates.set(e.fps, (list = []));
    list.push(e);
  }
  if (rates.size > 1) {
    const parts = [...rates].map(([fps, es]) => `${fps} fps: ${listOf(es)}`).join("; ");
    return `a LeRobot dataset has one frame rate, but the episodes have ${rates.size} (${parts}); export one frame rate per release`;
  }
  const fps = episodes[0]?.fps;
  if (fps !== undefined && (!Number.isInteger(fps) || fps <= 0)) return `LeRobot needs a whole frame rate, but episodes ${listOf([...episodes])} are at ${fps} fps`;
  return null;
}

/**
 * Why these episodes cannot be written as one LeRobot dataset, known before anything is written
 * (the export refuses to start), or null. A single LeRobot source keeps its own rate; anything
 * else becomes a new dataset, whose episodes must share one whole frame rate.
 */
export function lerobotProblem(episodes: readonly SnapshotEpisode[]): string | null {
  if (episodes.length === 0) return null;
  if (reusableSource(episodes, [])) return null;
  return freshRateProblem(episodes);
}

/** The cameras of an episode: `cameras`, or the main `video` as one camera. */
function camerasOf(e: SnapshotEpisode): SnapshotCamera[] {
  if (e.cameras && e.cameras.length) return e.cameras;
  if (!e.video) return [];
  const v = e.video;
  return [{ camera: e.camera || "main", uri: v.uri, startFrame: v.startFrame, startSec: (v.startFrame * v.fpsDen) / v.fpsNum, frameCount: e.lengthFrames, fpsNum: v.fpsNum, fpsDen: v.fpsDen, width: v.width, height: v.height, codec: "h264", pixFmt: "yuv420p" }];
}

function sortFresh(episodes: readonly SnapshotEpisode[]): SnapshotEpisode[] {
  const numeric = (k: string) => (/^\d+$/.test(k) ? Number(k) : null);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...episodes].sort((a, b) => {
    const s = cmp(a.source?.uri ?? "", b.source?.uri ?? "");
    if (s) return s;
    const na = numeric(a.key);
    const nb = numeric(b.key);
    if (na !== null && nb !== null && na !== nb) return na - nb;
    return cmp(a.key, b.key) || a.episodeId - b.episodeId;
  });
}

async function fresh(input: readonly SnapshotEpisode[], io: DatasetIo, folder: string, warnings: string[]): Promise<Body> {
  const episodes = sortFresh(input);
  const rateProblem = freshRateProblem(episodes);
  if (rateProblem) throw new RangeError(`LeRobot export: ${rateProblem}`);
  const fps = episodes[0].fps;

  // The cameras every episode has.
  const keysOf = episodes.map((e) => new Map(camerasOf(e).map((c) => [videoKeyOf(c.camera), c])));
  const all = [...new Set(keysOf.flatMap((m) => [...m.keys()]))].sort();
  const keys = all.filter((k) => keysOf.every((m) => m.has(k)));
  const dropped = all.filter((k) => !keys.includes(k));
  if (keys.length === 0) {
    const none = episodes.filter((_, i) => keysOf[i].size === 0);
    throw new RangeError(
      none.length
        ? `LeRobot export: episodes ${listOf(none)} have no video`
        : `LeRobot export: no camera is in every episode (cameras: ${all.join(", ")}); a LeRobot dataset needs every video key in every episode`,
    );
  }
  if (dropped.length) warnings.push(`cameras not in every episode are left out: ${dropped.join(", ")}`);
  const wrongRate: SnapshotEpisode[] = [];
  const short: SnapshotEpisode[] = [];
  episodes.forEach((e, i) => {
    for (const k of keys) {
      const c = keysOf[i].get(k)!;
      if (c.fpsNum !== fps * c.fpsDen) wrongRate.push(e);
      if (c.frameCount < e.lengthFrames) short.push(e);
    }
  });
  if (wrongRate.length) throw new RangeError(`LeRobot export: the videos of episodes ${listOf([...new Set(wrongRate)])} are not at exactly ${fps} fps`);
  if (short.length) throw new RangeError(`LeRobot export: the videos of episodes ${listOf([...new Set(short)])} are shorter than the episodes`);

  const files: WrittenFileInfo[] = [];
  const videos = new Map<string, VideoRef[]>();
  const features: Record<string, unknown> = {};
  let offset = 0;
  const offsets = episodes.map((e) => {
    const o = offset;
    offset += e.lengthFrames;
    return o;
  });
  for (const key of keys) {
    const parts = episodes.map((e, i) => {
      const c = keysOf[i].get(key)!;
      return { uri: c.uri, startFrame: c.startFrame, frameCount: e.lengthFrames, fpsNum: c.fpsNum, fpsDen: c.fpsDen };
    });
    const rel = fillPath(VIDEO_PATH, { video_key: key, chunk_index: 0, file_index: 0 });
    const w = await io.concatVideos(parts, `${folder}/${rel}`);
    if (w.frames !== offset) throw new Error(`LeRobot export: ${rel} has ${w.frames} frames, expected ${offset}`);
    files.push({ path: w.path, bytes: w.bytes, sha256: w.sha256 });
    videos.set(
      key,
      episodes.map((e, i) => ({ chunk_index: 0, file_index: 0, from_timestamp: offsets[i] / fps, to_timestamp: (offsets[i] + e.lengthFrames) / fps })),
    );
    const first = keysOf[0].get(key)!;
    const height = w.height ?? first.height;
    const width = w.width ?? first.width;
    features[key] = {
      dtype: "video",
      shape: [height, width, 3],
      names: ["height", "width", "channels"],
      info: {
        "video.height": height,
        "video.width": width,
        "video.codec": w.codec ?? "h264",
        "video.pix_fmt": w.pixFmt ?? "yuv420p",
        "video.is_depth_map": false,
        "video.fps": fps,
        "video.channels": 3,
        has_audio: false,
      },
    };
  }
  Object.assign(features, DEFAULT_FEATURES);

  const { indexOf: taskIndex } = taskTable(episodes);
  const cols = { timestamp: [] as number[], frame: [] as number[], episode: [] as number[], index: [] as number[], task: [] as number[] };
  episodes.forEach((e, i) => {
    const t = taskIndex.get(e.task.instruction)!;
    for (let f = 0; f < e.lengthFrames; f++) {
      cols.timestamp.push(f / fps);
      cols.frame.push(f);
      cols.episode.push(i);
      cols.index.push(cols.index.length);
      cols.task.push(t);
    }
  });
  const envs = new Set(episodes.map((e) => e.environment.name));
  return {
    episodes,
    fps,
    robotType: envs.size === 1 ? [...envs][0] : null,
    info: { codebase_version: "v3.0", chunks_size: 1000, data_files_size_in_mb: 100, video_files_size_in_mb: 200, data_path: DATA_PATH, video_path: VIDEO_PATH },
    features,
    videos,
    frameColumns: [
      { name: "timestamp", type: "FLOAT", data: cols.timestamp },
      { name: "frame_index", type: "INT64", data: cols.frame },
      { name: "episode_index", type: "INT64", data: cols.episode },
      { name: "index", type: "INT64", data: cols.index },
      { name: "task_index", type: "INT64", data: cols.task },
    ],
    sourceIndex: episodes.map((e) => (e.source?.kind === "LEROBOT_V3" ? int(e.source.metadata.episode_index) : null)),
    files,
    linked: 0,
    videoFiles: keys.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Common part: metadata, SARM, progress

async function finish(b: Body, io: DatasetIo, folder: string, warnings: string[]): Promise<DatasetWritten> {
  const { episodes, fps } = b;
  const files = [...b.files];
  const put = async (rel: string, data: Uint8Array | string) => {
    const w = await io.writeFile(`${folder}/${rel}`, data);
    files.push(w);
  };
  const { tasks } = taskTable(episodes);
  const { subtasks, indexOf: subtaskIndex } = subtaskTable(episodes, tasks);
  const totalFrames = episodes.reduce((n, e) => n + e.lengthFrames, 0);

  // Per frame: subtask_index and ground-truth progress.
  const subtaskCol: number[] = [];
  const progress = { index: [] as number[], episode: [] as number[], frame: [] as number[], value: [] as number[] };
  episodes.forEach((e, i) => {
    for (const s of frameSubtasks(e, subtaskIndex)) subtaskCol.push(s);
    progressSparse(e).forEach((p, f) => {
      progress.index.push(progress.index.length);
      progress.episode.push(i);
      progress.frame.push(f);
      progress.value.push(p);
    });
  });
  await put(DATA_FILE, writeColumns([...b.frameColumns, { name: "subtask_index", type: "INT64", data: subtaskCol }]));

  // meta/tasks.parquet and meta/subtasks.parquet: the string as the pandas index.
  const stringTable = (name: string, values: string[]) =>
    writeColumns(
      [
        { name: `${name}_index`, type: "INT64", data: values.map((_, i) => i) },
        { name, type: "STRING", data: values },
      ],
      [pandasIndexMetadata(`${name}_index`, name)],
    );
  await put("meta/tasks.parquet", stringTable("task", tasks));
  await put("meta/subtasks.parquet", stringTable("subtask", subtasks));

  // meta/episodes/chunk-000/file-000.parquet
  const videoKeys = [...b.videos.keys()].sort();
  let from = 0;
  const ranges = episodes.map((e) => {
    const r = [from, from + e.lengthFrames];
    from += e.lengthFrames;
    return r;
  });
  const sarm = episodes.map((e) => sarmColumns(e, fps));
  const ep: TypedColumn[] = [
    { name: "episode_index", type: "INT64", data: episodes.map((_, i) => i) },
    { name: "tasks", type: "LIST<STRING>", data: episodes.map((e) => [e.task.instruction]) },
    { name: "length", type: "INT64", data: episodes.map((e) => e.lengthFrames) },
    { name: "data/chunk_index", type: "INT64", data: episodes.map(() => 0) },
    { name: "data/file_index", type: "INT64", data: episodes.map(() => 0) },
    { name: "dataset_from_index", type: "INT64", data: ranges.map((r) => r[0]) },
    { name: "dataset_to_index", type: "INT64", data: ranges.map((r) => r[1]) },
  ];
  for (const key of videoKeys) {
    const refs = b.videos.get(key)!;
    ep.push(
      { name: `videos/${key}/chunk_index`, type: "INT64", data: refs.map((r) => r.chunk_index) },
      { name: `videos/${key}/file_index`, type: "INT64", data: refs.map((r) => r.file_index) },
      { name: `videos/${key}/from_timestamp`, type: "DOUBLE", data: refs.map((r) => r.from_timestamp) },
      { name: `videos/${key}/to_timestamp`, type: "DOUBLE", data: refs.map((r) => r.to_timestamp) },
    );
  }
  ep.push(
    { name: "meta/episodes/chunk_index", type: "INT64", data: episodes.map(() => 0) },
    { name: "meta/episodes/file_index", type: "INT64", data: episodes.map(() => 0) },
  );
  for (const prefix of ["sparse_subtask_", "subtask_"]) {
    ep.push(
      { name: `${prefix}names`, type: "LIST<STRING>", data: sarm.map((s) => s.names) },
      { name: `${prefix}start_times`, type: "LIST<DOUBLE>", data: sarm.map((s) => s.startTimes) },
      { name: `${prefix}end_times`, type: "LIST<DOUBLE>", data: sarm.map((s) => s.endTimes) },
      { name: `${prefix}start_frames`, type: "LIST<INT64>", data: sarm.map((s) => s.startFrames) },
      { name: `${prefix}end_frames`, type: "LIST<INT64>", data: sarm.map((s) => s.endFrames) },
    );
  }
  ep.push(
    { name: "outcome", type: "STRING", data: episodes.map((e) => e.annotation.outcome) },
    { name: "failure_reason", type: "STRING", data: episodes.map((e) => (e.annotation.outcome === "FAILURE" ? (e.annotation.failureReason ?? null) : null)) },
    { name: "source_episode_index", type: "INT64", data: b.sourceIndex },
    { name: "source_key", type: "STRING", data: episodes.map((e) => e.key) },
    { name: "source_kind", type: "STRING", data: episodes.map((e) => e.source?.kind ?? null) },
    { name: "critic_episode_id", type: "INT64", data: episodes.map((e) => e.episodeId) },
    { name: "critic_annotation_id", type: "INT64", data: episodes.map((e) => e.annotation.id) },
    { name: "critic_annotation_version", type: "INT64", data: episodes.map((e) => e.annotation.version) },
    { name: "split", type: "STRING", data: episodes.map((e) => e.split) },
    { name: "split_tag", type: "STRING", data: episodes.map((e) => e.splitTag) },
  );
  await put(EPISODES_FILE, writeColumns(ep));

  // SARM: stage proportions and ground-truth progress.
  if (subtasks.length) await put("meta/temporal_proportions_sparse.json", `${JSON.stringify(temporalProportions(episodes, subtasks), null, 2)}\n`);
  await put(
    "sarm_progress.parquet",
    writeColumns(
      [
        { name: "index", type: "INT64", data: progress.index },
        { name: "episode_index", type: "INT64", data: progress.episode },
        { name: "frame_index", type: "INT64", data: progress.frame },
        { name: "progress_sparse", type: "FLOAT", data: progress.value },
      ],
      [{ key: "reward_model_path", value: "critic-studio ground truth (annotated subtask boundaries)" }],
    ),
  );

  // meta/stats.json: `{}` — lerobot's load_stats reads it as "no statistics" (see docs/exports.md).
  await put("meta/stats.json", "{}\n");

  const info = {
    ...b.info,
    codebase_version: "v3.0",
    robot_type: b.robotType,
    total_episodes: episodes.length,
    total_frames: totalFrames,
    total_tasks: tasks.length,
    chunks_size: b.info.chunks_size ?? 1000,
    data_files_size_in_mb: b.info.data_files_size_in_mb ?? 100,
    video_files_size_in_mb: b.info.video_files_size_in_mb ?? 200,
    fps,
    splits: { train: `0:${episodes.length}` },
    data_path: DATA_PATH,
    video_path: b.info.video_path ?? VIDEO_PATH,
    features: { ...b.features, subtask_index: SUBTASK_FEATURE },
  };
  await put("meta/info.json", `${JSON.stringify(info, null, 4)}\n`);
  return { files, count: episodes.length, frames: totalFrames, warnings };
}
