// Synthetic demo dataset: 30 short two-camera episodes over three environments, one
// 10-minute episode and one frame-coded calibration clip, written as a manifest JSONL that
// the MANIFEST importer reads. Every video is drawn by ffmpeg from lavfi sources (no fonts,
// no downloads): each subtask stage has its own background colour, so the boundaries in the
// manifest are visible as colour changes on exactly those frames.
//
// Layout of a stage clip (320x240):
//   - background: the stage's colour (STAGE_PALETTE[stage index]); the wrist camera uses a
//     darker shade of the same colour;
//   - top-left: one white pip per stage begun so far (stage counter);
//   - a moving box (the "gripper"): left-to-right within each stage on the head camera,
//     top-to-bottom on the wrist camera; it wobbles in place in a failed final attempt;
//   - bottom: a white bar whose length is the ground-truth progress (equal stage shares),
//     so a failed episode's bar never reaches the right edge.
// BACKGROUND_PROBE is a pixel none of these overlays ever cover.

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { frameCodeFilter, frameCodeLayout } from "./frame-code";
import { mulberry32 } from "@/lib/random";

// ---------------------------------------------------------------------------------------
// Manifest types

export type DemoOutcome = "success" | "failure" | "unsure" | "unknown";

export interface DemoSubtask {
  label: string;
  /** Inclusive, 0-based. */
  start_frame: number;
  /** Inclusive. */
  end_frame: number;
}

export interface DemoManifestLine {
  episode_id: string;
  task: string;
  task_id: string;
  environment: string;
  cameras: { name: string; path: string }[];
  fps: number;
  length_frames: number;
  outcome: DemoOutcome;
  split_tags: string[];
  /** Present only on episodes that come with pre-filled segments. */
  subtasks?: DemoSubtask[];
  metadata: Record<string, unknown>;
}

export interface GenerateDemoOptions {
  /** Include the 10-minute episode (default true). */
  long?: boolean;
  /** Write the 10-minute episode alone (the end-to-end tests' layout check needs only it). */
  longOnly?: boolean;
  log?: (msg: string) => void;
}

// ---------------------------------------------------------------------------------------
// Constants

export const DEMO_FPS = 30;
export const DEMO_STAGE_SIZE = { width: 320, height: 240 } as const;
export const DEMO_CODED_SIZE = { width: 640, height: 360 } as const;
export const DEMO_CODED_FRAMES = 20 * DEMO_FPS;
export const DEMO_LONG_FRAMES = 10 * 60 * DEMO_FPS;
/** A pixel of a stage clip that always shows the stage's background colour. */
export const BACKGROUND_PROBE = { x: DEMO_STAGE_SIZE.width - 8, y: 18 } as const;
/** Bumped when the generated content changes; written into the `.complete` marker. */
export const DEMO_GENERATOR_VERSION = 2;
const SEED = 20261121;
const CONCURRENCY = 2;
const GOP = 30;

/** Background colour of stage k (head camera), RGB. Distinct, saturated, none near white. */
export const STAGE_PALETTE: readonly [number, number, number][] = [
  [0x1f, 0x77, 0xb4], // blue
  [0x2c, 0xa0, 0x2c], // green
  [0xd6, 0x27, 0x28], // red
  [0x94, 0x67, 0xbd], // purple
  [0xff, 0x7f, 0x0e], // orange
  [0x17, 0xbe, 0xcf], // teal
  [0x8c, 0x56, 0x4b], // brown
  [0xe3, 0x77, 0xc2], // pink
];

/** Background colour of stage `index` as seen by `camera` (wrist = 60 % brightness). */
export function stageColor(index: number, camera: string): [number, number, number] {
  const c = STAGE_PALETTE[index % STAGE_PALETTE.length];
  if (camera === "head") return [c[0], c[1], c[2]];
  return [Math.round(c[0] * 0.6), Math.round(c[1] * 0.6), Math.round(c[2] * 0.6)];
}

interface TaskDef {
  environment: string;
  envSlug: string;
  taskId: string;
  instruction: string;
  stages: string[];
  episodes: number;
  split: string;
  robot: string;
}

const ENVIRONMENTS = {
  agibot: { name: "AgiBot World", robot: "AgiBot G1" },
  robotwin: { name: "RoboTwin 2.0", robot: "AgileX dual-arm (sim)" },
  humanoid: { name: "Humanoid Lab", robot: "Lab humanoid H1" },
} as const;

