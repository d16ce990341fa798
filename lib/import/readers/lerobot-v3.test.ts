import { mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  buildCorruptParquetLeRobotV3Fixture,
  buildLeRobotV3Fixture,
  writeParquet,
  type ParquetColumn,
} from "../../../tests/fixtures/build-fixtures";
import { readLeRobotV3 } from "./lerobot-v3";

let tmp: string;
let n = 0;
const fresh = () => path.join(tmp, `ds-${n++}`);

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "reader-v3-"));
}, 60_000);
afterAll(() => rm(tmp, { recursive: true, force: true }));

const TOP = "videos/observation.images.top/chunk-000";
const WRIST = "videos/observation.images.wrist/chunk-000";

/** Replaces meta/episodes/chunk-000/file-001.parquet (normally episode 3) with one custom row. */
async function writeEpisode3(
  root: string,
  row: {
    index?: number;
    tasks?: string[];
    length?: number;
    names?: string[];
    starts?: number[];
    ends?: number[];
    noWrist?: boolean;
    dense?: { names: string[]; starts: number[]; ends: number[] };
  },
) {
  const cols: ParquetColumn[] = [
    { name: "episode_index", type: "INT64", data: [row.index ?? 3] },
    { name: "tasks", type: "LIST<STRING>", data: [row.tasks ?? ["Open the top drawer."]] },
    { name: "length", type: "INT64", data: [row.length ?? 54] },
  ];
  for (const key of row.noWrist ? ["observation.images.top"] : ["observation.images.top", "observation.images.wrist"]) {
    cols.push(
      { name: `videos/${key}/chunk_index`, type: "INT64", data: [0] },
      { name: `videos/${key}/file_index`, type: "INT64", data: [1] },
      { name: `videos/${key}/from_timestamp`, type: "DOUBLE", data: [0] },
      { name: `videos/${key}/to_timestamp`, type: "DOUBLE", data: [1.8] },
    );
  }
  if (row.names) {
    cols.push(
      { name: "sparse_subtask_names", type: "LIST<STRING>", data: [row.names] },
      { name: "sparse_subtask_start_frames", type: "LIST<INT64>", data: [row.starts] },
      { name: "sparse_subtask_end_frames", type: "LIST<INT64>", data: [row.ends] },
    );
  }
  if (row.dense) {
    cols.push(
      { name: "dense_subtask_names", type: "LIST<STRING>", data: [row.dense.names] },
      { name: "dense_subtask_start_frames", type: "LIST<INT64>", data: [row.dense.starts] },
      { name: "dense_subtask_end_frames", type: "LIST<INT64>", data: [row.dense.ends] },
    );
  }
  await writeParquet(path.join(root, "meta/episodes/chunk-000/file-001.parquet"), cols);
}

/** Rewrites data/chunk-000/file-001.parquet (episode 3's 54 frames at 30 fps) with extra columns. */
async function writeEpisode3Frames(root: string, opts: { timestamps?: number[]; subtaskIndex?: number[] }) {
  const n = 54;
  const cols: ParquetColumn[] = [
    { name: "timestamp", type: "FLOAT", data: opts.timestamps ?? Array.from({ length: n }, (_, f) => Math.fround(f / 30)) },
    { name: "frame_index", type: "INT64", data: Array.from({ length: n }, (_, f) => f) },
    { name: "episode_index", type: "INT64", data: Array.from({ length: n }, () => 3) },
    { name: "index", type: "INT64", data: Array.from({ length: n }, (_, f) => 141 + f) },
    { name: "task_index", type: "INT64", data: Array.from({ length: n }, () => 1) },
  ];
  if (opts.subtaskIndex) cols.push({ name: "subtask_index", type: "INT64", data: opts.subtaskIndex });
  await writeParquet(path.join(root, "data/chunk-000/file-001.parquet"), cols);
}

/** meta/subtasks.parquet as pandas writes it (huggingface/lerobot b18cef2e2): the subtask text is the index. */
async function writeSubtasks(root: string, names: string[]) {
  await writeParquet(path.join(root, "meta/subtasks.parquet"), [
    { name: "subtask_index", type: "INT64", data: names.map((_, i) => i) },
    { name: "__index_level_0__", type: "STRING", data: names },
  ]);
}

const runs = (spec: [number, number][]) => spec.flatMap(([index, count]) => Array.from({ length: count }, () => index));

