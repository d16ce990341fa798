// The LeRobot v3 writer over an in-memory DatasetIo: column names and parquet types, the index
// invariants, SARM boundaries (exclusive ends), tasks/subtasks with their pandas index, and both
// paths (reuse a LeRobot source; a new dataset from other sources).
import { describe, expect, it } from "vitest";
import type { DatasetIo, WrittenFileInfo } from "@/lib/export/formats/format";
import type { SnapshotEpisode } from "@/lib/export/types";
import { parseParquet, readRows, writeColumns } from "./parquet";
import { writeLerobotDataset } from "./write-dataset";

const ROOT = "/imports/so100";

class MemoryIo implements DatasetIo {
  out = new Map<string, Uint8Array | string>();
  links: { from: string; to: string }[] = [];
  concats: { parts: Parameters<DatasetIo["concatVideos"]>[0]; rel: string }[] = [];
  constructor(public sources = new Map<string, Uint8Array>()) {}
  async readSource(uri: string) {
    const p = uri.replace(/^file:/, "");
    const b = this.sources.get(p);
    if (!b) throw new Error(`no source ${p}`);
    return b;
  }
  async sourcePath(uri: string) {
    return uri.replace(/^file:/, "");
  }
  private info(rel: string, data: Uint8Array | string): WrittenFileInfo {
    return { path: rel, bytes: typeof data === "string" ? data.length : data.byteLength, sha256: "x" };
  }
  async writeFile(rel: string, data: Uint8Array | string) {
    this.out.set(rel, data);
    return this.info(rel, data);
  }
  async linkOrCopy(from: string, rel: string) {
    this.links.push({ from, to: rel });
    return { ...this.info(rel, "video"), linked: true };
  }
  async concatVideos(parts: Parameters<DatasetIo["concatVideos"]>[0], rel: string) {
    this.concats.push({ parts, rel });
    return { ...this.info(rel, "video"), frames: parts.reduce((n, p) => n + p.frameCount, 0) };
  }
  json(rel: string) {
    return JSON.parse(this.out.get(rel) as string);
  }
  async rows(rel: string) {
    return readRows(this.out.get(rel) as Uint8Array);
  }
  /** Column name → [physical type, converted type, repetition] of the leaf, "list" for lists. */
  types(rel: string) {
    const { schemaOf } = parseParquet(this.out.get(rel) as Uint8Array);
    return Object.fromEntries(
      [...schemaOf].map(([name, els]) => {
        const leaf = els[els.length - 1];
        const kind = els.length === 3 ? "list" : "scalar";
        return [name, `${kind}:${leaf.type}${leaf.converted_type === "UTF8" ? "/UTF8" : ""}`];
      }),
    );
  }
}

function episode(over: Omit<Partial<SnapshotEpisode>, "task"> & { id: number; sourceIndex?: number; length: number; task?: 0 | 1; segments?: SnapshotEpisode["annotation"]["segments"]; outcome?: SnapshotEpisode["annotation"]["outcome"]; failureReason?: string | null }): SnapshotEpisode {
  const tasks = ["Pick up the red cube.", "Open the drawer."];
  const { id, sourceIndex: si, length, task, segments, outcome, failureReason, ...rest } = over;
  const t = task ?? 0;
  const sourceIndex = si ?? id;
  return {
    episodeId: id,
    key: String(sourceIndex),
    environment: { id: 1, slug: "so100", name: "so100_follower" },
    task: { id: t + 1, key: String(t), instruction: tasks[t] },
    split: "train",
    splitTag: "TRAIN",
    lengthFrames: length,
    fps: 30,
    camera: "observation.images.top",
    video: null,
    annotation: { id: 100 + id, version: 2, outcome: outcome ?? "SUCCESS", failureReason: failureReason ?? null, segments: segments ?? [] },
    source: {
      kind: "LEROBOT_V3",
      uri: ROOT,
      metadata: {
        episode_index: sourceIndex,
        data: { chunk_index: 0, file_index: 0 },
        videos: { "observation.images.top": { chunk_index: 0, file_index: sourceIndex % 2, from_timestamp: 1.5, to_timestamp: 1.5 + length / 30 } },
      },
    },
    progress: { weighting: "EQUAL", canonicalSubtasks: ["reach", "grasp", "place"], typicalDurations: {} },
    chains: [],
    ...rest,
  } as SnapshotEpisode;
}

