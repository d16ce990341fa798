// Frame-exact export media on frame-coded clips: every frame of the fixture videos carries its
// index inside the FILE as 16 black/white blocks, so each exported JPEG and each clip frame is read
// back and compared with the frame that was asked for. Needs ffmpeg/ffprobe (no database).
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFrameIndex, frameCodeFilter } from "@/lib/demo/frame-code";
import { env } from "@/lib/env";
import { writeTestVideo } from "@/tests/fixtures/build-fixtures";
import {
  clipFilterGraph,
  defaultConcurrency,
  extractClip,
  extractClips,
  extractFrames,
  frameSelectExpression,
  isPartialFile,
  MIN_FRAMES_PER_PROCESS,
  mp4FrameCount,
  splitStills,
} from "./extract-media";

const run = promisify(execFile);
const TIMEOUT = 60_000;

let dir = "";
const videos: Record<string, { file: string; fpsNum: number; fpsDen: number; frames: number; width: number; height: number }> = {};

/** All frames of a video or image as RGBA, in display order, decoded by ffmpeg. */
async function decodeAll(file: string, width: number, height: number): Promise<Uint8ClampedArray[]> {
  const { stdout } = await run(env.FFMPEG_PATH, ["-v", "error", "-i", file, "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgba", "-"], {
    encoding: "buffer",
    maxBuffer: 256 * 1024 * 1024,
  });
  const size = width * height * 4;
  expect(stdout.length % size).toBe(0);
  return Array.from({ length: stdout.length / size }, (_, i) => new Uint8ClampedArray(stdout.buffer, stdout.byteOffset + i * size, size));
}

/** The frame code shown in a one-frame image (or every frame of a clip). */
async function codesIn(file: string, width: number, height: number): Promise<number[]> {
  return (await decodeAll(file, width, height)).map((px) => decodeFrameIndex(px, width, height));
}

/** The frame code of each JPEG of `files`, decoded in one ffmpeg run (concatenated as an MJPEG stream). */
async function codesOfJpegs(files: string[], width: number, height: number): Promise<number[]> {
  const stream = path.join(dir, `codes-${process.pid}-${Math.random().toString(16).slice(2)}.mjpeg`);
  await fs.writeFile(stream, Buffer.concat(await Promise.all(files.map((f) => fs.readFile(f)))));
  try {
    const { stdout } = await run(env.FFMPEG_PATH, ["-v", "error", "-f", "mjpeg", "-i", stream, "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgba", "-"], {
      encoding: "buffer",
      maxBuffer: 256 * 1024 * 1024,
    });
    const size = width * height * 4;
    expect(stdout.length).toBe(files.length * size);
    return files.map((_, i) => decodeFrameIndex(new Uint8ClampedArray(stdout.buffer, stdout.byteOffset + i * size, size), width, height));
  } finally {
    await fs.rm(stream, { force: true });
  }
}

async function probe(file: string) {
  const { stdout } = await run(env.FFPROBE_PATH, [
    "-v", "error", "-select_streams", "v:0", "-count_frames",
    "-show_entries", "stream=codec_name,pix_fmt,width,height,r_frame_rate,nb_read_frames",
    "-of", "json", file,
  ]);
  return JSON.parse(stdout).streams[0] as { codec_name: string; pix_fmt: string; width: number; height: number; r_frame_rate: string; nb_read_frames: string };
}

const sha = async (file: string) => createHash("sha256").update(await fs.readFile(file)).digest("hex");