describe("readLeRobotV3", () => {
  it("reads episodes that share one mp4 per camera as time ranges", async () => {
    const root = fresh();
    await buildLeRobotV3Fixture(root);
    const batch = await readLeRobotV3({ root });

    expect(batch.problems).toEqual([]);
    expect(batch.kind).toBe("LEROBOT_V3");
    expect(batch.name).toBe(path.basename(root));
    expect(batch.tasks).toEqual([
      {
        environment: "so100_follower",
        key: "0",
        instruction: "Pick up the red cube and place it in the bin.",
        canonicalSubtasks: ["reach", "grasp", "place"],
      },
      { environment: "so100_follower", key: "1", instruction: "Open the top drawer.", canonicalSubtasks: [] },
    ]);

    expect(batch.episodes.map((e) => [e.sourceKey, e.taskKey, e.lengthFrames, e.fps])).toEqual([
      ["0", "0", 45, 30],
      ["1", "1", 60, 30],
      ["2", "0", 36, 30],
      ["3", "1", 54, 30],
    ]);
    // Episodes 0-2 are consecutive ranges of file-000; episode 3 starts file-001.
    const cams = (i: number) => batch.episodes[i].cameras.map((c) => [c.camera, c.path, c.startSec, c.frameCount]);
    expect(cams(0)).toEqual([
      ["observation.images.top", `${TOP}/file-000.mp4`, 0, 45],
      ["observation.images.wrist", `${WRIST}/file-000.mp4`, 0, 45],
    ]);
    expect(cams(1)).toEqual([
      ["observation.images.top", `${TOP}/file-000.mp4`, 1.5, 60],
      ["observation.images.wrist", `${WRIST}/file-000.mp4`, 1.5, 60],
    ]);
    expect(cams(2)).toEqual([
      ["observation.images.top", `${TOP}/file-000.mp4`, 3.5, 36],
      ["observation.images.wrist", `${WRIST}/file-000.mp4`, 3.5, 36],
    ]);
    expect(cams(3)).toEqual([
      ["observation.images.top", `${TOP}/file-001.mp4`, 0, 54],
      ["observation.images.wrist", `${WRIST}/file-001.mp4`, 0, 54],
    ]);

    // SARM end frames are exclusive: [0,15) [15,30) [30,45) -> inclusive 0-14, 15-29, 30-44.
    expect(batch.episodes[0].segments).toEqual([
      { startFrame: 0, endFrame: 14, label: "reach" },
      { startFrame: 15, endFrame: 29, label: "grasp" },
      { startFrame: 30, endFrame: 44, label: "place" },
    ]);
    expect(batch.episodes[0].segmentOrigin).toBe("LEROBOT_SPARSE_SUBTASKS");
    expect(batch.episodes[2].segments?.at(-1)).toEqual({ startFrame: 24, endFrame: 35, label: "place" });
    expect(batch.episodes[1].segments).toBeNull();
    expect(batch.episodes[1].segmentOrigin).toBeNull();

    expect(batch.episodes.every((e) => e.outcome === "UNKNOWN" && e.splitTags.join() === "train")).toBe(true);
    expect(batch.episodes[1].metadata).toMatchObject({
      episode_index: 1,
      tasks: ["Open the top drawer."],
      dataset_from_index: 45,
      dataset_to_index: 105,
      videos: { "observation.images.top": { chunk_index: 0, file_index: 0, from_timestamp: 1.5, to_timestamp: 3.5 } },
    });
    // Metadata must survive JSON (no bigint from INT64 columns).
    expect(() => JSON.stringify(batch)).not.toThrow();
  });

  it("reads the task text from a `task` column too, and lets the caller name the environment", async () => {
    const root = fresh();
    await buildLeRobotV3Fixture(root, { taskColumn: "task", robotType: null });
    const batch = await readLeRobotV3({ root, environment: "Lab arm" });
    expect(batch.problems).toEqual([]);
    expect(batch.tasks.map((t) => [t.environment, t.key, t.instruction])).toEqual([
      ["Lab arm", "0", "Pick up the red cube and place it in the bin."],
      ["Lab arm", "1", "Open the top drawer."],
    ]);
    expect(new Set(batch.episodes.map((e) => e.environment))).toEqual(new Set(["Lab arm"]));
  });

  it("asks for an environment when info.json has no robot_type", async () => {
    const root = fresh();
    await buildLeRobotV3Fixture(root, { robotType: null });
    const batch = await readLeRobotV3({ root });
    expect(batch.problems).toEqual([{ file: "meta/info.json", reason: expect.stringContaining("robot_type") }]);
  });

  it("reports a corrupt episodes parquet by name and still reads the other file", async () => {
    const root = fresh();
    const fixture = await buildCorruptParquetLeRobotV3Fixture(root);
    const batch = await readLeRobotV3({ root });
    expect(batch.problems).toEqual([{ file: fixture.corruptFile, reason: expect.stringContaining("not a readable parquet file") }]);
    expect(fixture.corruptFile).toBe("meta/episodes/chunk-000/file-000.parquet");
    expect(batch.episodes.map((e) => e.sourceKey)).toEqual(["3"]);
  });

  it("reports a missing shared video once, naming every episode that needs it", async () => {
    const root = fresh();
    await buildLeRobotV3Fixture(root);
    await unlink(path.join(root, WRIST, "file-000.mp4"));
    const batch = await readLeRobotV3({ root });
    expect(batch.problems).toEqual([
      { file: `${WRIST}/file-000.mp4`, reason: "video file is missing (needed by episodes 0, 1, 2)" },
    ]);
  });

  it("reports a missing data parquet and a missing tasks.parquet", async () => {
    const root = fresh();
    await buildLeRobotV3Fixture(root);
    await unlink(path.join(root, "data/chunk-000/file-001.parquet"));
    expect((await readLeRobotV3({ root })).problems).toEqual([
      { file: "data/chunk-000/file-001.parquet", episode: "3", reason: "data file is missing" },
    ]);
    await unlink(path.join(root, "meta/tasks.parquet"));
    expect((await readLeRobotV3({ root })).problems).toEqual([{ file: "meta/tasks.parquet", reason: "file is missing" }]);
  });

  it("reports a missing or broken info.json", async () => {
    const root = fresh();
    await buildLeRobotV3Fixture(root);
    const infoPath = path.join(root, "meta/info.json");
    const info = JSON.parse(await readFile(infoPath, "utf8"));
    await writeFile(infoPath, JSON.stringify({ ...info, fps: 0, video_path: undefined }));
    const problems = (await readLeRobotV3({ root })).problems;
    expect(problems.map((p) => p.file)).toEqual(["meta/info.json", "meta/info.json"]);
    expect(problems.map((p) => p.reason).join("\n")).toMatch(/"fps" must be a positive number[\s\S]*"video_path"/);
    await unlink(infoPath);
    expect((await readLeRobotV3({ root })).problems).toEqual([{ file: "meta/info.json", reason: "file is missing" }]);
  });

  it("refuses a video_path template that escapes the dataset root", async () => {
    const root = fresh();
    await buildLeRobotV3Fixture(root);
    const infoPath = path.join(root, "meta/info.json");
    const info = JSON.parse(await readFile(infoPath, "utf8"));
    await writeFile(infoPath, JSON.stringify({ ...info, video_path: "../../elsewhere/{video_key}/file-{file_index:03d}.mp4" }));
    const batch = await readLeRobotV3({ root });
    // Reported once, against the template, not once per episode and camera.
    expect(batch.problems).toEqual([
      {
        file: "meta/info.json",
        reason: '"video_path": video path escapes the dataset root: "../../elsewhere/observation.images.top/file-000.mp4"',
      },
    ]);
    expect(batch.episodes).toEqual([]);
  });

  it("reports overlapping subtasks and subtasks past the episode end", async () => {
    const root = fresh();
    await buildLeRobotV3Fixture(root);
    await writeEpisode3(root, { names: ["open", "pull", "push"], starts: [0, 10, 30], ends: [20, 30, 60] });
    const batch = await readLeRobotV3({ root });
    const where = { file: "meta/episodes/chunk-000/file-001.parquet", episode: "3" };
    expect(batch.problems).toEqual([
      {
        ...where,
        reason: 'episode 3: sparse_subtask_* (end frames exclusive): subtask "push" ends at frame 59 but the episode has 54 frames (last frame 53)',
      },
      {
        ...where,
        reason: 'episode 3: sparse_subtask_* (end frames exclusive): subtasks "open" (frames 0-19) and "pull" (frames 10-29) overlap',
      },
    ]);
    expect(batch.episodes.map((e) => e.sourceKey)).toEqual(["0", "1", "2"]);
  });

  it("reports duplicate episode indices and tasks missing from tasks.parquet", async () => {
    const root = fresh();
    await buildLeRobotV3Fixture(root);
    await writeEpisode3(root, { index: 1 });
    let batch = await readLeRobotV3({ root });
    expect(batch.problems).toEqual([
      {
        file: "meta/episodes/chunk-000/file-001.parquet",
        episode: "1",
        reason: "episode_index 1 appears twice (also in meta/episodes/chunk-000/file-000.parquet)",
      },
    ]);

    await writeEpisode3(root, { tasks: ["Close the drawer."] });
    batch = await readLeRobotV3({ root });
    expect(batch.problems).toEqual([
      {
        file: "meta/episodes/chunk-000/file-001.parquet",
        episode: "3",
        reason: 'episode 3: task "Close the drawer." is not listed in meta/tasks.parquet',
      },
    ]);
  });

  it("reports camera columns missing from an episodes file once for the file", async () => {
    const root = fresh();
    await buildLeRobotV3Fixture(root);
    await writeEpisode3(root, { noWrist: true });
    const batch = await readLeRobotV3({ root });
    expect(batch.problems).toEqual([
      {
        file: "meta/episodes/chunk-000/file-001.parquet",
        reason:
          'missing columns "videos/observation.images.wrist/chunk_index", "videos/observation.images.wrist/file_index", "videos/observation.images.wrist/from_timestamp", "videos/observation.images.wrist/to_timestamp"',
      },
    ]);
  });
  it("passes on the data file's timestamps as each episode's frame timestamps", async () => {
    const root = fresh();
    await buildLeRobotV3Fixture(root);
    const batch = await readLeRobotV3({ root });
    expect(batch.problems).toEqual([]);
    const ep2 = batch.episodes.find((e) => e.sourceKey === "2")!;
    // Episode 2 is the third episode of data file-000: its own rows only, in frame order.
    expect(ep2.frameTimestamps).toEqual(Array.from({ length: 36 }, (_, f) => Math.fround(f / 30)));
    expect(batch.episodes.map((e) => e.frameTimestamps?.length)).toEqual([45, 60, 36, 54]);
  });

  it("pre-fills subtasks from a per-frame subtask_index and meta/subtasks.parquet, with its source", async () => {
    const root = fresh();
    await buildLeRobotV3Fixture(root);
    await writeSubtasks(root, ["grasp handle", "pull", "release"]);
    // Frames 0-9 none (-1, as Critic Studio's own export writes), then grasp, pull, a gap, release.
    await writeEpisode3Frames(root, { subtaskIndex: runs([[-1, 10], [0, 15], [1, 20], [-1, 2], [2, 7]]) });
    const batch = await readLeRobotV3({ root });
    expect(batch.problems).toEqual([]);
    const ep = batch.episodes.find((e) => e.sourceKey === "3")!;
    expect(ep.segmentOrigin).toBe("LEROBOT_SUBTASK_INDEX");
    expect(ep.segments).toEqual([
      { startFrame: 10, endFrame: 24, label: "grasp handle" },
      { startFrame: 25, endFrame: 44, label: "pull" },
      { startFrame: 47, endFrame: 53, label: "release" },
    ]);
    expect(ep.metadata.subtask_forms).toEqual({ subtask_index: 3 });
  });

  it("reports a subtask_index missing from meta/subtasks.parquet, and subtask_index without the file", async () => {
    const root = fresh();
    await buildLeRobotV3Fixture(root);
    await writeSubtasks(root, ["grasp handle"]);
    await writeEpisode3Frames(root, { subtaskIndex: runs([[0, 20], [4, 34]]) });
    const batch = await readLeRobotV3({ root });
    expect(batch.problems).toEqual([
      {
        file: "data/chunk-000/file-001.parquet",
        episode: "3",
        reason: "episode 3: subtask_index: subtask_index 4 (first at frame 20) is not listed in meta/subtasks.parquet",
      },
    ]);
    expect(batch.episodes.map((e) => e.sourceKey)).toEqual(["0", "1", "2"]);

    await unlink(path.join(root, "meta/subtasks.parquet"));
    const without = await readLeRobotV3({ root });
    expect(without.problems).toEqual([{ file: "data/chunk-000/file-001.parquet", reason: 'has a "subtask_index" column but meta/subtasks.parquet is missing' }]);
  });

  it("pre-fills SARM dense subtasks when there are no sparse ones; sparse ones win when both exist", async () => {
    const root = fresh();
    await buildLeRobotV3Fixture(root);
    const dense = { names: ["reach", "grip", "pull", "let go"], starts: [0, 12, 20, 40], ends: [12, 20, 40, 54] };
    await writeEpisode3(root, { dense });
    const batch = await readLeRobotV3({ root });
    expect(batch.problems).toEqual([]);
    const ep = batch.episodes.find((e) => e.sourceKey === "3")!;
    expect(ep.segmentOrigin).toBe("LEROBOT_DENSE_SUBTASKS");
    // SARM end frames are exclusive (subtask_annotation.py save_annotations_to_dataset).
    expect(ep.segments?.map((s) => [s.label, s.startFrame, s.endFrame])).toEqual([
      ["reach", 0, 11],
      ["grip", 12, 19],
      ["pull", 20, 39],
      ["let go", 40, 53],
    ]);

    await writeEpisode3(root, { names: ["open"], starts: [0], ends: [54], dense });
    const both = (await readLeRobotV3({ root })).episodes.find((e) => e.sourceKey === "3")!;
    expect(both.segmentOrigin).toBe("LEROBOT_SPARSE_SUBTASKS");
    expect(both.segments).toEqual([{ startFrame: 0, endFrame: 53, label: "open" }]);
    expect(both.metadata.subtask_forms).toEqual({ sparse_subtasks: 1, dense_subtasks: 4 });
  });
});