/** A LeRobot v3 source in memory: info.json and one data file with state vectors, episodes 0..3 of `lengths`. */
function source(lengths: number[]): Map<string, Uint8Array> {
  const enc = new TextEncoder();
  const features = {
    "observation.state": { dtype: "float32", shape: [2], names: ["x", "y"] },
    "observation.images.top": { dtype: "video", shape: [120, 160, 3], names: ["height", "width", "channels"], info: { "video.fps": 30, "video.codec": "h264" } },
    timestamp: { dtype: "float32", shape: [1], names: null },
    frame_index: { dtype: "int64", shape: [1], names: null },
    episode_index: { dtype: "int64", shape: [1], names: null },
    index: { dtype: "int64", shape: [1], names: null },
    task_index: { dtype: "int64", shape: [1], names: null },
  };
  const info = { codebase_version: "v3.0", robot_type: "so100_follower", fps: 30, chunks_size: 1000, data_files_size_in_mb: 100, video_files_size_in_mb: 500, total_episodes: lengths.length, data_path: "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet", video_path: "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4", features };
  const cols = { state: [] as number[][], ts: [] as number[], frame: [] as number[], ep: [] as number[], index: [] as number[], task: [] as number[] };
  lengths.forEach((n, e) => {
    for (let f = 0; f < n; f++) {
      cols.state.push([e, f]);
      cols.ts.push(f / 30);
      cols.frame.push(f);
      cols.ep.push(e);
      cols.index.push(cols.index.length);
      cols.task.push(e % 2);
    }
  });
  const data = writeColumns([
    { name: "observation.state", type: "LIST<FLOAT>", data: cols.state },
    { name: "timestamp", type: "FLOAT", data: cols.ts },
    { name: "frame_index", type: "INT64", data: cols.frame },
    { name: "episode_index", type: "INT64", data: cols.ep },
    { name: "index", type: "INT64", data: cols.index },
    { name: "task_index", type: "INT64", data: cols.task },
  ]);
  return new Map([
    [`${ROOT}/meta/info.json`, enc.encode(JSON.stringify(info))],
    [`${ROOT}/data/chunk-000/file-000.parquet`, data],
  ]);
}

const n = (v: unknown) => Number(v);

