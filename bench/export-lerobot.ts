// `tsx --conditions=react-server bench/export-lerobot.ts`: the LeRobot v3.0 export of a large
// LeRobot release (lib/export/lerobot/write-dataset.ts with the server DatasetIo). Builds a
// synthetic LeRobot v3 source in a temporary import root: BENCH_EPISODES (default 10,000) short
// episodes (BENCH_FRAMES frames each, default 8, at 30 fps) with 6-value state and action
// vectors, in 10 data files, two cameras whose episodes share small mp4s (20 episodes a file, so
// 500 files a camera: copies of one tiny H.264 clip made once by ffmpeg). The release's episodes
// are snapshot objects built in memory (no database), with three approved segments each and the
// source metadata the importer keeps. Then writes the dataset into a staging folder and prints
//   [bench:export-lerobot] 10,000 episodes in X s (target < 30 s; videos hard-linked: N of M)
// Prints its figures; it does not judge them. The temporary folder is removed at the end.
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { SnapshotEpisode } from "../lib/export/types";

const run = promisify(execFile);
const EPISODES = Number(process.env.BENCH_EPISODES ?? 10_000);
const FRAMES = Number(process.env.BENCH_FRAMES ?? 8);
const PER_FILE = 20;
const DATA_FILES = 10;
const FPS = 30;
const KEYS = ["observation.images.front", "observation.images.wrist"];
const TASKS = ["Pick up the cube.", "Open the drawer.", "Fold the towel."];
const log = (m: string) => console.log(`[bench:export-lerobot] ${m}`);

