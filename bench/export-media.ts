// `npm run bench:export-media`: frame-exact export media (lib/export/extract-media.ts) against
// plain ffmpeg decoding. Makes frame-coded clips (default 4 × 20 s at 30 fps, 640x360, H.264) in
// a temporary folder, then per clip:
//   (a) plain decoding, `ffmpeg -i clip -f null -` with ffmpeg's default threading (auto: every
//       core; on the nearly empty flat clips that is even a little slower than one thread, but the
//       baseline stays ffmpeg's plain default): frames per second;
//   (b) extractFrames of the frames an export needs: 11 query frames spread over the clip
//       (0 … last), each with a V_seq of 16 frames over [0, query] (sampleFrameIndices), the
//       union written as JPEGs in one call with the default concurrency (defaultConcurrency(): the
//       cores, so the stills are split over that many single-threaded ffmpeg processes, as an
//       export does): exported frames/s, and the clip's frames decoded per second while
//       exporting, as a ratio to (a) (target: at least 0.7). For comparison, also the time with
//       concurrency 1 (one single-threaded ffmpeg process);
//   (c) the 11 V_seq clips (2 fps mp4s) for the export's video records: extractClips (all in one
//       decoding pass) per clip, and extractClip one clip at a time on the first clip, to compare.
// Every JPEG's and clip frame's code is checked, so a fast wrong answer cannot pass unnoticed.
// A second set of clips has temporal noise below the code band: flat frame-coded clips decode
// unrealistically fast (x264 makes them almost empty), noise makes decoding cost like camera video.
// (a) and (b) share the machine with whatever else runs, which skews their ratio (both use every
// core, and (b)'s processes share theirs with the other load): so every timed run first waits
// (up to BENCH_WAIT_IDLE_MS, default 60 s; 0: never) for the CPUs to be ≥ 90% idle over 300 ms,
// the same for (a) and (b), and the end says how many runs started on a busy machine anyway.
// Prints its figures; it does not judge them. BENCH_CLIPS, BENCH_SECONDS, BENCH_REPEATS override;
// BENCH_SETS=flat (or noisy) runs one set of clips only.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { decodeFrameIndex, frameCodeFilter } from "../lib/demo/frame-code";
import { sampleFrameIndices } from "../lib/primo/prompt";
import { defaultConcurrency, extractClip, extractClips, extractFrames } from "../lib/export/extract-media";

const run = promisify(execFile);
const CLIPS = Number(process.env.BENCH_CLIPS ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const WAIT_IDLE_MS = Number(process.env.BENCH_WAIT_IDLE_MS ?? 60_000);
const FPS = 30;
const W = 640;
const H = 360;
const FRAMES = SECONDS * FPS;
const QUERIES = 11;
const VSEQ = 16;
const log = (m: string) => console.log(`[bench:export-media] ${m}`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function makeClip(file: string, i: number, noisy: boolean) {
  // Different GOP sizes per clip; with `noisy`, temporal noise everywhere but the code band.
  const code = frameCodeFilter(W, H);
  const vf = noisy ? `${code},split[a][b];[b]noise=alls=24:allf=t+u[n];[a]crop=${W}:${H / 3}:0:0[c];[n][c]overlay=0:0` : code;
  await run("ffmpeg", [
    "-v", "error", "-y", "-f", "lavfi", "-i", `color=c=gray:s=${W}x${H}:r=${FPS}`, "-vf", vf,
    "-frames:v", String(FRAMES), "-c:v", "libx264", "-preset", "veryfast", "-g", String(30 + 30 * (i % 3)), "-pix_fmt", "yuv420p", "-an", file,
  ]);
}

/** The union of V_seq frames of an export's query frames over one clip. */
function exportFrames(): { queries: number[]; vseqs: number[][]; unique: number[] } {
  const queries = Array.from({ length: QUERIES }, (_, i) => Math.round((i * (FRAMES - 1)) / (QUERIES - 1)));
  const vseqs = queries.map((q) => sampleFrameIndices(q, VSEQ));
  const unique = [...new Set(vseqs.flat())].sort((a, b) => a - b);
  return { queries, vseqs, unique };
}

async function codes(file: string): Promise<number[]> {
  const { stdout } = await run("ffmpeg", ["-v", "error", "-i", file, "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgba", "-"], { encoding: "buffer", maxBuffer: 1 << 30 });
  const size = W * H * 4;
  return Array.from({ length: stdout.length / size }, (_, i) => decodeFrameIndex(new Uint8ClampedArray(stdout.buffer, stdout.byteOffset + i * size, size), W, H));
}

function cpuTimes(): { idle: number; total: number } | null {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: f[3] + (f[4] ?? 0), total: f.reduce((a, b) => a + b, 0) };
  } catch {
    return null; // not Linux: no waiting
  }
}