/** Frame-coded H.264 with B-frames and open GOPs: keyframes every 30 frames, frames before them decoded after them. */
async function writeOpenGopVideo(file: string, frames: number, rate: string, width: number, height: number) {
  await run(env.FFMPEG_PATH, [
    "-v", "error", "-y", "-f", "lavfi", "-i", `color=c=gray:s=${width}x${height}:r=${rate}`,
    "-vf", frameCodeFilter(width, height), "-frames:v", String(frames),
    "-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "veryfast",
    "-x264-params", "keyint=30:min-keyint=30:bframes=3:b-adapt=0:open-gop=1:scenecut=0", "-an", file,
  ]);
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "extract-media-"));
  const specs = [
    { key: "25", rate: "25/1", fpsNum: 25, fpsDen: 1, frames: 100 },
    { key: "29.97", rate: "30000/1001", fpsNum: 30000, fpsDen: 1001, frames: 120 },
    { key: "30", rate: "30/1", fpsNum: 30, fpsDen: 1, frames: 120 },
    // A file holding several episodes (LeRobot v3): the episode is frames 60–119.
    { key: "shared-29.97", rate: "30000/1001", fpsNum: 30000, fpsDen: 1001, frames: 150 },
  ];
  for (const s of specs) {
    const file = path.join(dir, `v-${s.key}.mp4`);
    await writeTestVideo(file, { frames: s.frames, fps: s.rate });
    videos[s.key] = { file, fpsNum: s.fpsNum, fpsDen: s.fpsDen, frames: s.frames, width: 160, height: 120 };
  }
  const open = path.join(dir, "v-open-gop.mp4");
  await writeOpenGopVideo(open, 150, "30000/1001", 320, 180);
  videos["open-gop"] = { file: open, fpsNum: 30000, fpsDen: 1001, frames: 150, width: 320, height: 180 };
  // Same pictures in MPEG-TS: no index, so an input seek is not to be trusted.
  const ts = path.join(dir, "v-open-gop.ts");
  await run(env.FFMPEG_PATH, ["-v", "error", "-y", "-i", open, "-c", "copy", "-f", "mpegts", ts]);
  videos["open-gop-ts"] = { ...videos["open-gop"], file: ts };
}, 120_000);

afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe("select expressions", () => {
  it("merges consecutive frames into windows and nests them as a balanced tree", () => {
    expect(frameSelectExpression([5], 30, 1)).toBe("gte(t,0.150000)*lt(t,0.183333)");
    expect(frameSelectExpression([3, 2, 3, 4], 25, 1)).toBe("gte(t,0.060000)*lt(t,0.180000)");
    const e = frameSelectExpression([10, 0, 1, 20], 30000, 1001);
    expect(e).toBe("if(lt(t,0.316983),gte(t,-0.016683)*lt(t,0.050050),if(lt(t,0.650650),gte(t,0.316983)*lt(t,0.350350),gte(t,0.650650)*lt(t,0.684017)))");
    // 2,000 separate windows nest only about 11 deep.
    const many = frameSelectExpression(Array.from({ length: 2000 }, (_, i) => i * 2), 30, 1);
    let depth = 0;
    let max = 0;
    for (const c of many) {
      if (c === "(") max = Math.max(max, ++depth);
      if (c === ")") depth--;
    }
    expect(max).toBeLessThan(20);
  });

  it("splits stills into contiguous groups of balanced work, none for few frames", () => {
    const ks = [...Array.from({ length: 60 }, (_, i) => i), ...Array.from({ length: 40 }, (_, i) => 100 + 10 * i)];
    for (const parts of [2, 3, 4, 8]) {
      const groups = splitStills(ks, parts, 30, 1);
      expect(groups.length).toBeGreaterThan(1);
      expect(groups.length).toBeLessThanOrEqual(Math.min(parts, Math.floor(ks.length / MIN_FRAMES_PER_PROCESS)));
      expect(groups.flat()).toEqual(ks); // contiguous, in order, every frame once
      expect(splitStills(ks, parts, 30, 1)).toEqual(groups);
    }
    // The dense first stretch costs less decoding per frame: its group holds more frames.
    const [a, b] = splitStills(ks, 2, 30, 1);
    expect(a.length).toBeGreaterThan(b.length);
    expect(splitStills(ks, 1, 30, 1)).toEqual([ks]);
    expect(splitStills(ks.slice(0, 2 * MIN_FRAMES_PER_PROCESS - 1), 4, 30, 1)).toHaveLength(1);
    expect(defaultConcurrency()).toBeGreaterThanOrEqual(1);
  });

  it("repeats a clip frame through a split only when a frame is wanted twice", () => {
    expect(clipFilterGraph([1, 2, 3], 30, 1, 2, null)).not.toContain("split");
    const g = clipFilterGraph([1, 2, 2, 3, 3, 3], 30, 1, 2, null);
    expect(g).toContain("split=3");
    expect(g).toContain("interleave=nb_inputs=3");
  });
});

