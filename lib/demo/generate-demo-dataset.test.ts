import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFrameIndex } from "./frame-code";
import {
  BACKGROUND_PROBE,
  DEMO_CODED_FRAMES,
  DEMO_LONG_FRAMES,
  DEMO_STAGE_SIZE,
  generateDemoDataset,
  planDemoDataset,
  stageColor,
  type DemoManifestLine,
  type DemoSubtask,
} from "./generate-demo-dataset";

const run = promisify(execFile);

let dir = "";
let lines: DemoManifestLine[] = [];
let canonical: Record<string, string[]> = {};
const logs: string[] = [];

async function probe(file: string) {
  const { stdout } = await run("ffprobe", [
    "-v", "error", "-select_streams", "v:0", "-count_packets",
    "-show_entries", "stream=codec_name,pix_fmt,width,height,r_frame_rate,nb_read_packets",
    "-of", "json", file,
  ]);
  const s = JSON.parse(stdout).streams[0];
  return { ...s, packets: Number(s.nb_read_packets) } as {
    codec_name: string; pix_fmt: string; width: number; height: number; r_frame_rate: string; packets: number;
  };
}

/** Decode frames `ks` (0-based decode order = display order here) as RGBA buffers, optionally scaled. */
async function grabFrames(file: string, ks: number[], width: number, height: number, scale?: string): Promise<Map<number, Uint8ClampedArray>> {
  const sorted = [...new Set(ks)].sort((a, b) => a - b);
  const select = sorted.length === 1 ? `select=eq(n\\,${sorted[0]})` : `select='${sorted.map((k) => `eq(n,${k})`).join("+")}'`;
  const vf = scale ? `${select},${scale}` : select;
  const { stdout } = await run(
    "ffmpeg",
    ["-v", "error", "-i", file, "-vf", vf, "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgba", "-"],
    { encoding: "buffer", maxBuffer: 256 * 1024 * 1024 },
  );
  const size = width * height * 4;
  expect(stdout.length).toBe(size * sorted.length);
  const out = new Map<number, Uint8ClampedArray>();
  sorted.forEach((k, i) => out.set(k, new Uint8ClampedArray(stdout.buffer, stdout.byteOffset + i * size, size)));
  return out;
}

function pixel(buf: Uint8ClampedArray, width: number, x: number, y: number): [number, number, number] {
  const o = (y * width + x) * 4;
  return [buf[o], buf[o + 1], buf[o + 2]];
}

const colorDistance = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

function expectContiguous(subtasks: DemoSubtask[], length: number) {
  expect(subtasks[0].start_frame).toBe(0);
  for (let i = 0; i < subtasks.length; i++) {
    expect(subtasks[i].end_frame).toBeGreaterThan(subtasks[i].start_frame);
    if (i > 0) expect(subtasks[i].start_frame).toBe(subtasks[i - 1].end_frame + 1);
  }
  expect(subtasks[subtasks.length - 1].end_frame).toBe(length - 1);
}

const truthOf = (l: DemoManifestLine) => l.metadata.demo_truth_subtasks as DemoSubtask[];
const regular = () => lines.filter((l) => l.task_id !== "frame-coded-calibration");
const coded = () => lines.find((l) => l.task_id === "frame-coded-calibration")!;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "demo-dataset-"));
  const res = await generateDemoDataset(dir, { long: false, log: (m) => logs.push(m) });
  expect(res.manifestPath).toBe(path.join(dir, "manifest.jsonl"));
  lines = (await fs.readFile(res.manifestPath, "utf8")).trim().split("\n").map((l) => JSON.parse(l));
  expect(res.episodes).toBe(lines.length);
  canonical = JSON.parse(await fs.readFile(path.join(dir, "canonical-subtasks.json"), "utf8"));
}, 240_000);

afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe("demo dataset manifest", () => {
  it("has 30 regular episodes over three environments plus the calibration clip, no long episode", () => {
    expect(lines).toHaveLength(31);
    expect(regular()).toHaveLength(30);
    expect(new Set(lines.map((l) => l.episode_id)).size).toBe(lines.length);
    expect(new Set(lines.map((l) => l.environment))).toEqual(new Set(["AgiBot World", "RoboTwin 2.0", "Humanoid Lab"]));
    for (const env of ["AgiBot World", "RoboTwin 2.0", "Humanoid Lab"]) {
      const tasks = new Set(regular().filter((l) => l.environment === env).map((l) => l.task_id));
      expect(tasks.size).toBeGreaterThanOrEqual(2);
      expect(tasks.size).toBeLessThanOrEqual(3);
    }
    expect(lines.some((l) => l.length_frames === DEMO_LONG_FRAMES)).toBe(false);
    expect(logs.some((m) => /total/.test(m))).toBe(true);
  });

  it("mixes outcomes, splits, cameras and pre-filled subtasks", () => {
    const r = regular();
    expect(new Set(r.map((l) => l.outcome))).toEqual(new Set(["success", "failure", "unsure", "unknown"]));
    expect(new Set(r.flatMap((l) => l.split_tags))).toEqual(new Set(["train", "test"]));
    const twoCams = r.filter((l) => l.cameras.map((c) => c.name).join() === "head,wrist").length;
    expect(twoCams).toBeGreaterThan(r.length / 2);
    expect(r.every((l) => l.cameras[0].name === "head")).toBe(true);
    const prefilled = r.filter((l) => l.subtasks).length;
    expect(prefilled).toBeGreaterThan(0);
    expect(prefilled).toBeLessThan(r.length);
    expect(new Set(r.map((l) => l.length_frames)).size).toBeGreaterThan(20);
  });

  it("states frames, fps and relative paths that exist", () => {
    for (const l of lines) {
      expect(l.fps).toBe(30);
      expect(Number.isInteger(l.length_frames)).toBe(true);
      if (l !== coded()) {
        expect(l.length_frames).toBeGreaterThanOrEqual(120);
        expect(l.length_frames).toBeLessThanOrEqual(360);
      }
      expect(l.task.length).toBeGreaterThan(0);
      for (const c of l.cameras) {
        expect(c.path).toMatch(/^videos\/[^/]+\/[a-z]+\.mp4$/);
        expect(existsSync(path.join(dir, c.path))).toBe(true);
      }
    }
    const allPaths = lines.flatMap((l) => l.cameras.map((c) => c.path));
    expect(new Set(allPaths).size).toBe(allPaths.length); // every episode has its own files
  });

  it("has subtasks that follow the canonical stages (failures stop short)", () => {
    expect(Object.keys(canonical).sort()).toEqual([...new Set(lines.map((l) => l.task_id))].sort());
    for (const l of regular()) {
      const stages = canonical[l.task_id];
      const truth = truthOf(l);
      expectContiguous(truth, l.length_frames);
      if (l.subtasks) expect(l.subtasks).toEqual(truth);
      const labels = truth.map((s) => s.label);
      expect(labels).toEqual(stages.slice(0, labels.length));
      if (l.outcome === "failure") expect(labels.length).toBeLessThan(stages.length);
      if (l.outcome === "success" || l.outcome === "unsure") expect(labels).toEqual(stages);
    }
    expect(regular().some((l) => l.outcome === "failure" && l.subtasks)).toBe(true);
  });

  it("describes the frame-coded calibration clip", () => {
    const c = coded();
    expect(c.environment).toBe("Humanoid Lab");
    expect(c.task).toBe("Frame-coded calibration clip");
    expect(c.length_frames).toBe(DEMO_CODED_FRAMES);
    expect(c.subtasks).toBeUndefined();
  });
});