let busyStarts = 0;
let measurements = 0;
/** Waits up to WAIT_IDLE_MS for the CPUs to be ≥ 90% idle over 300 ms (see the header). */
async function waitIdle(): Promise<void> {
  const end = performance.now() + WAIT_IDLE_MS;
  for (;;) {
    const a = cpuTimes();
    if (!a) return;
    await new Promise((r) => setTimeout(r, 300));
    const b = cpuTimes()!;
    if ((b.idle - a.idle) / Math.max(1, b.total - a.total) >= 0.9) return;
    if (performance.now() >= end) {
      busyStarts++;
      return;
    }
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  await waitIdle();
  measurements++;
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

async function scenario(root: string, noisy: boolean) {
  const label = noisy ? "noisy" : "flat";
  const clips: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < CLIPS; i++) {
    const f = path.join(root, `${label}-${i}.mp4`);
    await makeClip(f, i, noisy);
    clips.push(f);
  }
  log(`${label}: made ${CLIPS} frame-coded clips of ${FRAMES} frames (${SECONDS} s, ${FPS} fps, ${W}x${H}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const { vseqs, unique } = exportFrames();
  const ratios: number[] = [];
  let plainSum = 0;
  let exportSum = 0;
  let serialSum = 0;
  let clipSum = 0;
  for (const [i, clip] of clips.entries()) {
    const plain: number[] = [];
    const exp: number[] = [];
    const serial: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      plain.push(await timed(() => run("ffmpeg", ["-v", "error", "-nostdin", "-i", clip, "-map", "0:v:0", "-f", "null", "-"])));
      const out = path.join(root, `out-${label}-${i}-${r}`);
      exp.push(
        await timed(async () => {
          const res = await extractFrames({ input: clip, startFrame: 0, fpsNum: FPS, fpsDen: 1, frames: vseqs.flat(), outPath: (f) => path.join(out, `${f}.jpg`) });
          if (res.written !== unique.length) throw new Error(`wrote ${res.written} of ${unique.length} frames`);
        }),
      );
      if (r === 0) {
        const names = await readdir(out);
        if (names.length !== unique.length) throw new Error(`${names.length} files for ${unique.length} frames`);
        for (const f of unique) {
          const [code] = await codes(path.join(out, `${f}.jpg`));
          if (code !== f) throw new Error(`${label} clip ${i}: frame ${f} came out as ${code}`);
        }
      }
      await rm(out, { recursive: true, force: true });
      serial.push(
        await timed(() => extractFrames({ input: clip, startFrame: 0, fpsNum: FPS, fpsDen: 1, frames: vseqs.flat(), concurrency: 1, outPath: (f) => path.join(out, `${f}.jpg`) })),
      );
      await rm(out, { recursive: true, force: true });
    }
    const plainSec = median(plain);
    const serialSec = median(serial);
    const exportSec = median(exp);
    const plainFps = FRAMES / plainSec;
    const decodeFpsWhileExporting = FRAMES / exportSec;
    ratios.push(decodeFpsWhileExporting / plainFps);
    plainSum += plainSec;
    exportSum += exportSec;
    serialSum += serialSec;

    const clipDir = path.join(root, `clips-${label}-${i}`);
    const clipSec = await timed(() =>
      extractClips({ input: clip, startFrame: 0, fpsNum: FPS, fpsDen: 1, clips: vseqs.map((frames, q) => ({ frames, outPath: path.join(clipDir, `q${q}.mp4`) })) }),
    );
    clipSum += clipSec;
    for (const [q, frames] of vseqs.entries()) {
      const got = await codes(path.join(clipDir, `q${q}.mp4`));
      if (got.join() !== frames.join()) throw new Error(`${label} clip ${i}: V_seq clip ${q} has frames ${got.join()} instead of ${frames.join()}`);
    }
    if (i === 0) {
      const oneSec = await timed(async () => {
        for (const [q, frames] of vseqs.entries()) await extractClip({ input: clip, startFrame: 0, fpsNum: FPS, fpsDen: 1, frames, outPath: path.join(clipDir, `single-q${q}.mp4`) });
      });
      log(`${label} clip ${i}: the ${vseqs.length} V_seq clips one extractClip at a time: ${(oneSec * 1000).toFixed(0)} ms (each decodes its own span)`);
    }
    log(
      `${label} clip ${i}: plain decode ${plainFps.toFixed(0)} frames/s (${(plainSec * 1000).toFixed(0)} ms); extractFrames ${unique.length} unique frames ` +
        `(${vseqs.flat().length} requested) in ${(exportSec * 1000).toFixed(0)} ms = ${(unique.length / exportSec).toFixed(0)} exported frames/s, ` +
        `clip decoded at ${decodeFpsWhileExporting.toFixed(0)} frames/s = ${(decodeFpsWhileExporting / plainFps).toFixed(2)} of plain ` +
        `(concurrency 1: ${(serialSec * 1000).toFixed(0)} ms = ${(plainSec / serialSec).toFixed(2)} of plain); ` +
        `${vseqs.length} V_seq clips (${VSEQ} frames each) in one extractClips pass: ${(clipSec * 1000).toFixed(0)} ms`,
    );
  }
  log(
    `${label} summary: decode throughput while exporting = ${((FRAMES * CLIPS) / exportSum).toFixed(0)} frames/s vs plain ${((FRAMES * CLIPS) / plainSum).toFixed(0)} frames/s ` +
      `→ ratio ${(plainSum / exportSum).toFixed(2)} overall (per clip median ${median(ratios).toFixed(2)}, min ${Math.min(...ratios).toFixed(2)}; target ≥ 0.70; ` +
      `with concurrency 1: ${(plainSum / serialSum).toFixed(2)}); ` +
      `${unique.length * CLIPS} JPEGs in ${exportSum.toFixed(2)} s; ${QUERIES * CLIPS} V_seq clips in ${clipSum.toFixed(2)} s (${((clipSum / (QUERIES * CLIPS)) * 1000).toFixed(0)} ms each, extractClips per video)`,
  );

  // All clips at once: the export's own parallelism is bounded by the two shared ffmpeg slots, and
  // concurrent extractFrames calls share the cores (each splits its frames less).
  const par = await timed(() =>
    Promise.all(clips.map((clip, i) => extractFrames({ input: clip, startFrame: 0, fpsNum: FPS, fpsDen: 1, frames: unique, outPath: (f) => path.join(root, `par-${label}-${i}`, `${f}.jpg`) }))),
  );
  const plainPar = await timed(() => Promise.all(clips.map((clip) => run("ffmpeg", ["-v", "error", "-nostdin", "-i", clip, "-map", "0:v:0", "-f", "null", "-"]))));
  log(`${label} all ${CLIPS} clips concurrently: extractFrames ${par.toFixed(2)} s (${((FRAMES * CLIPS) / par).toFixed(0)} clip frames/s), plain decode of all at once ${plainPar.toFixed(2)} s`);
}

async function main() {
  const { stdout } = await run("ffmpeg", ["-version"]);
  log(`${stdout.split("\n")[0]}; ${os.cpus().length} cores; extractFrames concurrency ${defaultConcurrency()}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const root = await mkdtemp(path.join(os.tmpdir(), "bench-export-media-"));
  try {
    const sets = (process.env.BENCH_SETS ?? "flat,noisy").split(",");
    if (sets.includes("flat")) await scenario(root, false);
    if (sets.includes("noisy")) await scenario(root, true);
    log(
      `load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}; ${busyStarts} of ${measurements} timed runs started on a busy machine ` +
        `(no ${WAIT_IDLE_MS / 1000} s with ≥ 90% idle CPU before them)`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
