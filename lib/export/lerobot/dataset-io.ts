// The server's DatasetIo (lib/export/formats/format.ts) over a staging folder: source files read
// in place (file: URIs, confined to the import roots by lib/media/storage.ts resolveSourceFile),
// files written atomically (lib/export/writers.ts writeFileAtomic), source videos hard-linked
// (copied across file systems), and per-camera mp4s of several episode ranges (concatVideos).
//
// concatVideos. LeRobot decodes frame k of an episode at from_timestamp + k / fps (within a
// tolerance; src/lerobot/datasets/video_utils.py @ 7427f31), so the file must be constant-rate with
// frame j of the whole file at exactly j / fps.
//   copy      every part is a whole file (startFrame 0, frameCount = the file's frames) and all
//             parts share codec, pixel format, size and rate: the concat demuxer with stream copy.
//   re-encode otherwise: each part is cut EXACTLY by frames with lib/export/extract-media.ts
//             extractClips (frames chosen by their own timestamps, fixed x264 settings, yuv420p,
//             byte-deterministic; one decoding pass per source file), at the rate of the first
//             part, and the cuts, which then share every codec parameter, are joined by stream copy.
// Either way the result is checked: its packet count and every presentation time (ffprobe) must
// be j / fps within 1e-4 s; a copy that fails the check is redone by re-encoding, a re-encode that
// fails it is an error.
import "server-only";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, link, mkdir, mkdtemp, readFile, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { env } from "@/lib/env";
import type { ConcatVideoInfo, DatasetIo } from "@/lib/export/formats/format";
import { extractClips } from "@/lib/export/extract-media";
import { writeFileAtomic } from "@/lib/export/writers";
import { probeVideo, type ProbeResult } from "@/lib/media/probe";
import { ffmpegInputFor, resolveSourceFile } from "@/lib/media/storage";
import { withFfmpegSlot } from "@/lib/media/ffmpeg-slots";

const run = promisify(execFile);

type Part = Parameters<DatasetIo["concatVideos"]>[0][number];

/** What concatVideos returns here: the DatasetIo fields plus what the writer puts in info.json. */
export type ConcatWritten = Required<ConcatVideoInfo> & { mode: "copy" | "re-encode" };

/** Tolerance of a presentation time (seconds), as the export brief and LeRobot's decoders need. */
const PTS_TOLERANCE = 1e-4;

async function sha256File(file: string): Promise<{ bytes: number; sha256: string }> {
  const h = createHash("sha256");
  await pipeline(createReadStream(file), h);
  return { bytes: (await stat(file)).size, sha256: h.digest("hex") };
}

const asUri = (uriOrPath: string) => (uriOrPath.startsWith("file:") ? uriOrPath : `file:${path.resolve(uriOrPath)}`);

/** DatasetIo whose concatVideos also says what it made (the writer puts codec and size in info.json). */
export interface ServerDatasetIo extends DatasetIo {
  concatVideos(parts: Part[], rel: string): Promise<ConcatWritten>;
}