describe("writeLerobotDataset, reusing a LeRobot v3 source", () => {
  const lengths = [10, 12, 8, 6];
  const snapshot = () => [
    // Snapshot order is not source order: the writer sorts by source episode_index.
    episode({ id: 7, sourceIndex: 3, length: 6, task: 1, outcome: "FAILURE", failureReason: "Grasp failed", segments: [{ startFrame: 0, endFrame: 2, label: "reach" }] }),
    episode({ id: 5, sourceIndex: 1, length: 12, task: 1, outcome: "UNSURE" }),
    episode({
      id: 4,
      sourceIndex: 0,
      length: 10,
      segments: [
        { startFrame: 0, endFrame: 3, label: "reach" },
        { startFrame: 4, endFrame: 6, label: "grasp" },
        { startFrame: 7, endFrame: 9, label: "place" },
      ],
    }),
  ];

  it("writes one data file with the selected rows renumbered, source columns kept, subtask_index added", async () => {
    const io = new MemoryIo(source(lengths));
    const written = await writeLerobotDataset(snapshot(), io);
    expect(written.count).toBe(3);
    expect(written.frames).toBe(28);
    const data = await io.rows("lerobot/data/chunk-000/file-000.parquet");
    expect(data.parsed.columns).toEqual(["observation.state", "timestamp", "frame_index", "episode_index", "index", "task_index", "subtask_index"]);
    expect(io.types("lerobot/data/chunk-000/file-000.parquet")).toEqual({
      "observation.state": "list:FLOAT",
      timestamp: "scalar:FLOAT",
      frame_index: "scalar:INT64",
      episode_index: "scalar:INT64",
      index: "scalar:INT64",
      task_index: "scalar:INT64",
      subtask_index: "scalar:INT64",
    });
    const rows = data.rows;
    expect(rows.map((r) => n(r.index))).toEqual(rows.map((_, i) => i));
    // Source episodes 0, 1, 3 become 0, 1, 2; their state vectors (which hold the source episode) come along.
    expect([...new Set(rows.map((r) => n(r.episode_index)))]).toEqual([0, 1, 2]);
    expect(rows.filter((r) => n(r.episode_index) === 2).map((r) => Array.from(r["observation.state"] as number[])[0])).toEqual(Array(6).fill(3));
    // Tasks keep their source order (task key = source task_index).
    expect(rows.filter((r) => n(r.episode_index) === 1).every((r) => n(r.task_index) === 1)).toBe(true);
    // subtask_index: reach 0, grasp 1, place 2; -1 where no segment.
    expect(rows.filter((r) => n(r.episode_index) === 0).map((r) => n(r.subtask_index))).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(rows.filter((r) => n(r.episode_index) === 2).map((r) => n(r.subtask_index))).toEqual([0, 0, 0, -1, -1, -1]);
    expect(rows.filter((r) => n(r.episode_index) === 1).every((r) => n(r.subtask_index) === -1)).toBe(true);
  });

  it("writes the episodes parquet with LeRobot's columns, SARM columns (end exclusive), outcome and source ids", async () => {
    const io = new MemoryIo(source(lengths));
    await writeLerobotDataset(snapshot(), io);
    const file = "lerobot/meta/episodes/chunk-000/file-000.parquet";
    const types = io.types(file);
    expect(types).toMatchObject({
      episode_index: "scalar:INT64",
      tasks: "list:BYTE_ARRAY/UTF8",
      length: "scalar:INT64",
      "data/chunk_index": "scalar:INT64",
      "data/file_index": "scalar:INT64",
      dataset_from_index: "scalar:INT64",
      dataset_to_index: "scalar:INT64",
      "videos/observation.images.top/chunk_index": "scalar:INT64",
      "videos/observation.images.top/file_index": "scalar:INT64",
      "videos/observation.images.top/from_timestamp": "scalar:DOUBLE",
      "videos/observation.images.top/to_timestamp": "scalar:DOUBLE",
      "meta/episodes/chunk_index": "scalar:INT64",
      "meta/episodes/file_index": "scalar:INT64",
      sparse_subtask_names: "list:BYTE_ARRAY/UTF8",
      sparse_subtask_start_frames: "list:INT64",
      sparse_subtask_end_frames: "list:INT64",
      sparse_subtask_start_times: "list:DOUBLE",
      sparse_subtask_end_times: "list:DOUBLE",
      subtask_names: "list:BYTE_ARRAY/UTF8",
      subtask_start_frames: "list:INT64",
      subtask_end_frames: "list:INT64",
      outcome: "scalar:BYTE_ARRAY/UTF8",
      failure_reason: "scalar:BYTE_ARRAY/UTF8",
      source_episode_index: "scalar:INT64",
    });
    const { rows } = await io.rows(file);
    expect(rows.map((r) => n(r.episode_index))).toEqual([0, 1, 2]);
    expect(rows.map((r) => n(r.source_episode_index))).toEqual([0, 1, 3]);
    expect(rows.map((r) => [n(r.dataset_from_index), n(r.dataset_to_index)])).toEqual([
      [0, 10],
      [10, 22],
      [22, 28],
    ]);
    expect(rows.map((r) => r.outcome)).toEqual(["SUCCESS", "UNSURE", "FAILURE"]);
    expect(rows.map((r) => r.failure_reason ?? null)).toEqual([null, null, "Grasp failed"]);
    // Adjacent subtasks share the boundary; the last ends at `length`.
    expect((rows[0].sparse_subtask_start_frames as bigint[]).map(n)).toEqual([0, 4, 7]);
    expect((rows[0].sparse_subtask_end_frames as bigint[]).map(n)).toEqual([4, 7, 10]);
    expect(rows[0].sparse_subtask_end_times).toEqual([4 / 30, 7 / 30, 10 / 30]);
    expect(rows[0].subtask_names).toEqual(["reach", "grasp", "place"]);
    expect(rows[1].sparse_subtask_names ?? null).toBeNull();
    // Video references are the source's, files hard-linked once each.
    expect(rows.map((r) => n(r["videos/observation.images.top/file_index"]))).toEqual([0, 1, 1]);
    expect(rows[2]["videos/observation.images.top/from_timestamp"]).toBe(1.5);
    expect(io.links.map((l) => l.to).sort()).toEqual(["lerobot/videos/observation.images.top/chunk-000/file-000.mp4", "lerobot/videos/observation.images.top/chunk-000/file-001.mp4"]);
    expect(io.links[0].from).toBe(`${ROOT}/videos/observation.images.top/chunk-000/file-000.mp4`);
  });

  it("writes info.json, tasks/subtasks with the pandas index, proportions, progress and stats", async () => {
    const io = new MemoryIo(source(lengths));
    await writeLerobotDataset(snapshot(), io, { folder: "out/ds" });
    const info = io.json("out/ds/meta/info.json");
    expect(info).toMatchObject({ codebase_version: "v3.0", robot_type: "so100_follower", fps: 30, total_episodes: 3, total_frames: 28, total_tasks: 2, splits: { train: "0:3" }, chunks_size: 1000 });
    expect(info.data_path).toBe("data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet");
    expect(info.features.subtask_index).toEqual({ dtype: "int64", shape: [1], names: null });
    expect(info.features["observation.state"]).toEqual({ dtype: "float32", shape: [2], names: ["x", "y"] });
    for (const f of Object.values(info.features) as Record<string, unknown>[]) expect(Object.keys(f)).toEqual(expect.arrayContaining(["dtype", "shape", "names"]));
    expect(io.json("out/ds/meta/stats.json")).toEqual({});

    const tasks = await io.rows("out/ds/meta/tasks.parquet");
    expect(tasks.parsed.columns).toEqual(["task_index", "task"]);
    expect(tasks.rows.map((r) => [n(r.task_index), r.task])).toEqual([
      [0, "Pick up the red cube."],
      [1, "Open the drawer."],
    ]);
    const pandas = JSON.parse(tasks.parsed.metadata.key_value_metadata!.find((k) => k.key === "pandas")!.value!);
    expect(pandas.index_columns).toEqual(["task"]);
    const subtasks = await io.rows("out/ds/meta/subtasks.parquet");
    expect(subtasks.rows.map((r) => [n(r.subtask_index), r.subtask])).toEqual([
      [0, "reach"],
      [1, "grasp"],
      [2, "place"],
    ]);

    const proportions = io.json("out/ds/meta/temporal_proportions_sparse.json");
    expect(Object.keys(proportions)).toEqual(["reach", "grasp", "place"]);
    expect(Object.values(proportions).reduce((a: number, b) => a + (b as number), 0)).toBeCloseTo(1, 12);
    // reach: (4/10 + 3/3) / 2 = 0.7; grasp 0.3; place 0.3; normalised by 1.3.
    expect(proportions.reach).toBeCloseTo(0.7 / 1.3, 12);

    const progress = await io.rows("out/ds/sarm_progress.parquet");
    expect(progress.parsed.columns).toEqual(["index", "episode_index", "frame_index", "progress_sparse"]);
    expect(io.types("out/ds/sarm_progress.parquet").progress_sparse).toBe("scalar:FLOAT");
    expect(progress.rows.map((r) => n(r.index))).toEqual(Array.from({ length: 28 }, (_, i) => i));
    const ep0 = progress.rows.filter((r) => n(r.episode_index) === 0).map((r) => r.progress_sparse as number);
    expect(ep0[0]).toBe(0);
    expect(ep0[9]).toBeCloseTo(1, 6);
    // A failed episode stays below 1.
    expect(Math.max(...progress.rows.filter((r) => n(r.episode_index) === 2).map((r) => r.progress_sparse as number))).toBeLessThan(1);
  });
});