/**
 * The 30 regular episodes: 13 AgiBot, 9 RoboTwin, 8 Humanoid Lab. As in the PRIMO benchmark:
 * the last task of AgiBot and RoboTwin is unseen (OOD cross-task), the last episode of every
 * training task is held out (in-domain test), and Humanoid Lab has no training data at all
 * (OOD cross-environment).
 */
const TASKS: TaskDef[] = [
  {
    envSlug: "agibot",
    environment: ENVIRONMENTS.agibot.name,
    robot: ENVIRONMENTS.agibot.robot,
    taskId: "agibot-pick-red-cup",
    instruction: "Pick up the red cup and place it on the tray",
    stages: ["reach", "grasp", "lift", "place", "release"],
    episodes: 5,
    split: "train",
  },
  {
    envSlug: "agibot",
    environment: ENVIRONMENTS.agibot.name,
    robot: ENVIRONMENTS.agibot.robot,
    taskId: "agibot-drawer-sponge",
    instruction: "Open the drawer and put the sponge inside",
    stages: ["open_drawer", "grasp_sponge", "place_sponge", "close_drawer"],
    episodes: 4,
    split: "train",
  },
  {
    envSlug: "agibot",
    environment: ENVIRONMENTS.agibot.name,
    robot: ENVIRONMENTS.agibot.robot,
    taskId: "agibot-wipe-table",
    instruction: "Wipe the table with the cloth",
    stages: ["grasp_cloth", "wipe", "return_cloth"],
    episodes: 4,
    split: "test",
  },
  {
    envSlug: "robotwin",
    environment: ENVIRONMENTS.robotwin.name,
    robot: ENVIRONMENTS.robotwin.robot,
    taskId: "robotwin-stack-blocks",
    instruction: "Stack the blue block on the green block",
    stages: ["reach", "grasp", "lift", "align", "place"],
    episodes: 5,
    split: "train",
  },
  {
    envSlug: "robotwin",
    environment: ENVIRONMENTS.robotwin.name,
    robot: ENVIRONMENTS.robotwin.robot,
    taskId: "robotwin-handover-hammer",
    instruction: "Pass the hammer from the left arm to the right arm",
    stages: ["left_grasp", "lift", "handover", "right_place"],
    episodes: 4,
    split: "test",
  },
  {
    envSlug: "humanoid",
    environment: ENVIRONMENTS.humanoid.name,
    robot: ENVIRONMENTS.humanoid.robot,
    taskId: "humanoid-hand-bottle",
    instruction: "Hand the bottle to the person",
    stages: ["walk_to_table", "grasp_bottle", "turn", "extend_arm", "release"],
    episodes: 4,
    split: "test",
  },
  {
    envSlug: "humanoid",
    environment: ENVIRONMENTS.humanoid.name,
    robot: ENVIRONMENTS.humanoid.robot,
    taskId: "humanoid-fold-towel",
    instruction: "Fold the towel in half",
    stages: ["grasp_corners", "fold", "smooth"],
    episodes: 4,
    split: "test",
  },
];

const LONG_TASK: TaskDef = {
  envSlug: "humanoid",
  environment: ENVIRONMENTS.humanoid.name,
  robot: ENVIRONMENTS.humanoid.robot,
  taskId: "humanoid-clear-table",
  instruction: "Clear the table: put the cup, the plate and the cloth in the bin",
  stages: ["scan_table", "pick_cup", "bin_cup", "pick_plate", "bin_plate", "pick_cloth", "bin_cloth", "return_home"],
  episodes: 1,
  split: "test",
};

const CODED_TASK_ID = "frame-coded-calibration";
const CODED_INSTRUCTION = "Frame-coded calibration clip";

/** Outcome of the g-th regular episode (cycled; every task gets a mix). */
const OUTCOME_PATTERN: DemoOutcome[] = [
  "success", "failure", "success", "unknown", "success", "unsure", "failure", "success", "success", "unknown",
];

// ---------------------------------------------------------------------------------------
// Plan (pure, deterministic)

interface Stage {
  label: string;
  /** Index into the task's canonical stages (and the palette). */
  index: number;
  start: number;
  end: number;
  /** Last stage of a failed episode: the attempt never finishes. */
  failedAttempt: boolean;
}

export type VideoJob =
  | { kind: "stages"; rel: string; camera: string; frames: number; stages: Stage[]; totalStages: number; cost: number }
  | { kind: "coded"; rel: string; frames: number; cost: number };