describe("extractFrames", () => {
  for (const key of ["25", "29.97", "30"]) {
    it(
      `writes exactly the requested frames at ${key} fps (out of order, repeated, first and last)`,
      async () => {
        const v = videos[key];
        const last = v.frames - 1;
        const frames = [last, 17, 0, 17, 1, 60, last - 1, 0, 59, 61, 2];
        const out = path.join(dir, `frames-${key}`);
        const res = await extractFrames({ input: v.file, startFrame: 0, fpsNum: v.fpsNum, fpsDen: v.fpsDen, frames, outPath: (f) => path.join(out, `${f}.jpg`) });
        const unique = [...new Set(frames)].sort((a, b) => a - b);
        expect(res.written).toBe(unique.length);
        expect(res.decodedFrames).toBeGreaterThanOrEqual(v.frames - 0); // first frame 0 → from the start
        expect((await fs.readdir(out)).sort()).toEqual(unique.map((f) => `${f}.jpg`).sort());
        for (const f of unique) expect({ f, code: (await codesIn(path.join(out, `${f}.jpg`), v.width, v.height))[0] }).toEqual({ f, code: f });
      },
      TIMEOUT,
    );
  }

  it(
    "counts episode frames from startFrame inside a shared file",
    async () => {
      const v = videos["shared-29.97"];
      const frames = [59, 0, 30, 1, 29, 31, 45];
      const out = path.join(dir, "frames-shared");
      const res = await extractFrames({ input: v.file, startFrame: 60, fpsNum: v.fpsNum, fpsDen: v.fpsDen, frames, outPath: (f) => path.join(out, `ep-${f}.jpg`) });
      expect(res.written).toBe(frames.length);
      // Decoding starts half a second (15 frames) before file frame 60, not at the file's start.
      expect(res.decodedFrames).toBeLessThan(80);
      for (const f of frames) expect({ f, code: (await codesIn(path.join(out, `ep-${f}.jpg`), v.width, v.height))[0] }).toEqual({ f, code: 60 + f });
    },
    TIMEOUT,
  );

  for (const key of ["open-gop", "open-gop-ts"]) {
    it(
      `is exact around the keyframes of an open-GOP B-frame ${key.endsWith("ts") ? "MPEG-TS" : "MP4"}`,
      async () => {
        const v = videos[key];
        const frames = [28, 29, 30, 31, 59, 60, 61, 89, 90, 0, 149];
        for (const startFrame of [0, 30]) {
          const eps = frames.filter((f) => startFrame + f < v.frames);
          const out = path.join(dir, `frames-${key}-${startFrame}`);
          const res = await extractFrames({ input: v.file, startFrame, fpsNum: v.fpsNum, fpsDen: v.fpsDen, frames: eps, outPath: (f) => path.join(out, `${f}.jpg`) });
          expect(res.written).toBe(eps.length);
          for (const f of eps) expect({ f, code: (await codesIn(path.join(out, `${f}.jpg`), v.width, v.height))[0] }).toEqual({ f, code: startFrame + f });
        }
        // Seeking into the middle only (first wanted frame right after a keyframe).
        const out = path.join(dir, `frames-${key}-mid`);
        await extractFrames({ input: v.file, startFrame: 0, fpsNum: v.fpsNum, fpsDen: v.fpsDen, frames: [61, 62, 90, 119], outPath: (f) => path.join(out, `${f}.jpg`) });
        for (const f of [61, 62, 90, 119]) expect((await codesIn(path.join(out, `${f}.jpg`), v.width, v.height))[0]).toBe(f);
      },
      TIMEOUT,
    );
  }

  it(
    "handles hundreds of scattered frames in one pass",
    async () => {
      const v = videos["open-gop"];
      // Every other frame: 75 separate windows, more than ffmpeg's parser takes as a flat sum.
      const frames = Array.from({ length: 75 }, (_, i) => 2 * i);
      const out = path.join(dir, "frames-many");
      const res = await extractFrames({ input: v.file, startFrame: 0, fpsNum: v.fpsNum, fpsDen: v.fpsDen, frames: [...frames, ...Array.from({ length: 150 }, (_, i) => i)], outPath: (f) => path.join(out, `${f}.jpg`) });
      expect(res.written).toBe(150);
      const res2 = await extractFrames({ input: videos["30"].file, startFrame: 0, fpsNum: 30, fpsDen: 1, frames: Array.from({ length: 60 }, (_, i) => 2 * i), outPath: (f) => path.join(out, `30-${f}.jpg`) });
      expect(res2.written).toBe(60);
      for (const f of [0, 2, 58, 118]) expect((await codesIn(path.join(out, `30-${f}.jpg`), 160, 120))[0]).toBe(f);
      for (const f of [0, 1, 77, 148, 149]) expect((await codesIn(path.join(out, `${f}.jpg`), v.width, v.height))[0]).toBe(f);
    },
    TIMEOUT,
  );

  it(
    "scales to a width and stays exact",
    async () => {
      const v = videos["open-gop"];
      const out = path.join(dir, "frames-scaled");
      await extractFrames({ input: v.file, startFrame: 0, fpsNum: v.fpsNum, fpsDen: v.fpsDen, frames: [3, 100], width: 160, outPath: (f) => path.join(out, `${f}.jpg`) });
      const p = await probe(path.join(out, "100.jpg"));
      expect({ w: p.width, h: p.height, codec: p.codec_name, pix: p.pix_fmt }).toEqual({ w: 160, h: 90, codec: "mjpeg", pix: "yuvj420p" });
      expect((await codesIn(path.join(out, "100.jpg"), 160, 90))[0]).toBe(100);
      expect((await codesIn(path.join(out, "3.jpg"), 160, 90))[0]).toBe(3);
    },
    TIMEOUT,
  );

  it(
    "writes the same bytes on every run",
    async () => {
      const v = videos["open-gop"];
      const frames = [0, 29, 30, 75, 149];
      const hashes: string[][] = [];
      for (const run of ["a", "b"]) {
        for (const width of [null, 160]) {
          const out = path.join(dir, `bytes-${run}-${width}`);
          await extractFrames({ input: v.file, startFrame: 0, fpsNum: v.fpsNum, fpsDen: v.fpsDen, frames, width, outPath: (f) => path.join(out, `${f}.jpg`) });
          hashes.push(await Promise.all(frames.map((f) => sha(path.join(out, `${f}.jpg`)))));
        }
      }
      expect(hashes[2]).toEqual(hashes[0]);
      expect(hashes[3]).toEqual(hashes[1]);
      expect(new Set(hashes[0]).size).toBe(frames.length);
      // Nothing version-dependent in the files (bitexact: no "Lavc…" comment).
      expect((await fs.readFile(path.join(dir, "bytes-a-null", "0.jpg"))).includes("Lavc")).toBe(false);
    },
    TIMEOUT,
  );

  it(
    "writes the same bytes whatever the number of processes, and the exact frames",
    async () => {
      // Scattered and consecutive frames around the keyframes (every 30), in an MP4 and in an
      // MPEG-TS (no index: a process's seek may miss and the pass from the start takes over).
      const frames = [...Array.from({ length: 40 }, (_, i) => 3 * i), ...Array.from({ length: 30 }, (_, i) => 119 + i)];
      for (const key of ["open-gop", "open-gop-ts"]) {
        const v = videos[key];
        for (const width of [null, 160]) {
          const h = width ? 90 : v.height;
          const byConcurrency: Record<number, string[]> = {};
          for (const concurrency of [1, 2, 3, 1]) {
            const out = path.join(dir, `split-${key}-${width}-${concurrency}`);
            await fs.rm(out, { recursive: true, force: true });
            const res = await extractFrames({ input: v.file, startFrame: 0, fpsNum: v.fpsNum, fpsDen: v.fpsDen, frames, width, concurrency, outPath: (f) => path.join(out, `${f}.jpg`) });
            expect(res.written).toBe(frames.length);
            const hashes = await Promise.all(frames.map((f) => sha(path.join(out, `${f}.jpg`))));
            const prev = byConcurrency[concurrency];
            if (prev) expect(hashes).toEqual(prev); // the same call twice
            byConcurrency[concurrency] = hashes;
            if (prev === undefined) expect({ key, width, concurrency, codes: await codesOfJpegs(frames.map((f) => path.join(out, `${f}.jpg`)), width ?? v.width, h) }).toEqual({ key, width, concurrency, codes: frames });
          }
          expect(byConcurrency[2]).toEqual(byConcurrency[1]);
          expect(byConcurrency[3]).toEqual(byConcurrency[1]);
          expect(new Set(byConcurrency[1]).size).toBe(frames.length);
        }
      }
    },
    3 * TIMEOUT,
  );

  it.skipIf(!existsSync("/dev/shm"))(
    "installs by copy when the destination is on another file system (tmpfs)",
    async () => {
      const v = videos["30"];
      const out = await fs.mkdtemp("/dev/shm/extract-media-");
      try {
        const frames = Array.from({ length: 40 }, (_, i) => 3 * i);
        const res = await extractFrames({ input: v.file, startFrame: 0, fpsNum: 30, fpsDen: 1, frames, concurrency: 2, outPath: (f) => path.join(out, `${f}.jpg`) });
        expect(res.written).toBe(frames.length);
        expect((await fs.readdir(out)).sort()).toEqual(frames.map((f) => `${f}.jpg`).sort());
        expect(await codesOfJpegs(frames.map((f) => path.join(out, `${f}.jpg`)), v.width, v.height)).toEqual(frames);
      } finally {
        await fs.rm(out, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );

  it(
    "split across processes: still names frames past the end, after writing the others",
    async () => {
      const v = videos["25"];
      const out = path.join(dir, "past-end-split");
      const frames = Array.from({ length: 60 }, (_, i) => 2 * i); // 0 … 118 of a 100-frame video
      const err = await extractFrames({ input: v.file, startFrame: 0, fpsNum: 25, fpsDen: 1, frames, concurrency: 2, outPath: (f) => path.join(out, `${f}.jpg`) }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toContain("100 (file frame 100), 102 (file frame 102)");
      expect((await fs.readdir(out)).sort()).toEqual(frames.filter((f) => f < 100).map((f) => `${f}.jpg`).sort());
      for (const f of [0, 50, 98]) expect((await codesIn(path.join(out, `${f}.jpg`), v.width, v.height))[0]).toBe(f);
    },
    TIMEOUT,
  );

  it(
    "skips frames whose destination already holds a whole JPEG (resume) and redoes broken ones",
    async () => {
      const v = videos["30"];
      const out = path.join(dir, "resume");
      const outPath = (f: number) => path.join(out, `${f}.jpg`);
      const frames = [5, 10, 15, 20, 25];
      expect((await extractFrames({ input: v.file, startFrame: 0, fpsNum: 30, fpsDen: 1, frames, outPath })).written).toBe(5);
      const before = await fs.stat(outPath(10));
      await fs.rm(outPath(15));
      await fs.writeFile(outPath(20), (await fs.readFile(outPath(20))).subarray(0, 100)); // cut short: no EOI marker
      await new Promise((r) => setTimeout(r, 20));
      const res = await extractFrames({ input: v.file, startFrame: 0, fpsNum: 30, fpsDen: 1, frames, outPath });
      expect(res.written).toBe(2);
      expect((await fs.stat(outPath(10))).mtimeMs).toBe(before.mtimeMs);
      expect((await codesIn(outPath(15), 160, 120))[0]).toBe(15);
      expect((await codesIn(outPath(20), 160, 120))[0]).toBe(20);
      // Everything in place: no ffmpeg run at all.
      expect(await extractFrames({ input: "/nonexistent.mp4", startFrame: 0, fpsNum: 30, fpsDen: 1, frames, outPath })).toEqual({ decodedFrames: 0, written: 0 });
      expect((await fs.readdir(out)).filter(isPartialFile)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "throws naming frames past the end of the video, after writing the others",
    async () => {
      const v = videos["25"];
      const out = path.join(dir, "past-end");
      const err = await extractFrames({ input: v.file, startFrame: 0, fpsNum: 25, fpsDen: 1, frames: [3, 99, 100, 140], outPath: (f) => path.join(out, `${f}.jpg`) }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toContain("100 (file frame 100), 140 (file frame 140)");
      expect((err as Error).message).not.toContain(" 99 ");
      expect((await fs.readdir(out)).sort()).toEqual(["3.jpg", "99.jpg"]);
    },
    TIMEOUT,
  );

  it(
    "kills ffmpeg when aborted and leaves no partial file",
    async () => {
      // A FIFO nobody writes to: ffmpeg blocks opening it until it is killed.
      const fifo = path.join(dir, "never.fifo");
      await run("mkfifo", [fifo]);
      const out = path.join(dir, "aborted");
      const ac = new AbortController();
      const p = extractFrames({ input: fifo, startFrame: 0, fpsNum: 30, fpsDen: 1, frames: [0, 149], outPath: (f) => path.join(out, `${f}.jpg`), signal: ac.signal });
      setTimeout(() => ac.abort(), 300);
      await expect(p).rejects.toThrow(/abort/i);
      expect(existsSync(out) ? await fs.readdir(out) : []).toEqual([]);
      // Split across processes: all of them are killed.
      const ac2 = new AbortController();
      const many = Array.from({ length: 4 * MIN_FRAMES_PER_PROCESS }, (_, i) => 2 * i);
      const p2 = extractFrames({ input: fifo, startFrame: 0, fpsNum: 30, fpsDen: 1, frames: many, concurrency: 3, outPath: (f) => path.join(out, `${f}.jpg`), signal: ac2.signal });
      setTimeout(() => ac2.abort(), 300);
      await expect(p2).rejects.toThrow(/abort/i);
      expect(existsSync(out) ? await fs.readdir(out) : []).toEqual([]);
      // A failing process fails the call with ffmpeg's own message (not an abort).
      await expect(extractFrames({ input: path.join(dir, "missing.mp4"), startFrame: 0, fpsNum: 30, fpsDen: 1, frames: many, concurrency: 2, outPath: (f) => path.join(out, `${f}.jpg`) })).rejects.toThrow(/No such file/);
      await expect(extractFrames({ input: fifo, startFrame: 0, fpsNum: 30, fpsDen: 1, frames: [0], outPath: () => path.join(out, "x.jpg"), signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
      await expect(extractClip({ input: fifo, startFrame: 0, fpsNum: 30, fpsDen: 1, frames: [0], outPath: path.join(out, "x.mp4"), signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
    },
    TIMEOUT,
  );

  it("rejects bad arguments", async () => {
    const base = { input: "x.mp4", startFrame: 0, fpsNum: 30, fpsDen: 1, outPath: () => "/x.jpg" };
    await expect(extractFrames({ ...base, frames: [1.5] })).rejects.toThrow(RangeError);
    await expect(extractFrames({ ...base, frames: [-1] })).rejects.toThrow(RangeError);
    await expect(extractFrames({ ...base, fpsNum: 29.97, frames: [1] })).rejects.toThrow(RangeError);
    await expect(extractFrames({ ...base, width: 8, frames: [1] })).rejects.toThrow(RangeError);
    await expect(extractFrames({ ...base, concurrency: 0, frames: [1] })).rejects.toThrow(RangeError);
    await expect(extractFrames({ ...base, concurrency: 1.5, frames: [1] })).rejects.toThrow(RangeError);
  });
});

describe("extractClip", () => {
  it(
    "makes an H.264 clip whose frame i is episode frame frames[i]",
    async () => {
      for (const key of ["open-gop", "shared-29.97", "25"]) {
        const v = videos[key];
        const startFrame = key === "shared-29.97" ? 60 : 0;
        const frames = key === "shared-29.97" ? [0, 4, 8, 29, 30, 31, 59] : [0, 1, 29, 30, 31, 60, 61, 62, v.frames - 1];
        const out = path.join(dir, "clips", `${key}.mp4`);
        await extractClip({ input: v.file, startFrame, fpsNum: v.fpsNum, fpsDen: v.fpsDen, frames, outPath: out });
        expect({ key, codes: await codesIn(out, v.width, v.height) }).toEqual({ key, codes: frames.map((f) => startFrame + f) });
        const p = await probe(out);
        expect({ codec: p.codec_name, pix: p.pix_fmt, rate: p.r_frame_rate, n: Number(p.nb_read_frames) }).toEqual({ codec: "h264", pix: "yuv420p", rate: "2/1", n: frames.length });
        // faststart: the index (moov) comes before the media (mdat).
        const bytes = await fs.readFile(out);
        expect(bytes.indexOf("moov")).toBeLessThan(bytes.indexOf("mdat"));
      }
    },
    TIMEOUT,
  );

  it(
    "repeats frames asked for more than once, at another rate and width",
    async () => {
      const v = videos["open-gop"];
      const frames = [0, 0, 30, 30, 30, 31, 100, 149, 149];
      const out = path.join(dir, "clips", "repeats.mp4");
      // An odd width is rounded down to even (4:2:0).
      await extractClip({ input: v.file, startFrame: 0, fpsNum: v.fpsNum, fpsDen: v.fpsDen, frames, outPath: out, fps: 4, width: 161 });
      expect(await codesIn(out, 160, 90)).toEqual(frames);
      expect((await probe(out)).r_frame_rate).toBe("4/1");
    },
    TIMEOUT,
  );

  it(
    "is exact in an MPEG-TS too (no index to seek by)",
    async () => {
      const v = videos["open-gop-ts"];
      const frames = [29, 30, 61, 62, 90, 120];
      const out = path.join(dir, "clips", "ts.mp4");
      await extractClip({ input: v.file, startFrame: 0, fpsNum: v.fpsNum, fpsDen: v.fpsDen, frames, outPath: out });
      expect(await codesIn(out, v.width, v.height)).toEqual(frames);
    },
    TIMEOUT,
  );

  it(
    "writes the same bytes on every run and replaces the destination atomically",
    async () => {
      const v = videos["open-gop"];
      const frames = [0, 10, 20, 29, 30, 59, 89, 119, 149];
      const a = path.join(dir, "clips", "det-a.mp4");
      const b = path.join(dir, "clips", "det-b.mp4");
      await extractClip({ input: v.file, startFrame: 0, fpsNum: v.fpsNum, fpsDen: v.fpsDen, frames, outPath: a });
      await fs.writeFile(b, "old contents");
      await extractClip({ input: v.file, startFrame: 0, fpsNum: v.fpsNum, fpsDen: v.fpsDen, frames, outPath: b });
      expect(await sha(b)).toBe(await sha(a));
      expect((await fs.readdir(path.dirname(a))).filter(isPartialFile)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "throws when a frame is past the end, writing nothing",
    async () => {
      const v = videos["25"];
      const out = path.join(dir, "clips", "past-end.mp4");
      await expect(extractClip({ input: v.file, startFrame: 0, fpsNum: 25, fpsDen: 1, frames: [0, 50, 120], outPath: out })).rejects.toThrow(/2 of 3 frames/);
      expect(existsSync(out)).toBe(false);
    },
    TIMEOUT,
  );

  it(
    "makes several clips in one pass, byte-identical to one clip at a time",
    async () => {
      const v = videos["open-gop"];
      const sets = [[0, 5, 10, 15], [0, 30, 31, 31, 60], [29, 30, 90, 149], [149]];
      const one = path.join(dir, "clips", "one");
      const many = path.join(dir, "clips", "many");
      for (const [i, frames] of sets.entries()) await extractClip({ input: v.file, startFrame: 0, fpsNum: v.fpsNum, fpsDen: v.fpsDen, frames, outPath: path.join(one, `${i}.mp4`) });
      await extractClips({ input: v.file, startFrame: 0, fpsNum: v.fpsNum, fpsDen: v.fpsDen, clips: sets.map((frames, i) => ({ frames, outPath: path.join(many, `${i}.mp4`) })) });
      for (const [i, frames] of sets.entries()) {
        expect(await codesIn(path.join(many, `${i}.mp4`), v.width, v.height)).toEqual(frames);
        expect(await mp4FrameCount(path.join(many, `${i}.mp4`))).toBe(frames.length);
        expect(await sha(path.join(many, `${i}.mp4`))).toBe(await sha(path.join(one, `${i}.mp4`)));
      }
      // MPEG-TS, and an episode inside a shared file.
      const ts = videos["open-gop-ts"];
      const tsOut = path.join(dir, "clips", "many-ts");
      await extractClips({ input: ts.file, startFrame: 20, fpsNum: ts.fpsNum, fpsDen: ts.fpsDen, clips: sets.slice(0, 3).map((frames, i) => ({ frames: frames.filter((f) => f < 130), outPath: path.join(tsOut, `${i}.mp4`) })) });
      for (const [i, frames] of sets.slice(0, 3).entries()) expect(await codesIn(path.join(tsOut, `${i}.mp4`), ts.width, ts.height)).toEqual(frames.filter((f) => f < 130).map((f) => 20 + f));
    },
    TIMEOUT,
  );

  it(
    "installs the clips it could make and names the one it could not",
    async () => {
      const v = videos["25"];
      const out = path.join(dir, "clips", "partly");
      const err = await extractClips({
        input: v.file,
        startFrame: 0,
        fpsNum: 25,
        fpsDen: 1,
        clips: [
          { frames: [0, 10], outPath: path.join(out, "a.mp4") },
          { frames: [50, 99, 130], outPath: path.join(out, "b.mp4") },
        ],
      }).catch((e: Error) => e);
      expect((err as Error).message).toContain("episode frames 50, 99, 130");
      expect((await fs.readdir(out)).sort()).toEqual(["a.mp4"]);
      expect(await codesIn(path.join(out, "a.mp4"), 160, 120)).toEqual([0, 10]);
    },
    TIMEOUT,
  );

  it("rejects frames out of order", async () => {
    await expect(extractClip({ input: "x.mp4", startFrame: 0, fpsNum: 30, fpsDen: 1, frames: [3, 2], outPath: "/x.mp4" })).rejects.toThrow(/ascending/);
    await expect(extractClip({ input: "x.mp4", startFrame: 0, fpsNum: 30, fpsDen: 1, frames: [], outPath: "/x.mp4" })).rejects.toThrow(/empty/);
  });
});