describe("writeLerobotDataset, a new dataset from other sources", () => {
  const manifest = (id: number, length: number, cameras: string[], startFrame = 0, fps = 30): SnapshotEpisode =>
    ({
      ...episode({ id, length, segments: [{ startFrame: 0, endFrame: length - 1, label: "wipe" }] }),
      key: `kitchen-${id}`,
      fps,
      environment: { id: 2, slug: "kitchen", name: "Kitchen Sim" },
      task: { id: 9, key: "wipe", instruction: "Wipe the counter." },
      source: { kind: "MANIFEST", uri: "/imports/kitchen/manifest.jsonl", metadata: {} },
      cameras: cameras.map((camera) => ({ camera, uri: `file:/imports/kitchen/${camera}-${id}.mp4`, startFrame, startSec: startFrame / fps, frameCount: length, fpsNum: fps, fpsDen: 1, width: 160, height: 120, codec: "h264", pixFmt: "yuv420p" })),
    }) as SnapshotEpisode;

  it("concatenates each camera's episodes back to back and writes only the default columns", async () => {
    const io = new MemoryIo();
    const written = await writeLerobotDataset([manifest(2, 20, ["front"], 5), manifest(1, 10, ["front", "wrist"])], io);
    expect(written.warnings.join("\n")).toMatch(/observation\.images\.wrist/);
    expect(io.concats).toHaveLength(1);
    expect(io.concats[0].rel).toBe("lerobot/videos/observation.images.front/chunk-000/file-000.mp4");
    // Episodes sorted by key: kitchen-1 first.
    expect(io.concats[0].parts.map((p) => [p.uri, p.startFrame, p.frameCount])).toEqual([
      ["file:/imports/kitchen/front-1.mp4", 0, 10],
      ["file:/imports/kitchen/front-2.mp4", 5, 20],
    ]);
    const data = await io.rows("lerobot/data/chunk-000/file-000.parquet");
    expect(data.parsed.columns).toEqual(["timestamp", "frame_index", "episode_index", "index", "task_index", "subtask_index"]);
    expect(data.rows[10].frame_index).toBe(0n);
    expect(data.rows[10].timestamp).toBe(0);
    expect(data.rows[11].timestamp).toBe(Math.fround(1 / 30));
    const eps = await io.rows("lerobot/meta/episodes/chunk-000/file-000.parquet");
    expect(eps.rows.map((r) => [r["videos/observation.images.front/from_timestamp"], r["videos/observation.images.front/to_timestamp"]])).toEqual([
      [0, 10 / 30],
      [10 / 30, 1],
    ]);
    expect(eps.rows.map((r) => r.source_episode_index ?? null)).toEqual([null, null]);
    const info = io.json("lerobot/meta/info.json");
    expect(info.robot_type).toBe("Kitchen Sim");
    expect(Object.keys(info.features).sort()).toEqual(["episode_index", "frame_index", "index", "observation.images.front", "subtask_index", "task_index", "timestamp"]);
    expect(info.features["observation.images.front"]).toMatchObject({ dtype: "video", shape: [120, 160, 3], names: ["height", "width", "channels"] });
    expect(info.features["observation.images.front"].info).toMatchObject({ "video.fps": 30, "video.codec": "h264", "video.pix_fmt": "yuv420p", "video.channels": 3, has_audio: false, "video.is_depth_map": false });
  });

  it("refuses episodes at different or fractional frame rates, naming them", async () => {
    await expect(writeLerobotDataset([manifest(1, 10, ["front"]), manifest(2, 10, ["front"], 0, 25)], new MemoryIo())).rejects.toThrow(/kitchen-2.*25 fps|25 fps: kitchen-2/);
    await expect(writeLerobotDataset([manifest(1, 10, ["front"], 0, 29.97)], new MemoryIo())).rejects.toThrow(RangeError);
  });

  it("falls back to a new dataset for LeRobot episodes of two sources", async () => {
    const a = episode({ id: 1, length: 5 });
    const b = { ...episode({ id: 2, length: 5 }), source: { ...episode({ id: 2, length: 5 }).source!, uri: "/imports/other" } };
    for (const e of [a, b]) e.cameras = [{ camera: "observation.images.top", uri: `file:${e.source!.uri}/v.mp4`, startFrame: 0, startSec: 0, frameCount: 5, fpsNum: 30, fpsDen: 1, width: 160, height: 120, codec: "h264", pixFmt: "yuv420p" }];
    const io = new MemoryIo();
    const w = await writeLerobotDataset([a, b], io);
    expect(w.warnings.join("\n")).toMatch(/2 LeRobot datasets/);
    expect(io.concats).toHaveLength(1);
    const eps = await io.rows("lerobot/meta/episodes/chunk-000/file-000.parquet");
    // Sorted by source root, then key.
    expect(eps.rows.map((r) => n(r.source_episode_index))).toEqual([2, 1]);
  });
});