export interface DemoPlan {
  lines: DemoManifestLine[];
  canonical: Record<string, string[]>;
  jobs: VideoJob[];
}


/** Split `frames` into `weights.length` contiguous stages of at least `min` frames each. */
function splitFrames(frames: number, weights: number[], min: number): [number, number][] {
  const free = frames - min * weights.length;
  if (free < 0) throw new Error(`cannot fit ${weights.length} stages into ${frames} frames`);
  const total = weights.reduce((a, b) => a + b, 0);
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < weights.length; i++) {
    const len = i === weights.length - 1 ? frames - start : min + Math.floor((free * weights[i]) / total);
    out.push([start, start + len - 1]);
    start += len;
  }
  return out;
}

function stageCost(frames: number, width: number, height: number): number {
  return frames * width * height;
}

/** Everything the generator will write, without touching the disk. */
export function planDemoDataset(opts: { long?: boolean; longOnly?: boolean } = {}): DemoPlan {
  if (opts.longOnly) {
    const all = planDemoDataset({ long: true });
    const keep = all.lines.filter((l) => l.metadata.long_episode === true);
    const rels = new Set(keep.flatMap((l) => l.cameras.map((c) => c.path)));
    const tasks = new Set(keep.map((l) => l.task_id));
    return {
      lines: keep,
      jobs: all.jobs.filter((j) => rels.has(j.rel)),
      canonical: Object.fromEntries(Object.entries(all.canonical).filter(([t]) => tasks.has(t))),
    };
  }
  const rand = mulberry32(SEED);
  const randInt = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const lines: DemoManifestLine[] = [];
  const jobs: VideoJob[] = [];
  const canonical: Record<string, string[]> = {};
  const { width: SW, height: SH } = DEMO_STAGE_SIZE;

  const addStageEpisode = (
    task: TaskDef,
    episodeId: string,
    frames: number,
    outcome: DemoOutcome,
    stagesDone: number,
    cameras: string[],
    prefilled: boolean,
    splitTag: string,
    extraMeta: Record<string, unknown>,
  ) => {
    const failed = stagesDone < task.stages.length;
    // A failed episode shows the completed stages plus one unfinished attempt at the next.
    const shown = failed ? stagesDone + 1 : task.stages.length;
    const weights = Array.from({ length: shown }, () => 0.6 + rand() * 0.8);
    const min = Math.min(15, Math.floor(frames / shown));
    const ranges = splitFrames(frames, weights, min);
    const stages: Stage[] = ranges.map(([start, end], i) => ({
      label: task.stages[i],
      index: i,
      start,
      end,
      failedAttempt: failed && i === shown - 1,
    }));
    const truth: DemoSubtask[] = stages.map((s) => ({ label: s.label, start_frame: s.start, end_frame: s.end }));
    const camEntries = cameras.map((name) => ({ name, path: `videos/${episodeId}/${name}.mp4` }));
    for (const cam of camEntries) {
      jobs.push({
        kind: "stages",
        rel: cam.path,
        camera: cam.name,
        frames,
        stages,
        totalStages: task.stages.length,
        cost: stageCost(frames, SW, SH),
      });
    }
    const line: DemoManifestLine = {
      episode_id: episodeId,
      task: task.instruction,
      task_id: task.taskId,
      environment: task.environment,
      cameras: camEntries,
      fps: DEMO_FPS,
      length_frames: frames,
      outcome,
      split_tags: [splitTag],
      ...(prefilled ? { subtasks: truth } : {}),
      metadata: {
        robot: task.robot,
        synthetic: true,
        generator: `critic-studio demo v${DEMO_GENERATOR_VERSION}`,
        // Ground truth of what the video shows, also for episodes without pre-filled subtasks.
        demo_truth_subtasks: truth,
        ...extraMeta,
      },
    };
    lines.push(line);
  };

  let g = 0;
  for (const task of TASKS) {
    canonical[task.taskId] = [...task.stages];
    for (let j = 0; j < task.episodes; j++, g++) {
      const outcome = OUTCOME_PATTERN[g % OUTCOME_PATTERN.length];
      const n = task.stages.length;
      // Failures stop after 1..n-2 completed stages; an "unknown" outcome is sometimes a
      // failure nobody recorded; everything else completes the task.
      let stagesDone = n;
      if (outcome === "failure") stagesDone = randInt(1, n - 2);
      else if (outcome === "unknown" && g % 3 === 0) stagesDone = randInt(1, n - 2);
      const frames = randInt(4 * DEMO_FPS, 12 * DEMO_FPS);
      const cameras = g % 5 === 4 ? ["head"] : ["head", "wrist"];
      const prefilled = g % 3 !== 2;
      const episodeId = `${task.taskId}-${String(j).padStart(3, "0")}`;
      // The last episode of a training task is held out: the in-domain test set.
      const splitTag = task.split === "train" && j === task.episodes - 1 ? "test" : task.split;
      addStageEpisode(task, episodeId, frames, outcome, stagesDone, cameras, prefilled, splitTag, {
        operator: `op-${1 + (g % 4)}`,
        scene: `scene-${String.fromCharCode(65 + (g % 3))}`,
      });
    }
  }

  if (opts.long !== false) {
    canonical[LONG_TASK.taskId] = [...LONG_TASK.stages];
    addStageEpisode(LONG_TASK, `${LONG_TASK.taskId}-long-000`, DEMO_LONG_FRAMES, "success", LONG_TASK.stages.length, ["head"], true, LONG_TASK.split, {
      long_episode: true,
    });
  }

  // Frame-coded calibration clip.
  {
    const { width, height } = DEMO_CODED_SIZE;
    const layout = frameCodeLayout(width, height);
    const episodeId = `${CODED_TASK_ID}-000`;
    const rel = `videos/${episodeId}/head.mp4`;
    canonical[CODED_TASK_ID] = [];
    jobs.push({ kind: "coded", rel, frames: DEMO_CODED_FRAMES, cost: stageCost(DEMO_CODED_FRAMES, width, height) });
    lines.push({
      episode_id: episodeId,
      task: CODED_INSTRUCTION,
      task_id: CODED_TASK_ID,
      environment: ENVIRONMENTS.humanoid.name,
      cameras: [{ name: "head", path: rel }],
      fps: DEMO_FPS,
      length_frames: DEMO_CODED_FRAMES,
      outcome: "unknown",
      split_tags: ["calibration"],
      metadata: {
        synthetic: true,
        generator: `critic-studio demo v${DEMO_GENERATOR_VERSION}`,
        frame_code: {
          bits: 16,
          width,
          height,
          block_width: layout.blockWidth,
          band_height: layout.bandHeight,
          keyframe_interval: GOP,
          description: "block b from the left is white when bit b of the frame index is 1",
        },
      },
    });
  }

  return { lines, canonical, jobs };
}