describe("demo dataset videos", () => {
  it("are H.264 yuv420p at 30 fps with exactly length_frames frames", async () => {
    const jobs = lines.flatMap((l) => l.cameras.map((c) => ({ l, file: path.join(dir, c.path) })));
    const probes = await Promise.all(jobs.map(async (j) => ({ ...j, p: await probe(j.file) })));
    for (const { l, p, file } of probes) {
      expect(p.codec_name, file).toBe("h264");
      expect(p.pix_fmt, file).toBe("yuv420p");
      expect(p.r_frame_rate, file).toBe("30/1");
      expect(p.packets, file).toBe(l.length_frames);
      if (l === coded()) expect([p.width, p.height]).toEqual([640, 360]);
      else expect([p.width, p.height]).toEqual([DEMO_STAGE_SIZE.width, DEMO_STAGE_SIZE.height]);
    }
  }, 60_000);

  it("change background colour exactly at the subtask boundaries", async () => {
    const r = regular();
    const picks = [
      r.find((l) => l.outcome === "failure" && l.cameras.length === 2)!,
      r.find((l) => l.outcome === "success" && l.cameras.length === 2)!,
      r.find((l) => !l.subtasks)!,
    ];
    const { width, height } = DEMO_STAGE_SIZE;
    for (const l of picks) {
      const truth = truthOf(l);
      const ks = [0, l.length_frames - 1, ...truth.slice(1).flatMap((s) => [s.start_frame - 1, s.start_frame])];
      for (const cam of l.cameras) {
        const frames = await grabFrames(path.join(dir, cam.path), ks, width, height);
        for (const k of ks) {
          const stage = truth.findIndex((s) => k >= s.start_frame && k <= s.end_frame);
          const got = pixel(frames.get(k)!, width, BACKGROUND_PROBE.x, BACKGROUND_PROBE.y);
          const want = stageColor(stage, cam.name);
          expect(colorDistance(got, want), `${cam.path} frame ${k}: got ${got}, want ${want}`).toBeLessThanOrEqual(16);
        }
      }
    }
  }, 60_000);

  it("frame-coded clip carries each frame's index (sampled frames at full size)", async () => {
    const file = path.join(dir, coded().cameras[0].path);
    const ks = [0, 1, 2, 29, 30, 31, 255, 256, 511, 512, 598, 599];
    const frames = await grabFrames(file, ks, 640, 360);
    for (const k of ks) expect(decodeFrameIndex(frames.get(k)!, 640, 360), `frame ${k}`).toBe(k);
    for (const k of [0, 255, 256]) {
      // single-frame form from the brief: select=eq(n\,K)
      const one = await grabFrames(file, [k], 640, 360);
      expect(decodeFrameIndex(one.get(k)!, 640, 360)).toBe(k);
    }
  }, 60_000);

  it("frame-coded clip: every frame decodes to its index and keyframes fall every 30 frames", async () => {
    const file = path.join(dir, coded().cameras[0].path);
    const { stdout } = await run(
      "ffmpeg",
      ["-v", "error", "-i", file, "-vf", "scale=160:90:flags=area", "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgba", "-"],
      { encoding: "buffer", maxBuffer: 128 * 1024 * 1024 },
    );
    const size = 160 * 90 * 4;
    expect(stdout.length).toBe(size * DEMO_CODED_FRAMES);
    for (let k = 0; k < DEMO_CODED_FRAMES; k++) {
      const buf = new Uint8ClampedArray(stdout.buffer, stdout.byteOffset + k * size, size);
      if (decodeFrameIndex(buf, 160, 90) !== k) expect(decodeFrameIndex(buf, 160, 90), `frame ${k}`).toBe(k);
    }
    const pk = await run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=flags", "-of", "csv=p=0", file]);
    const keys = pk.stdout.trim().split("\n").flatMap((f, i) => (f.startsWith("K") ? [i] : []));
    expect(keys).toEqual(Array.from({ length: DEMO_CODED_FRAMES / 30 }, (_, i) => i * 30));
  }, 60_000);
});

describe("generateDemoDataset bookkeeping", () => {
  it("returns at once when the dataset is complete and leaves no temp files", async () => {
    const t = performance.now();
    const again = await generateDemoDataset(dir, { long: false });
    expect(performance.now() - t).toBeLessThan(1000);
    expect(again.episodes).toBe(lines.length);
    expect(existsSync(path.join(dir, ".complete"))).toBe(true);
    const all = await fs.readdir(dir, { recursive: true });
    expect(all.filter((f) => String(f).includes(".partial-"))).toEqual([]);
  });

  it("plans the 10-minute episode when long is on", () => {
    const plan = planDemoDataset({ long: true });
    const long = plan.lines.find((l) => l.length_frames === DEMO_LONG_FRAMES)!;
    expect(long).toBeDefined();
    expect(long.cameras).toHaveLength(1);
    expectContiguous(long.subtasks!, DEMO_LONG_FRAMES);
    expect(long.subtasks!.map((s) => s.label)).toEqual(plan.canonical[long.task_id]);
    expect(plan.lines).toHaveLength(32);
    // Deterministic: same plan twice.
    expect(JSON.stringify(planDemoDataset({ long: true }).lines)).toBe(JSON.stringify(plan.lines));
  });

  it("can plan the 10-minute episode alone, exactly as the full dataset has it", () => {
    const full = planDemoDataset({ long: true });
    const alone = planDemoDataset({ longOnly: true });
    const long = full.lines.find((l) => l.length_frames === DEMO_LONG_FRAMES)!;
    expect(alone.lines).toEqual([long]);
    expect(alone.jobs.map((j) => j.rel)).toEqual(long.cameras.map((c) => c.path));
    expect(Object.keys(alone.canonical)).toEqual([long.task_id]);
  });
});