async function main() {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "bench-export-lerobot-"));
  // The source must lie in an import root: the data dir's imports/ folder is one.
  process.env.CRITIC_DATA_DIR = tmp;
  const { writeColumns, pandasIndexMetadata } = await import("../lib/export/lerobot/parquet");
  const { writeLerobotDataset } = await import("../lib/export/lerobot/write-dataset");
  const { datasetIo } = await import("../lib/export/lerobot/dataset-io");
  const root = path.join(tmp, "imports", "bench-src");
  try {
    const t0 = Date.now();
    // --- the source dataset ------------------------------------------------------------------
    const clip = path.join(tmp, "clip.mp4");
    await run("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", `color=c=gray:s=64x48:r=${FPS}`, "-frames:v", String(PER_FILE * FRAMES), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", clip]);
    const files = Math.ceil(EPISODES / PER_FILE);
    for (const key of KEYS) {
      await mkdir(path.join(root, "videos", key, "chunk-000"), { recursive: true });
      for (let f = 0; f < files; f++) await copyFile(clip, path.join(root, "videos", key, "chunk-000", `file-${String(f).padStart(3, "0")}.mp4`));
    }
    const features: Record<string, unknown> = {
      "observation.state": { dtype: "float32", shape: [6], names: null },
      action: { dtype: "float32", shape: [6], names: null },
      timestamp: { dtype: "float32", shape: [1], names: null },
      frame_index: { dtype: "int64", shape: [1], names: null },
      episode_index: { dtype: "int64", shape: [1], names: null },
      index: { dtype: "int64", shape: [1], names: null },
      task_index: { dtype: "int64", shape: [1], names: null },
    };
    for (const key of KEYS) {
      features[key] = { dtype: "video", shape: [48, 64, 3], names: ["height", "width", "channels"], info: { "video.height": 48, "video.width": 64, "video.codec": "h264", "video.pix_fmt": "yuv420p", "video.is_depth_map": false, "video.fps": FPS, "video.channels": 3, has_audio: false } };
    }
    await mkdir(path.join(root, "meta"), { recursive: true });
    await writeFile(
      path.join(root, "meta", "info.json"),
      JSON.stringify({ codebase_version: "v3.0", robot_type: "bench_arm", total_episodes: EPISODES, total_frames: EPISODES * FRAMES, total_tasks: TASKS.length, chunks_size: 1000, data_files_size_in_mb: 100, video_files_size_in_mb: 200, fps: FPS, splits: { train: `0:${EPISODES}` }, data_path: "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet", video_path: "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4", features }),
    );
    await writeFile(
      path.join(root, "meta", "tasks.parquet"),
      writeColumns([{ name: "task_index", type: "INT64", data: TASKS.map((_, i) => i) }, { name: "task", type: "STRING", data: TASKS }], [pandasIndexMetadata("task_index", "task")]),
    );
    await mkdir(path.join(root, "data", "chunk-000"), { recursive: true });
    const perData = Math.ceil(EPISODES / DATA_FILES);
    for (let d = 0; d < DATA_FILES; d++) {
      const c = { state: [] as number[][], action: [] as number[][], ts: [] as number[], frame: [] as number[], ep: [] as number[], index: [] as number[], task: [] as number[] };
      for (let e = d * perData; e < Math.min(EPISODES, (d + 1) * perData); e++) {
        for (let f = 0; f < FRAMES; f++) {
          c.state.push([e, f, 0, 1, 2, 3]);
          c.action.push([f, e, 3, 2, 1, 0]);
          c.ts.push(f / FPS);
          c.frame.push(f);
          c.ep.push(e);
          c.index.push(e * FRAMES + f);
          c.task.push(e % TASKS.length);
        }
      }
      await writeFile(
        path.join(root, "data", "chunk-000", `file-${String(d).padStart(3, "0")}.parquet`),
        writeColumns([
          { name: "observation.state", type: "LIST<FLOAT>", data: c.state },
          { name: "action", type: "LIST<FLOAT>", data: c.action },
          { name: "timestamp", type: "FLOAT", data: c.ts },
          { name: "frame_index", type: "INT64", data: c.frame },
          { name: "episode_index", type: "INT64", data: c.ep },
          { name: "index", type: "INT64", data: c.index },
          { name: "task_index", type: "INT64", data: c.task },
        ]),
      );
    }
    // --- the release, in memory ----------------------------------------------------------------
    const third = Math.floor(FRAMES / 3);
    const episodes: SnapshotEpisode[] = Array.from({ length: EPISODES }, (_, e) => {
      const file = Math.floor(e / PER_FILE);
      const from = ((e % PER_FILE) * FRAMES) / FPS;
      const videos = Object.fromEntries(KEYS.map((k) => [k, { chunk_index: 0, file_index: file, from_timestamp: from, to_timestamp: from + FRAMES / FPS }]));
      return {
        episodeId: e + 1,
        key: String(e),
        environment: { id: 1, slug: "bench-arm", name: "bench_arm" },
        task: { id: (e % TASKS.length) + 1, key: String(e % TASKS.length), instruction: TASKS[e % TASKS.length]! },
        split: "train",
        splitTag: "TRAIN",
        lengthFrames: FRAMES,
        fps: FPS,
        camera: KEYS[0]!,
        video: null,
        annotation: {
          id: e + 1,
          version: 1,
          outcome: e % 7 === 0 ? "FAILURE" : "SUCCESS",
          failureReason: e % 7 === 0 ? "Grasp failed" : null,
          segments: [
            { startFrame: 0, endFrame: third - 1, label: "reach" },
            { startFrame: third, endFrame: 2 * third - 1, label: "grasp" },
            { startFrame: 2 * third, endFrame: FRAMES - 1, label: "place" },
          ],
        },
        source: { kind: "LEROBOT_V3", uri: root, metadata: { episode_index: e, data: { chunk_index: 0, file_index: Math.floor(e / perData) }, dataset_from_index: e * FRAMES, dataset_to_index: (e + 1) * FRAMES, videos } },
        progress: { weighting: "EQUAL", canonicalSubtasks: ["reach", "grasp", "place"], typicalDurations: {} },
        chains: [],
      };
    });
    log(`source: ${EPISODES.toLocaleString("en-US")} episodes × ${FRAMES} frames, ${files * KEYS.length} mp4s, ${DATA_FILES} data files, built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // --- the export -----------------------------------------------------------------------------
    const staging = path.join(tmp, "staging");
    const io = datasetIo(staging);
    let linked = 0;
    let links = 0;
    const linkOrCopy = io.linkOrCopy.bind(io);
    io.linkOrCopy = async (src, rel) => {
      const w = await linkOrCopy(src, rel);
      links++;
      if (w.linked) linked++;
      return w;
    };
    const t1 = performance.now();
    const written = await writeLerobotDataset(episodes, io);
    const sec = (performance.now() - t1) / 1000;
    const info = JSON.parse(await readFile(path.join(staging, "lerobot", "meta", "info.json"), "utf8"));
    if (info.total_episodes !== EPISODES || info.total_frames !== EPISODES * FRAMES) throw new Error(`wrong totals in info.json: ${info.total_episodes} episodes, ${info.total_frames} frames`);
    log(`${written.files.length} files, ${written.frames.toLocaleString("en-US")} frames${written.warnings.length ? `; warnings: ${written.warnings.join("; ")}` : ""}`);
    log(`${EPISODES.toLocaleString("en-US")} episodes in ${sec.toFixed(1)} s (target < 30 s; videos hard-linked: ${linked} of ${links})`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