// ---------------------------------------------------------------------------------------
// ffmpeg

const hex = ([r, g, b]: [number, number, number]) =>
  `0x${[r, g, b].map((v) => v.toString(16).padStart(2, "0")).join("")}`;

const ENCODE_ARGS = [
  "-c:v", "libx264",
  "-pix_fmt", "yuv420p",
  "-preset", "veryfast",
  "-g", String(GOP),
  "-keyint_min", String(GOP),
  "-sc_threshold", "0",
  "-movflags", "+faststart",
  "-threads", "1", // two jobs at a time on two cores: no oversubscription
  "-an",
  "-map_metadata", "-1",
];

/** Sum of `between(n,start,end)*value` terms: a piecewise expression over the stages. */
function piecewise(stages: Stage[], term: (s: Stage, i: number) => string): string {
  return stages.map((s, i) => `between(n,${s.start},${s.end})*(${term(s, i)})`).join("+");
}

function stageFilterGraph(job: Extract<VideoJob, { kind: "stages" }>): string {
  // Inside the expressions W/H are the picture size and w the box size (ffmpeg's names).
  const wrist = job.camera !== "head";
  const barH = 6;
  const filters: string[] = [];
  // Background: one colour source per stage, cut to the stage's exact frame count and
  // concatenated (full-frame drawbox fills were ~7x slower on the long episode).
  const { width: SW, height: SH } = DEMO_STAGE_SIZE;
  const segs = job.stages.map((s, i) => {
    filters.push(
      `color=c=${hex(stageColor(s.index, job.camera))}:s=${SW}x${SH}:r=${DEMO_FPS},trim=end_frame=${s.end - s.start + 1},setpts=PTS-STARTPTS[s${i}]`,
    );
    return `[s${i}]`;
  });
  let chain = `${segs.join("")}concat=n=${segs.length}:v=1:a=0,format=yuv420p`;
  // Stage counter pips.
  for (const s of job.stages) {
    chain += `,drawbox=x=${6 + s.index * 12}:y=6:w=8:h=8:t=fill:color=white:enable='gte(n,${s.start})'`;
  }
  filters.push(`${chain}[bg]`);

  const span = (s: Stage) => Math.max(1, s.end - s.start);
  const frac = (s: Stage) => `(n-${s.start})/${span(s)}`;
  const wobble = (s: Stage) => `0.5+0.2*sin((n-${s.start})/3)`;
  const along = (s: Stage) => (s.failedAttempt ? wobble(s) : frac(s));
  let x: string;
  let y: string;
  if (!wrist) {
    // Head: box travels left to right within each stage, one lane per stage.
    x = `10+(W-w-20)*(${piecewise(job.stages, along)})`;
    y = piecewise(job.stages, (s) => String(40 + (s.index % 4) * 40));
  } else {
    // Wrist: close-up box travels top to bottom, drifting sideways.
    x = `(W-w)/2+40*sin(n/15)`;
    y = `26+(H-${barH}-w-36)*(${piecewise(job.stages, along)})`;
  }
  filters.push(`[bg][0:v]overlay=x='${x}':y='${y}':eval=frame[boxed]`);

  // Progress bar: equal stage shares; an unfinished attempt holds at half its share.
  const share = 1 / job.totalStages;
  const num = (v: number) => String(Number(v.toFixed(6)));
  const p = piecewise(job.stages, (s) =>
    s.failedAttempt
      ? `${num(s.index * share)}+${num(share / 2)}*${frac(s)}`
      : `${num(s.index * share)}+${num(share)}*(n-${s.start}+1)/${s.end - s.start + 1}`,
  );
  filters.push(`[boxed][1:v]overlay=x='W*((${p})-1)':y=H-${barH}:eval=frame,format=yuv420p[out]`);
  return filters.join(";");
}