/** The DatasetIo of an export staging folder `root`. */
export function datasetIo(root: string): ServerDatasetIo {
  const dest = (rel: string) => {
    const abs = path.resolve(root, rel);
    const back = path.relative(root, abs);
    if (back.startsWith("..") || path.isAbsolute(back) || back === "") throw new RangeError(`export path ${rel} is outside the export folder`);
    return abs;
  };
  return {
    async readSource(uriOrPath) {
      return new Uint8Array(await readFile(await resolveSourceFile(asUri(uriOrPath))));
    },
    sourcePath: (uriOrPath) => resolveSourceFile(asUri(uriOrPath)),
    writeFile: (rel, data) => writeFileAtomic(root, rel, data),
    async linkOrCopy(sourceAbs, rel) {
      // Only files inside an import root may be linked out (a tampered snapshot cannot name /etc).
      const src = await resolveSourceFile(asUri(sourceAbs));
      const out = dest(rel);
      await mkdir(path.dirname(out), { recursive: true });
      await unlink(out).catch(() => {});
      let linked = true;
      try {
        await link(src, out);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "EXDEV" && code !== "EPERM" && code !== "EMLINK" && code !== "ENOTSUP") throw e;
        linked = false;
        const tmp = `${out}.tmp-${process.pid}`;
        await copyFile(src, tmp);
        await rename(tmp, out);
      }
      return { path: rel, ...(await sha256File(out)), linked };
    },
    async concatVideos(parts, rel) {
      if (parts.length === 0) throw new RangeError("concatVideos: no parts");
      const out = dest(rel);
      await mkdir(path.dirname(out), { recursive: true });
      const inputs = await Promise.all(parts.map((p) => ffmpegInputFor(p.uri)));
      const total = parts.reduce((n, p) => n + p.frameCount, 0);
      const { fpsNum, fpsDen } = parts[0];
      const tmp = await mkdtemp(path.join(tmpdir(), "critic-lerobot-concat-"));
      try {
        const probes = new Map<string, ProbeResult>();
        for (const input of new Set(inputs)) if (!/^[a-z]+:\/\//i.test(input)) probes.set(input, await probeVideo(input, env.FFPROBE_PATH));
        const first = probes.get(inputs[0]);
        const copyable =
          first !== undefined &&
          parts.every((p, i) => {
            const pr = probes.get(inputs[i]);
            return (
              pr !== undefined &&
              p.startFrame === 0 &&
              pr.frameCount === p.frameCount &&
              pr.codec === first.codec &&
              pr.pixFmt === first.pixFmt &&
              pr.width === first.width &&
              pr.height === first.height &&
              pr.fpsNum * fpsDen === fpsNum * pr.fpsDen &&
              p.fpsNum * fpsDen === fpsNum * p.fpsDen
            );
          });
        const joined = path.join(tmp, "joined.mp4");
        let mode: "copy" | "re-encode" = "re-encode";
        if (copyable) {
          await joinByCopy(inputs.map((file, i) => ({ file, seconds: secondsOf(parts[i]) })), joined, tmp);
          if (await exactTimes(joined, total, fpsNum, fpsDen)) mode = "copy";
          else console.warn(`[lerobot-export] stream copy of ${parts.length} videos into ${rel} is not frame-exact; re-encoding`);
        }
        if (mode === "re-encode") {
          await reencode(parts, inputs, joined, tmp);
          if (!(await exactTimes(joined, total, fpsNum, fpsDen))) {
            throw new Error(`concatVideos: ${rel} does not hold ${total} frames at exactly ${fpsNum}/${fpsDen} fps after re-encoding`);
          }
        }
        const pr = await probeVideo(joined, env.FFPROBE_PATH);
        await rm(out, { force: true });
        await rename(joined, out).catch(async () => {
          await copyFile(joined, `${out}.tmp-${process.pid}`);
          await rename(`${out}.tmp-${process.pid}`, out);
        });
        return { path: rel, ...(await sha256File(out)), frames: pr.frameCount, codec: pr.codec, pixFmt: pr.pixFmt, width: pr.width, height: pr.height, mode };
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    },
  };
}

/**
 * The concat demuxer's list file (single quotes escaped as its docs say), with each file's exact
 * duration: without it the demuxer starts the next file where the previous one's last packet
 * ends, which in an mp4 with B-frames (an edit list, reordered packets) is off by a fraction of a
 * frame (seen: 0.33 ms after a 209-frame 30 fps file, beyond LeRobot's 1e-4 s tolerance).
 */
async function concatList(files: { file: string; seconds: number }[], dir: string): Promise<string> {
  const list = path.join(dir, `list-${Math.random().toString(36).slice(2)}.txt`);
  await writeFile(list, files.map((f) => `file '${f.file.replace(/'/g, "'\\''")}'\nduration ${f.seconds.toFixed(9)}`).join("\n") + "\n");
  return list;
}

async function ffmpeg(args: string[], timeoutMs: number): Promise<void> {
  await withFfmpegSlot(async () => {
    try {
      await run(env.FFMPEG_PATH, args, { timeout: timeoutMs, maxBuffer: 1 << 22 });
    } catch (e) {
      throw new Error(`ffmpeg failed: ${String((e as { stderr?: string }).stderr ?? (e as Error).message).trim().slice(-2000)}`);
    }
  });
}

/** How long a part's frames last at its own rate. */
const secondsOf = (p: Part) => (p.frameCount * p.fpsDen) / p.fpsNum;

/** Joins whole files by stream copy: no decoding, each file starting exactly where the previous one's frames end. */
async function joinByCopy(files: { file: string; seconds: number }[], out: string, dir: string): Promise<void> {
  const list = await concatList(files, dir);
  await ffmpeg(
    ["-v", "error", "-nostdin", "-y", "-f", "concat", "-safe", "0", "-i", list, "-map", "0:v:0", "-c", "copy", "-an", "-map_metadata", "-1", "-map_chapters", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-movflags", "+faststart", "-f", "mp4", out],
    120_000 + files.length * 1_000,
  );
}

/** Cuts every part exactly (one pass per source file), then joins the cuts by stream copy. */
async function reencode(parts: Part[], inputs: string[], out: string, dir: string): Promise<void> {
  const fps = { num: parts[0].fpsNum, den: parts[0].fpsDen };
  const cuts = parts.map((_, i) => path.join(dir, `part-${String(i).padStart(6, "0")}.mp4`));
  // Parts of the same source file are cut in one decoding pass.
  const byInput = new Map<string, number[]>();
  inputs.forEach((input, i) => {
    let list = byInput.get(input);
    if (!list) byInput.set(input, (list = []));
    list.push(i);
  });
  for (const [input, idx] of byInput) {
    const p0 = parts[idx[0]];
    await extractClips({
      input,
      startFrame: 0,
      fpsNum: p0.fpsNum,
      fpsDen: p0.fpsDen,
      fps,
      width: null,
      clips: idx.map((i) => ({ frames: Array.from({ length: parts[i].frameCount }, (_, k) => parts[i].startFrame + k), outPath: cuts[i] })),
    });
  }
  await joinByCopy(cuts.map((file, i) => ({ file, seconds: (parts[i].frameCount * fps.den) / fps.num })), out, dir);
}

/** True when `file` has `frames` video packets whose presentation times are j · fpsDen / fpsNum (± PTS_TOLERANCE). */
export async function exactTimes(file: string, frames: number, fpsNum: number, fpsDen: number): Promise<boolean> {
  const { stdout } = await run(env.FFPROBE_PATH, ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time", "-of", "csv=p=0", file], { maxBuffer: 1 << 28, timeout: 300_000 });
  const pts = stdout
    .split("\n")
    .map((l) => l.trim().replace(/,$/, ""))
    .filter((l) => l !== "")
    .map(Number)
    .sort((a, b) => a - b);
  if (pts.length !== frames) return false;
  return pts.every((t, j) => Math.abs(t - (j * fpsDen) / fpsNum) <= PTS_TOLERANCE);
}