/** The ffmpeg command line (without `ffmpeg`) that renders one planned video into `outFile` (always mp4). */
export function demoFfmpegArgs(job: VideoJob, outFile: string): string[] {
  const r = String(DEMO_FPS);
  if (job.kind === "coded") {
    const { width, height } = DEMO_CODED_SIZE;
    return [
      "-hide_banner", "-nostdin", "-v", "error", "-y",
      "-f", "lavfi", "-i", `color=c=gray:s=${width}x${height}:r=${r}`,
      "-vf", frameCodeFilter(width, height),
      "-frames:v", String(job.frames),
      ...ENCODE_ARGS,
      "-f", "mp4", outFile,
    ];
  }
  const { width } = DEMO_STAGE_SIZE;
  const wrist = job.camera !== "head";
  const box = wrist ? 96 : 48;
  return [
    "-hide_banner", "-nostdin", "-v", "error", "-y",
    "-f", "lavfi", "-i", `color=c=${wrist ? "0xffe066" : "white"}:s=${box}x${box}:r=${r}`,
    "-f", "lavfi", "-i", `color=c=white:s=${width}x6:r=${r}`,
    "-filter_complex", stageFilterGraph(job),
    "-map", "[out]",
    "-frames:v", String(job.frames),
    ...ENCODE_ARGS,
    "-f", "mp4", outFile,
  ];
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    child.on("error", (err: NodeJS.ErrnoException) => {
      reject(err.code === "ENOENT" ? new Error(`${cmd} not found on PATH (the demo dataset needs ffmpeg)`) : err);
    });
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${cmd} exited with ${code ?? signal}: ${stderr.trim()}`));
    });
  });
}

async function pool<T>(items: T[], limit: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (failed === null && next < items.length) {
      const item = items[next++];
      try {
        await worker(item);
      } catch (err) {
        failed ??= err;
      }
    }
  });
  await Promise.all(lanes);
  if (failed !== null) throw failed;
}

// ---------------------------------------------------------------------------------------
// Files

const MARKER = ".complete";
const PARTIAL = ".partial-";

function tempName(file: string): string {
  return `${file}${PARTIAL}${process.pid}-${randomBytes(4).toString("hex")}`;
}

async function writeAtomic(file: string, content: string): Promise<void> {
  const tmp = tempName(file);
  try {
    await fs.writeFile(tmp, content);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Remove temp files left by generator runs that were killed (their process is gone). */
async function sweepPartials(dir: string): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const at = e.name.indexOf(PARTIAL);
    if (!e.isFile() || at < 0) continue;
    const pid = Number(e.name.slice(at + PARTIAL.length).split("-")[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !pidAlive(pid)) {
      await fs.rm(path.join(e.parentPath, e.name), { force: true });
    }
  }
}

interface Marker {
  version: number;
  long: boolean;
  episodes: number;
  longOnly?: boolean;
}

async function readMarker(outDir: string): Promise<Marker | null> {
  try {
    const raw = JSON.parse(await fs.readFile(path.join(outDir, MARKER), "utf8")) as Partial<Marker>;
    return { version: Number(raw.version ?? 0), long: raw.long !== false, episodes: Number(raw.episodes ?? 0), longOnly: raw.longOnly === true };
  } catch {
    // An empty or foreign marker still counts as complete (per contract); assume it has everything.
    return existsSync(path.join(outDir, MARKER)) ? { version: 0, long: true, episodes: 0 } : null;
  }
}

async function countLines(file: string): Promise<number> {
  return (await fs.readFile(file, "utf8")).split("\n").filter((l) => l.trim() !== "").length;
}

// ---------------------------------------------------------------------------------------
// Entry point

/**
 * Write the demo dataset into `outDir` (created if needed): `manifest.jsonl`,
 * `canonical-subtasks.json`, `videos/<episode>/<camera>.mp4` and a `.complete` marker.
 * Returns at once when `manifest.jsonl` and `.complete` already exist (unless the existing
 * dataset was made without the long episode and `opts.long` asks for it). Every file is
 * written under a temporary name and renamed; the marker is written last, so a killed run
 * never leaves a dataset that looks complete.
 */
export async function generateDemoDataset(
  outDir: string,
  opts: GenerateDemoOptions = {},
): Promise<{ manifestPath: string; episodes: number }> {
  const log = opts.log ?? (() => {});
  const wantLong = opts.long !== false;
  const root = path.resolve(outDir);
  const manifestPath = path.join(root, "manifest.jsonl");
  const markerPath = path.join(root, MARKER);

  if (existsSync(manifestPath)) {
    const marker = await readMarker(root);
    if (marker && (marker.long || !wantLong) && Boolean(marker.longOnly) === Boolean(opts.longOnly)) {
      const episodes = await countLines(manifestPath);
      log(`demo dataset: already complete in ${root} (${episodes} episodes)`);
      return { manifestPath, episodes };
    }
  }

  const t0 = performance.now();
  await fs.mkdir(path.join(root, "videos"), { recursive: true });
  // From here on the folder is "in progress" until the marker is written again.
  await fs.rm(markerPath, { force: true });
  await sweepPartials(root);

  const plan = planDemoDataset({ long: wantLong, longOnly: opts.longOnly });
  const jobs = [...plan.jobs].sort((a, b) => b.cost - a.cost); // longest first: the long episode overlaps the rest
  const totalFrames = jobs.reduce((a, j) => a + j.frames, 0);
  log(`demo dataset: encoding ${jobs.length} videos (${totalFrames} frames, ${CONCURRENCY} at a time) into ${root}`);

  let done = 0;
  await pool(jobs, CONCURRENCY, async (job) => {
    const final = path.join(root, job.rel);
    await fs.mkdir(path.dirname(final), { recursive: true });
    const tmp = tempName(final);
    const started = performance.now();
    try {
      await run("ffmpeg", demoFfmpegArgs(job, tmp));
      await fs.rename(tmp, final);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
    done++;
    const secs = (performance.now() - started) / 1000;
    if (job.kind === "coded" || job.frames > 1000) {
      log(`demo dataset: ${job.rel} (${job.frames} frames) in ${secs.toFixed(1)} s`);
    }
  });
  const tVideos = performance.now();
  log(`demo dataset: ${done} videos in ${((tVideos - t0) / 1000).toFixed(1)} s`);

  await writeAtomic(path.join(root, "canonical-subtasks.json"), JSON.stringify(plan.canonical, null, 2) + "\n");
  await writeAtomic(manifestPath, plan.lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  const marker: Marker = { version: DEMO_GENERATOR_VERSION, long: wantLong, episodes: plan.lines.length, ...(opts.longOnly ? { longOnly: true } : {}) };
  await writeAtomic(markerPath, JSON.stringify(marker) + "\n");

  log(`demo dataset: ${plan.lines.length} episodes written in ${((performance.now() - t0) / 1000).toFixed(1)} s total`);
  return { manifestPath, episodes: plan.lines.length };
}
