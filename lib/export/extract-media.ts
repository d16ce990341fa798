// Media for dataset export: frame-exact JPEG stills of many episode frames at once
// (extractFrames) and short H.264 clips made of chosen episode frames (extractClip for one, the
// V_seq of a sample; extractClips for many clips of one video, e.g. every query frame's V_seq),
// each call decoded in ONE pass over the part of the video it needs (for stills, possibly cut into
// a few consecutive stretches decoded side by side: see "Parallel stills"). Server-side only; no
// database. Every call takes one of the shared slots of lib/media/ffmpeg-slots.ts for its ffmpeg
// run(s), which together use about the machine's cores, like one multi-threaded ffmpeg.
//
// Exactness follows lib/media/extract-frame.ts (read its header for the measured pitfalls): the
// input seek only gets NEAR (it goes PREROLL_SEC further back so reordered / open-GOP frames are
// decodable), and every frame is chosen by its own timestamp. With -copyts -start_at_zero the
// timestamps stay the file's (from 0), and `select` keeps a frame only when its timestamp lies in
// [(k - 1/2)·fpsDen/fpsNum, (k + 1/2)·fpsDen/fpsNum) for a wanted file frame k = startFrame + N,
// computed from the file's exact rational rate. In a constant-rate file that window holds frame k
// and no other. Never the decoded-frame counter `n`: it counts from wherever the seek landed.
//
// Many frames, one expression. ffmpeg's expression parser refuses a sum of 100 or more terms
// (measured on ffmpeg 5.1: 99 windows joined with "+" parse, 100 fail with "Cannot allocate
// memory"), and a flat sum would cost O(frames) per decoded frame anyway. So consecutive wanted
// frames are merged into runs and the runs are put in a balanced binary tree of
// if(lt(t, split), left, right): O(log runs) comparisons per decoded frame, nesting depth
// O(log runs), any number of frames. The expression goes to ffmpeg in a -filter_script file, so
// the command line has no length limit either.
//
// Which JPEG is which frame. The stills are written by the image2 muxer with -frame_pts: each
// file is NAMED after its presentation timestamp in an encoder time base of exactly one file
// frame (fpsDen/fpsNum), i.e. after its file frame index k, so no output is matched to a frame by
// its position in the output sequence. After the pass the names are compared with the wanted set;
// if any is missing (the seek landed past it, a container without an index), the missing ones
// are decoded in a second pass from the file's start, and if they are still missing the call
// throws naming them.
//
// Determinism. Same input and options → same bytes, on every run: -fflags +bitexact and
// -flags:v +bitexact (no version strings in the JPEG/MP4, bit-exact DSP), an explicit
// scale to full-range yuvj420p with flags bicubic+accurate_rnd+bitexact (ffmpeg's auto-inserted
// converter ignores -sws_flags), fixed JPEG quality (-q:v 2), and for clips fixed x264 settings
// with -threads 1 (x264's rate control depends on its thread count, i.e. on the machine's cores),
// no metadata copied, and timestamps 0, 1, 2, … at the clip rate.
// H.264 decoding is bit-exact by specification. (Across ffmpeg/x264 VERSIONS bytes may differ.)
//
// Parallel stills. Converting to full range and JPEG-encoding a still costs ~1 ms of CPU
// (640x360; the conversion ~0.6, the encoder ~0.45, writing the file ~0.3), several times what
// decoding a frame of nearly static video costs, and ffmpeg's own threading hardly spreads that
// work: on small frames its frame/slice threads cost more than they save (measured on ffmpeg 5.1,
// 2 cores, the bench's flat 640x360 clips: one ffmpeg with -threads 1 everywhere took less CPU and
// less time than one with the default, auto threads).
// So extractFrames takes its share of `concurrency` cores (default: the machine's, see
// defaultConcurrency; divided among the extractFrames calls of this process running at once, so
// that concurrent calls do not pay for extra processes on busy cores), splits the wanted frames
// into up to that many contiguous groups (splitStills: balanced shares of decoded span and of
// frames, at least MIN_FRAMES_PER_PROCESS frames per group on average) and runs one ffmpeg per
// group at the same time, each with -threads/-filter_threads/-threads:v set to its part of the
// share (1 on 2 cores), each seeking on its own (own preroll) and writing its `f<k>.jpg` into the
// shared temporary folder. A still's bytes cannot depend on the split: H.264 decoding is bit-exact
// whatever the threads or the seek point, the conversion is bit-exact, and a JPEG at a fixed
// qscale is encoded from its own frame only (the unit tests compare the bytes for several splits
// and against one process). If one process fails, the others are killed and the call fails as a
// whole. The fallback pass from the file's start is a single process.
//
// Crash safety. Outputs are written by ffmpeg into a private temporary folder and then moved into
// place: renamed onto their final name when the temporary folder is on the same file system (an
// atomic rename: the name shows the whole file or nothing), otherwise copied to
// `<destination>.partial-<pid>-<random>` in the destination's own folder and renamed over the
// final name only when complete, so a file under its final name is always whole. A crash can
// leave `*.partial-*` files behind (see PARTIAL_MARKER); they never end in `.jpg` / `.mp4`.
// Stills of one process of a split pass are moved into place as soon as that process is done,
// while the others still run.
import "server-only";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, open, readFile, readdir, rename, rm, unlink, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { env } from "@/lib/env";
import { withFfmpegSlot } from "@/lib/media/ffmpeg-slots";
import { mapPool } from "@/lib/pool";
import { mp4VideoInfo } from "./mp4-info";
import type { FrameTimes } from "@/lib/media/frame-table";

/** Seconds the input seek goes back before the first wanted frame (as in extract-frame.ts). */
const PREROLL_SEC = 0.5;
/** Seconds decoded past the last wanted frame's window, in case reordering delays it. */
const TAIL_SEC = 1;
/** JPEG quality (ffmpeg qscale, 2 = best usual). */
export const JPEG_QSCALE = 2;
/** Default rate of a V_seq clip, frames per second. */
export const DEFAULT_CLIP_FPS = 2;
/**
 * x264 settings of clips: fixed so the same frames always give the same bytes. veryfast rather
 * than medium: on 640x360 (noisy, worst case) frames it encodes about 3x faster at crf 18 with no
 * larger files, and encoding, not decoding, is what V_seq clips spend their time on.
 */
const X264_ARGS = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", "-threads", "1"];
const SWS_FLAGS = "bicubic+accurate_rnd+bitexact";
/** A destination copied from another file system is first written as `<dest>` + PARTIAL_MARKER + `<pid>-<random>` in its folder. */
export const PARTIAL_MARKER = ".partial-";

/** True for a leftover temporary name of this module (safe to delete when no export is running). */
export function isPartialFile(name: string): boolean {
  return /\.partial-\d+-[0-9a-f]+$/.test(name);
}

// ---------------------------------------------------------------------------------------
// Select expressions

const sec = (x: number) => x.toFixed(6);

/** Start of file frame k's window, (k - 1/2)·fpsDen/fpsNum, as one division of integers. */
function windowFrom(k: number, fpsNum: number, fpsDen: number): number {
  return ((2 * k - 1) * fpsDen) / (2 * fpsNum);
}
/** End (exclusive) of file frame k's window, (k + 1/2)·fpsDen/fpsNum. */
function windowTo(k: number, fpsNum: number, fpsDen: number): number {
  return ((2 * k + 1) * fpsDen) / (2 * fpsNum);
}

/**
 * How a file's frames sit in time, for choosing them by timestamp. A constant-rate file starting
 * at 0 is a RATE grid: windows from the exact rational rate, timestamps from 0 (-start_at_zero),
 * stills named by their pts in a time base of one frame. Any other file (a variable rate, a video
 * stream that starts after the container, lib/media/frame-table.ts) is a TABLE grid: windows
 * half-way between its frames' own times, the file's timestamps as they are, and stills named by
 * a setpts that maps each wanted frame's time to its index.
 */
interface Grid {
  from(k: number): number;
  to(k: number): number;
  /** Frames per second, on average, for sizing prerolls. */
  fps: number;
  /** First file frame at or after media time t. */
  firstAt(t: number): number;
  table: FrameTimes | null;
  /** Media time of the video's first frame: -ss counts from the container's start, at or before it. */
  origin: number;
  label: string;
  /** Encoder time base in which a still's pts is its frame index (-frame_pts names it). */
  timeBase: string;
}

function rateGrid(fpsNum: number, fpsDen: number): Grid {
  return {
    from: (k) => windowFrom(k, fpsNum, fpsDen),
    to: (k) => windowTo(k, fpsNum, fpsDen),
    fps: fpsNum / fpsDen,
    firstAt: (t) => Math.max(0, Math.ceil((t * fpsNum) / fpsDen - 1e-9)),
    table: null,
    origin: 0,
    label: `${fpsNum}/${fpsDen} fps`,
    timeBase: `${fpsDen}/${fpsNum}`,
  };
}

function tableGrid(times: FrameTimes): Grid {
  return {
    from: (k) => times.window(k).from,
    to: (k) => times.window(k).to,
    fps: times.averageFps,
    firstAt: (t) => {
      const k = times.frameAt(t);
      return times.time(k) < t ? k + 1 : k;
    },
    table: times,
    origin: times.start,
    timeBase: "1/1",
    label: `the frame table (${times.count} frames${times.uniformRate ? ` from ${times.start.toFixed(3)} s` : ", variable rate"})`,
  };
}

/** The grid of a file: its frame table when it is not simply constant-rate from 0. */
function gridOf(o: { fpsNum: number; fpsDen: number; times?: FrameTimes | null }): Grid {
  const t = o.times;
  if (t && !(t.uniformRate && t.start === 0 && t.uniformRate.num * o.fpsDen === o.fpsNum * t.uniformRate.den)) return tableGrid(t);
  return rateGrid(o.fpsNum, o.fpsDen);
}

/** setpts expression (of T, seconds) giving each of the wanted file frames `ks` (ascending, unique) its index k. */
function frameIndexExpression(ks: number[], grid: Grid): string {
  const tree = (lo: number, hi: number): string => {
    if (hi - lo === 1) return String(ks[lo]);
    const mid = (lo + hi) >> 1;
    return `if(lt(T,${sec(grid.from(ks[mid]!))}),${tree(lo, mid)},${tree(mid, hi)})`;
  };
  return ks.length ? tree(0, ks.length) : "0";
}

/** Ascending unique integers → runs of consecutive values [first, last]. */
function toRuns(sorted: number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const k of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === k - 1) last[1] = k;
    else runs.push([k, k]);
  }
  return runs;
}

/**
 * `select` expression (no quotes) true exactly for the frames whose timestamp `t` lies within half
 * a frame of one of `fileFrames` (file frame indices, any order), at the exact rate
 * fpsNum/fpsDen: runs of consecutive frames in a balanced tree of if(lt(t,…)) — see the header.
 */
export function frameSelectExpression(fileFrames: number[], fpsNum: number, fpsDen: number): string {
  return selectExpression(fileFrames, rateGrid(fpsNum, fpsDen));
}

function selectExpression(fileFrames: number[], grid: Grid): string {
  const runs = toRuns([...new Set(fileFrames)].sort((a, b) => a - b));
  if (runs.length === 0) return "0";
  const leaf = ([a, b]: [number, number]) => `gte(t,${sec(grid.from(a))})*lt(t,${sec(grid.to(b))})`;
  const tree = (lo: number, hi: number): string => {
    if (hi - lo === 1) return leaf(runs[lo]);
    const mid = (lo + hi) >> 1;
    // Any point between the previous run's end and this run's start splits them; use the start.
    return `if(lt(t,${sec(grid.from(runs[mid][0]))}),${tree(lo, mid)},${tree(mid, hi)})`;
  };
  return tree(0, runs.length);
}

/** Piecewise expression of `v` (an ffmpeg variable) that maps i to values[i] (i = 0…len-1). */
function indexMapExpression(v: string, values: number[]): string {
  if (values.every((x, i) => x === i)) return v;
  const tree = (lo: number, hi: number): string => {
    if (hi - lo === 1) return String(values[lo]);
    const mid = (lo + hi) >> 1;
    return `if(lt(${v},${mid}),${tree(lo, mid)},${tree(mid, hi)})`;
  };
  return tree(0, values.length);
}

/** Expression of `v` (an ffmpeg variable) true exactly for the integers in `sorted` (ascending, unique). */
function integerSetExpression(v: string, sorted: number[]): string {
  const runs = toRuns(sorted);
  if (runs.length === 0) return "0";
  const leaf = ([a, b]: [number, number]) => (a === b ? `eq(${v},${a})` : `between(${v},${a},${b})`);
  const tree = (lo: number, hi: number): string => {
    if (hi - lo === 1) return leaf(runs[lo]);
    const mid = (lo + hi) >> 1;
    return `if(lt(${v},${runs[mid][0]}),${tree(lo, mid)},${tree(mid, hi)})`;
  };
  return tree(0, runs.length);
}

// ---------------------------------------------------------------------------------------
// Running ffmpeg

function abortError(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  return r instanceof Error ? r : new DOMException(typeof r === "string" ? r : "The operation was aborted.", "AbortError");
}

/**
 * Runs ffmpeg like runFfmpeg (lib/media/ffmpeg-slots.ts) — rejects with its stderr on a non-zero
 * exit or after `timeoutMs` — and also kills it when `signal` aborts. The caller holds a slot.
 */
function runFfmpegAbortable(args: string[], opts: { timeoutMs: number; signal?: AbortSignal }): Promise<void> {
  const { signal } = opts;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise<void>((resolve, reject) => {
    const p = spawn(env.FFMPEG_PATH, args, { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      p.kill("SIGKILL");
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => {
      err = `ffmpeg did not finish within ${opts.timeoutMs} ms. ${err}`;
      p.kill("SIGKILL");
    }, opts.timeoutMs);
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    p.stderr.on("data", (d) => (err = (err + d).slice(-4000)));
    p.on("error", (e) => {
      done();
      reject(e);
    });
    p.on("close", (c) => {
      done();
      if (aborted && signal) reject(abortError(signal));
      else if (c === 0) resolve();
      else reject(new Error(err.trim() || `ffmpeg exited ${c}`));
    });
  });
}

/** A slot of the shared ffmpeg limiter, given up at once when `signal` aborts while waiting is over. */
async function inSlot<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  if (signal?.aborted) throw abortError(signal);
  return withFfmpegSlot(async () => {
    if (signal?.aborted) throw abortError(signal);
    return fn();
  });
}

/** Timeout of one pass: a generous allowance per second of video decoded, for hangs (stalled URLs). */
function passTimeoutMs(decodeSec: number): number {
  return 120_000 + Math.ceil(decodeSec * 2_000);
}

/** Input arguments: exact timestamps, and with `seekTo` an input seek (near, never exact) and a bound. */
function inputArgs(input: string, decodeFrom: number | null, decodeTo: number, grid: Grid): string[] {
  // A rate grid's times count from the file's start (-start_at_zero); a table grid's are the
  // file's own, and its -ss counts from the container's start, at or before the first frame.
  const args = ["-v", "error", "-nostdin", "-y", "-copyts", ...(grid.table ? [] : ["-start_at_zero"])];
  if (decodeFrom !== null) {
    const ss = Math.max(0, decodeFrom - grid.origin);
    args.push("-ss", sec(ss), "-t", sec(decodeTo - ss));
  } else args.push("-t", sec(decodeTo));
  args.push("-i", input);
  return args;
}

/** The decoded span of a pass over file frames `ks` (ascending): where the seek goes and where decoding may stop. */
function passSpan(ks: number[], grid: Grid, seek: boolean): { from: number | null; to: number } {
  const first = grid.from(ks[0]);
  const to = grid.to(ks[ks.length - 1]) + TAIL_SEC;
  return { from: seek ? Math.max(0, first - PREROLL_SEC) : null, to };
}

/**
 * Explicit scale + range conversion (not ffmpeg's auto-inserted one, so that the swscale flags
 * apply). `width` as given (any size, also upscaling), height keeping the aspect ratio, rounded to
 * even; with `even` (H.264 4:2:0 clips) the width is rounded down to even too.
 */
function scaleFilter(width: number | null | undefined, outRange: "pc" | "tv", even: boolean): string {
  const w = width ? String(even ? width - (width % 2) : width) : even ? "trunc(iw/2)*2" : "iw";
  const h = width ? "-2" : even ? "trunc(ih/2)*2" : "ih";
  return `scale=${w}:${h}:flags=${SWS_FLAGS}:out_range=${outRange}`;
}

function assertRate(fpsNum: number, fpsDen: number): void {
  if (!Number.isSafeInteger(fpsNum) || fpsNum <= 0 || !Number.isSafeInteger(fpsDen) || fpsDen <= 0) {
    throw new RangeError(`frame rate must be two positive integers fpsNum/fpsDen, got ${fpsNum}/${fpsDen}`);
  }
}

function assertFrame(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be an integer >= 0, got ${v}`);
}

function assertWidth(width: number | null | undefined): void {
  if (width === null || width === undefined) return;
  if (!Number.isSafeInteger(width) || width < 16) throw new RangeError(`width must be an integer >= 16, got ${width}`);
}

// ---------------------------------------------------------------------------------------
// Installing outputs

/**
 * Moves `src` to `dest` so that `dest` only ever appears complete (see the header). `ensureDir`
 * creates dest's folder (a caller installing many files into few folders passes a memoized one).
 */
async function install(src: string, dest: string, ensureDir: (dir: string) => Promise<unknown> = (d) => mkdir(d, { recursive: true })): Promise<void> {
  await ensureDir(path.dirname(dest));
  try {
    // Same file system: one atomic rename, dest appears whole or not at all.
    await rename(src, dest);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
  }
  const tmp = `${dest}${PARTIAL_MARKER}${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await copyFile(src, tmp);
    await rename(tmp, dest);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}

/** mkdir -p, at most once per folder for the life of the returned function. */
function memoizedMkdir(): (dir: string) => Promise<unknown> {
  const made = new Map<string, Promise<unknown>>();
  return (dir) => {
    let p = made.get(dir);
    if (!p) {
      p = mkdir(dir, { recursive: true });
      made.set(dir, p);
      p.catch(() => made.delete(dir));
    }
    return p;
  };
}

/** File checks / installs of one extractFrames call in flight at once (libuv runs 4 by default). */
const FILE_OPS_AT_ONCE = 8;

/** True when `file` exists and is a whole JPEG (SOI at the start, EOI at the end). */
async function isCompleteJpeg(file: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(file, "r");
  } catch {
    return false;
  }
  try {
    const { size } = await fh.stat();
    if (size < 4) return false;
    const head = Buffer.alloc(2);
    const tail = Buffer.alloc(2);
    await fh.read(head, 0, 2, 0);
    await fh.read(tail, 0, 2, size - 2);
    return head[0] === 0xff && head[1] === 0xd8 && tail[0] === 0xff && tail[1] === 0xd9;
  } finally {
    await fh.close();
  }
}

// ---------------------------------------------------------------------------------------
// Stills

export interface ExtractFramesOptions {
  /** Path or URL ffmpeg can read (see ffmpegInputFor in lib/media/storage.ts). */
  input: string;
  /** Episode frame 0 is this frame of the file (LeRobot v3 packs several episodes in one file). */
  startFrame: number;
  /** The file's exact frame rate fpsNum/fpsDen (e.g. 30000/1001). */
  fpsNum: number;
  fpsDen: number;
  /**
   * The file's frame table (lib/media/frame-table.ts). Without it the frames are taken as
   * constant-rate from 0 at fpsNum/fpsDen; with it, a variable rate or a start offset is exact too.
   */
  times?: FrameTimes | null;
  /** Episode-relative frame indices, any order, repeats allowed. */
  frames: number[];
  /** Absolute destination of each frame's JPEG (its folder is created if needed). */
  outPath: (frame: number) => string;
  /** Scale to this width (height keeps the aspect ratio, rounded to even; never mind the video's width); null/undefined: the video's own size. */
  width?: number | null;
  /** Aborting kills ffmpeg; files already in place stay, nothing partial appears. */
  signal?: AbortSignal;
  /**
   * CPU cores the call may keep busy (default: defaultConcurrency(), i.e. os.availableParallelism()
   * up to MAX_DEFAULT_CONCURRENCY), shared evenly with the other extractFrames calls of this
   * process running at the same time. With a share of 2 or more and at least
   * MIN_FRAMES_PER_PROCESS frames per process, the frames are split into contiguous groups, each
   * written by its own ffmpeg process, all running at once, each with its part of the share as
   * ffmpeg threads (see "Parallel stills" in the header); with 1, one single-threaded ffmpeg. The
   * bytes written never depend on it.
   */
  concurrency?: number;
}

export interface ExtractFramesResult {
  /**
   * Frames of the file in the decoded span(s): from the seek point to the last frame written, summed
   * over passes (a fallback pass decodes from the file's start) and over the processes of a split
   * pass (their spans overlap by at most a preroll). The decoder also decodes the few
   * frames between the keyframe before the seek point and the seek point, which are not counted.
   */
  decodedFrames: number;
  /** JPEGs written by this call (frames whose destination already held a whole JPEG are skipped). */
  written: number;
}

/**
 * Fewest wanted frames worth an ffmpeg process of its own: starting one costs about as much CPU
 * as converting and encoding 50–100 small stills, and every extra process decodes its own preroll.
 */
export const MIN_FRAMES_PER_PROCESS = 16;
/** Cap of the default `concurrency` of extractFrames (more processes mostly add preroll decoding). */
export const MAX_DEFAULT_CONCURRENCY = 8;

/**
 * Weight of decoding against converting + encoding when stills are split (splitStills). Neither
 * cost is known before decoding: decoding dominates on camera-like video (640x360 with noise:
 * ~2.5 ms a frame single-threaded, the whole span ≈ 10× the encoding of the stills), encoding on
 * nearly empty frames (flat frame-coded clips: ~0.2 ms a frame, span ≈ encoding). Measured with
 * bench/export-media.ts on 2 cores: 0.7 cut the noisy clips' time by ~10% against an even 0.5 and
 * left the flat ones unchanged (within noise).
 */
const SPAN_WEIGHT = 0.7;

/** Default `concurrency` of extractFrames: the cores this process may use, at most MAX_DEFAULT_CONCURRENCY. */
export function defaultConcurrency(): number {
  return Math.max(1, Math.min(MAX_DEFAULT_CONCURRENCY, availableParallelism()));
}

/**
 * Splits wanted file frames `ks` (ascending, unique) into at most `parts` contiguous groups, one
 * per ffmpeg process, and fewer when a group would get less than MIN_FRAMES_PER_PROCESS frames on
 * average. A group's work is counted as SPAN_WEIGHT × its share of the decoded span (from
 * PREROLL_SEC before its first frame to its last) + (1 - SPAN_WEIGHT) × its share of the frames
 * (each converted and encoded). The largest group's work is made as small as it can be (binary
 * search on a bound, groups filled greedily up to it). Which group a frame falls in never changes
 * its bytes, only how long the call takes.
 */
export function splitStills(ks: number[], parts: number, fpsNum: number, fpsDen: number): number[][] {
  const n = Math.max(1, Math.min(Math.floor(parts), Math.floor(ks.length / MIN_FRAMES_PER_PROCESS)));
  if (n <= 1) return [ks];
  const preroll = (PREROLL_SEC * fpsNum) / fpsDen;
  const span = (i: number, j: number) => ks[j] - Math.max(0, ks[i] - preroll) + 1;
  const totalSpan = span(0, ks.length - 1);
  const work = (i: number, j: number) => (SPAN_WEIGHT * span(i, j)) / totalSpan + ((1 - SPAN_WEIGHT) * (j - i + 1)) / ks.length;
  const groupsUpTo = (bound: number): number[][] => {
    const groups: number[][] = [];
    for (let i = 0; i < ks.length; ) {
      let j = i;
      while (j + 1 < ks.length && work(i, j + 1) <= bound) j++;
      groups.push(ks.slice(i, j + 1));
      i = j + 1;
    }
    return groups;
  };
  let lo = 0;
  let hi = work(0, ks.length - 1);
  for (let step = 0; step < 40; step++) {
    const mid = (lo + hi) / 2;
    if (groupsUpTo(mid).length <= n) hi = mid;
    else lo = mid;
  }
  return groupsUpTo(hi);
}

/**
 * One pass: writes the wanted file frames `ks` (ascending, unique) as `f<k>.jpg` into `dir`.
 * `threads`: ffmpeg's threads for decoding, filtering and encoding (each).
 * `tag` names its filter script apart from those of passes running at the same time.
 */
async function stillsPass(o: {
  input: string;
  ks: number[];
  grid: Grid;
  width: number | null | undefined;
  dir: string;
  seek: boolean;
  tag: string;
  threads: number;
  signal?: AbortSignal;
}): Promise<number> {
  const { ks, grid } = o;
  const span = passSpan(ks, grid, o.seek);
  const script = path.join(o.dir, `select-${o.tag}.txt`);
  // A table grid names each still by a setpts that gives it its index.
  // (setpts gives it k SECONDS, which the encoder's time base of 1 s turns into pts k.)
  const naming = grid.table ? `,setpts='(${frameIndexExpression(ks, grid)})/TB'` : "";
  await writeFile(script, `select='${selectExpression(ks, grid)}'${naming},${scaleFilter(o.width, "pc", false)},format=yuvj420p`);
  const threads = String(o.threads);
  const input = inputArgs(o.input, span.from, span.to, grid);
  // -threads before -i is the decoder's; -filter_threads the filters'; -threads:v after the map the encoder's.
  input.splice(input.indexOf("-i"), 0, "-threads", threads);
  const args = [
    ...input,
    "-filter_threads",
    threads,
    "-map",
    "0:v:0",
    "-filter_script:v",
    script,
    // Every selected frame keeps its own timestamp; in a time base of one file frame, its pts IS k.
    "-fps_mode",
    "passthrough",
    "-enc_time_base:v",
    grid.timeBase,
    "-frames:v",
    String(ks.length),
    "-c:v",
    "mjpeg",
    "-threads:v",
    threads,
    "-q:v",
    String(JPEG_QSCALE),
    "-pix_fmt",
    "yuvj420p",
    "-fflags",
    "+bitexact",
    "-flags:v",
    "+bitexact",
    "-f",
    "image2",
    "-frame_pts",
    "1",
    path.join(o.dir, "f%d.jpg"),
  ];
  await runFfmpegAbortable(args, { timeoutMs: passTimeoutMs(span.to - (span.from ?? 0)), signal: o.signal });
  const firstDecoded = span.from === null ? 0 : grid.firstAt(span.from);
  return ks[ks.length - 1] - firstDecoded + 1;
}

/**
 * Runs `tasks` at once, each given a signal that aborts when `signal` does or when another task
 * fails. Resolves with their results in order; otherwise rejects with the first failure, but only
 * once every task has settled (so no ffmpeg still writes into a folder about to be removed).
 */
async function allOrNothing<T>(signal: AbortSignal | undefined, tasks: Array<(signal: AbortSignal | undefined) => Promise<T>>): Promise<T[]> {
  if (tasks.length === 1) return [await tasks[0](signal)];
  const ac = new AbortController();
  const onAbort = () => ac.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  let failure: { error: unknown } | null = null;
  try {
    const settled = await Promise.allSettled(
      tasks.map((task) =>
        task(ac.signal).catch((e: unknown) => {
          if (!failure) {
            failure = { error: e };
            ac.abort(e);
          }
          throw e;
        }),
      ),
    );
    if (failure) throw (failure as { error: unknown }).error;
    return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

async function framesIn(dir: string): Promise<Set<number>> {
  const got = new Set<number>();
  for (const name of await readdir(dir)) {
    const m = /^f(\d+)\.jpg$/.exec(name);
    if (m) got.add(Number(m[1]));
  }
  return got;
}

/** extractFrames calls of this process inside their ffmpeg slot right now: they share the cores. */
let stillsCallsRunning = 0;

/**
 * Writes every requested episode frame as a JPEG of EXACTLY that frame, decoding the video once
 * for the whole set (one pass from just before the first frame to the last — with `concurrency` ≥ 2
 * and enough frames, split into contiguous groups decoded side by side by one ffmpeg process
 * each, see "Parallel stills" in the header; a second pass from the file's start
 * only for frames the seek missed). The bytes of every JPEG depend only on the input, its frame
 * and `width`, never on `concurrency` or the machine. The whole call holds ONE slot of the shared
 * ffmpeg limiter, as a single multi-threaded ffmpeg would. Throws when a frame cannot
 * be decoded (e.g. past the end of the file), naming it; the frames that could be decoded are in
 * place by then.
 *
 * RESUME: a frame whose destination already holds a whole JPEG is skipped (not decoded, not
 * rewritten) — export jobs rely on this to continue after a crash or a cancel. A destination only
 * ever appears complete (written as `*.partial-*` in the same folder, then renamed), so an
 * existing file is the finished still of that frame (the caller must not reuse a destination
 * path for different options, e.g. another width).
 */
export async function extractFrames(opts: ExtractFramesOptions): Promise<ExtractFramesResult> {
  const { input, startFrame, fpsNum, fpsDen, width, signal } = opts;
  const grid = gridOf(opts);
  const concurrency = opts.concurrency ?? defaultConcurrency();
  assertRate(fpsNum, fpsDen);
  assertFrame("startFrame", startFrame);
  assertWidth(width);
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be an integer >= 1, got ${concurrency}`);
  for (const f of opts.frames) assertFrame("frame", f);
  const unique = [...new Set(opts.frames)].sort((a, b) => a - b);
  const done = await mapPool(unique, FILE_OPS_AT_ONCE, (f) => isCompleteJpeg(opts.outPath(f)));
  const pending = unique.filter((_, i) => !done[i]);
  if (pending.length === 0) return { decodedFrames: 0, written: 0 };
  if (signal?.aborted) throw abortError(signal);

  return inSlot(signal, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "critic-export-frames-"));
    stillsCallsRunning++;
    try {
      const ks = pending.map((f) => startFrame + f);
      const base = { input, grid, width, dir };
      // This call's share of the cores, then one process per group, each with its share of
      // those as ffmpeg threads (see "Parallel stills" in the header).
      const cores = Math.max(1, Math.floor(concurrency / stillsCallsRunning));
      const groups = grid.table ? splitStills(ks, cores, Math.max(1, Math.round(grid.fps * 1000)), 1000) : splitStills(ks, cores, fpsNum, fpsDen);
      const threads = Math.max(1, Math.floor(cores / groups.length));
      const ensureDir = memoizedMkdir();
      const installed = new Set<number>();
      /** Installs those of file frames `group` that the pass wrote (while other passes may still run). */
      const installGroup = async (group: number[]) => {
        const present = await framesIn(dir);
        const made = group.filter((k) => present.has(k) && !installed.has(k));
        await mapPool(made, FILE_OPS_AT_ONCE, (k) => install(path.join(dir, `f${k}.jpg`), opts.outPath(k - startFrame), ensureDir));
        for (const k of made) installed.add(k);
      };
      const spans = await allOrNothing(
        signal,
        groups.map((g, i) => async (s: AbortSignal | undefined) => {
          const span = await stillsPass({ ...base, ks: g, seek: true, tag: `seek-${i}`, threads, signal: s });
          await installGroup(g);
          return span;
        }),
      );
      let decodedFrames = spans.reduce((a, b) => a + b, 0);
      let missing = ks.filter((k) => !installed.has(k));
      if (missing.length > 0) {
        // The seek landed past a frame (a container without an index, say): decode from the start.
        console.warn(`[export-media] seek missed ${missing.length} frame(s) of ${input}; decoding them from the start`);
        decodedFrames += await stillsPass({ ...base, ks: missing, seek: false, tag: "start", threads: cores, signal });
        await installGroup(missing);
        missing = ks.filter((k) => !installed.has(k));
      }
      const written = installed.size;
      if (missing.length > 0) {
        const list = missing.map((k) => `${k - startFrame} (file frame ${k})`);
        throw new Error(
          `Could not decode episode frame(s) ${list.slice(0, 20).join(", ")}${list.length > 20 ? `, … (${list.length} in all)` : ""} of ${input} at ${grid.label}: past the end of the video, or no frame at that time.`,
        );
      }
      return { decodedFrames, written };
    } finally {
      stillsCallsRunning--;
      await rm(dir, { recursive: true, force: true });
    }
  });
}

// ---------------------------------------------------------------------------------------
// Clips

/** Number of video samples (frames) in an mp4's video track (mp4-info.ts), or 0 when there is none. */
export async function mp4FrameCount(file: string): Promise<number> {
  return mp4VideoInfo(new Uint8Array(await readFile(file)))?.frames ?? 0;
}

/**
 * Filtergraph part (for -filter_complex) that turns the frames arriving at label `input` into the
 * clip of file frames `ks` (ascending, repeats allowed) at label `output`: the wanted frames are
 * selected by timestamp, then setpts gives the m-th selected frame (setpts's own N counts only the
 * frames that reach it, i.e. the selected ones) its clip position firstAt[m], in a time base of one
 * clip frame. A frame wanted r times is repeated by r-1 more branches of a split: branch j keeps
 * the selected frames wanted more than j times (by their ordinal n, again counted by that select
 * itself) at position + j, and interleave merges the branches in timestamp order. If a wanted
 * frame is missing, every later ordinal shifts and the clip comes out SHORTER than `ks`, which the
 * caller checks. `tag` keeps the labels of several clips in one graph apart.
 */
export function clipFilterGraph(
  ks: number[],
  fpsNum: number | Grid,
  fpsDen: number,
  fps: ClipFps,
  width: number | null | undefined,
  labels: { input: string; output: string; tag: string } = { input: "0:v:0", output: "out", tag: "" },
): string {
  const { input, output, tag } = labels;
  const grid = typeof fpsNum === "number" ? rateGrid(fpsNum, fpsDen) : fpsNum;
  const unique: number[] = [];
  const firstAt: number[] = [];
  const mult: number[] = [];
  ks.forEach((k, i) => {
    if (unique.length && unique[unique.length - 1] === k) mult[mult.length - 1]++;
    else {
      unique.push(k);
      firstAt.push(i);
      mult.push(1);
    }
  });
  const maxMult = Math.max(...mult);
  const head = `[${input}]select='${selectExpression(unique, grid)}',settb=expr=${rateOf(fps).den}/${rateOf(fps).num},setpts='${indexMapExpression("N", firstAt)}'`;
  const tail = `${scaleFilter(width, "tv", true)},format=yuv420p[${output}]`;
  if (maxMult === 1) return `${head},${tail}`;
  const parts = [`${head},split=${maxMult}${Array.from({ length: maxMult }, (_, j) => `[${tag}b${j}]`).join("")}`];
  for (let j = 1; j < maxMult; j++) {
    const ordinals = mult.flatMap((m, i) => (m > j ? [i] : []));
    parts.push(`[${tag}b${j}]select='${integerSetExpression("n", ordinals)}',setpts=PTS+${j}[${tag}r${j}]`);
  }
  const inputs = [`[${tag}b0]`, ...Array.from({ length: maxMult - 1 }, (_, j) => `[${tag}r${j + 1}]`)].join("");
  parts.push(`${inputs}interleave=nb_inputs=${maxMult},${tail}`);
  return parts.join(";");
}

/** Output options of one clip (after its -map): fixed H.264 settings, no metadata, faststart. */
/** A clip rate: frames per second, or an exact rational num / den. */
export type ClipFps = number | { num: number; den: number };

/** An exact rational of a clip rate (a plain number to 1/1000). */
function rateOf(fps: ClipFps): { num: number; den: number } {
  if (typeof fps !== "number") return fps;
  const num = Math.round(fps * 1000);
  const g = (a: number, b: number): number => (b === 0 ? a : g(b, a % b));
  const d = g(num, 1000);
  return { num: num / d, den: 1000 / d };
}

function clipOutputArgs(fps: ClipFps, out: string): string[] {
  return [
    // Timestamps are already 0, 1, 2, … in a time base of one clip frame.
    "-fps_mode",
    "passthrough",
    "-r",
    `${rateOf(fps).num}/${rateOf(fps).den}`,
    ...X264_ARGS,
    "-map_metadata",
    "-1",
    "-map_chapters",
    "-1",
    "-fflags",
    "+bitexact",
    "-flags:v",
    "+bitexact",
    "-movflags",
    "+faststart",
    "-f",
    "mp4",
    out,
  ];
}

type ClipJob = { ks: number[]; out: string; fps: ClipFps };

/**
 * One pass writing every clip of `jobs` (file frames, ascending) to its `out`: the frames of all
 * clips are selected once, split into one branch per clip, and each branch made into its clip as
 * in clipFilterGraph. Returns each clip's frame count, read back from the mp4.
 */
async function clipsPass(o: {
  input: string;
  jobs: ClipJob[];
  grid: Grid;
  width: number | null | undefined;
  dir: string;
  seek: boolean;
  signal?: AbortSignal;
}): Promise<number[]> {
  const { jobs, grid } = o;
  const all = [...new Set(jobs.flatMap((j) => j.ks))].sort((a, b) => a - b);
  const span = passSpan(all, grid, o.seek);
  let graph: string;
  if (jobs.length === 1) graph = clipFilterGraph(jobs[0].ks, grid, 0, jobs[0].fps, o.width);
  else {
    const parts = [`[0:v:0]select='${selectExpression(all, grid)}',split=${jobs.length}${jobs.map((_, i) => `[in${i}]`).join("")}`];
    jobs.forEach((j, i) => parts.push(clipFilterGraph(j.ks, grid, 0, j.fps, o.width, { input: `in${i}`, output: `out${i}`, tag: `c${i}` })));
    graph = parts.join(";");
  }
  const script = path.join(o.dir, `clips-${o.seek ? "seek" : "start"}.txt`);
  await writeFile(script, graph);
  const args = [...inputArgs(o.input, span.from, span.to, grid), "-filter_complex_script", script];
  jobs.forEach((j, i) => args.push("-map", jobs.length === 1 ? "[out]" : `[out${i}]`, ...clipOutputArgs(j.fps, j.out)));
  await runFfmpegAbortable(args, { timeoutMs: passTimeoutMs(span.to - (span.from ?? 0)), signal: o.signal });
  return Promise.all(jobs.map((j) => mp4FrameCount(j.out).catch(() => 0)));
}

export interface ExtractClipOptions {
  input: string;
  startFrame: number;
  fpsNum: number;
  fpsDen: number;
  /** The file's frame table, as in ExtractFramesOptions. */
  times?: FrameTimes | null;
  /** Episode frames of the clip, ascending (repeats allowed: a repeated frame is shown again). */
  frames: number[];
  /** Absolute destination of the mp4 (its folder is created if needed). */
  outPath: string;
  /** Rate of the clip: frames per second or an exact num / den (default DEFAULT_CLIP_FPS). */
  fps?: ClipFps;
  /** Scale to this width, rounded down to even (H.264 4:2:0); null/undefined: the video's own size (rounded down to even). */
  width?: number | null;
  signal?: AbortSignal;
}

export type ExtractClipsOptions = Omit<ExtractClipOptions, "frames" | "outPath"> & {
  /** The clips to make from this video, each as in extractClip (`fps` of a clip overrides the call's). */
  clips: Array<{ frames: number[]; outPath: string; fps?: ClipFps }>;
};

function checkClipOptions(opts: Omit<ExtractClipOptions, "frames" | "outPath">, clips: Array<{ frames: number[]; fps?: ClipFps }>): ClipFps {
  const fps = opts.fps ?? DEFAULT_CLIP_FPS;
  for (const c of [opts, ...clips]) {
    if (c.fps === undefined || typeof c.fps === "number") continue;
    const { num, den } = c.fps;
    if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || num <= 0 || den <= 0 || num / den > 1000) throw new RangeError(`fps must be a positive rate, got ${num}/${den}`);
  }
  assertRate(opts.fpsNum, opts.fpsDen);
  assertFrame("startFrame", opts.startFrame);
  assertWidth(opts.width);
  if (typeof fps === "number" && (!Number.isFinite(fps) || fps <= 0 || fps > 1000)) throw new RangeError(`fps must be a positive number, got ${fps}`);
  for (const { frames } of clips) {
    if (frames.length === 0) throw new RangeError("extractClip: frames is empty");
    frames.forEach((f, i) => {
      assertFrame("frame", f);
      if (i > 0 && f < frames[i - 1]) throw new RangeError(`extractClip: frames must be ascending, got ${frames[i - 1]} before ${f}`);
    });
  }
  return fps;
}

/** Makes clips in `dir` (seek pass, then a pass from the start for clips that came out short); returns their files and frame counts. */
async function makeClips(
  opts: Omit<ExtractClipOptions, "frames" | "outPath">,
  fps: ClipFps,
  clips: Array<{ frames: number[]; fps?: ClipFps }>,
  dir: string,
): Promise<{ outs: string[]; got: number[]; short: number[] }> {
  const { input, startFrame, width, signal } = opts;
  const jobs = clips.map((c, i) => ({ ks: c.frames.map((f) => startFrame + f), out: path.join(dir, `clip-${i}.mp4`), fps: c.fps ?? fps }));
  const base = { input, grid: gridOf(opts), width, dir, signal };
  const got = await clipsPass({ ...base, jobs, seek: true });
  const shortOf = () => jobs.flatMap((j, i) => (got[i] === j.ks.length ? [] : [i]));
  const missed = shortOf();
  if (missed.length > 0) {
    // The seek landed past a frame (a container without an index, say): decode from the start.
    console.warn(`[export-media] seek missed a frame of ${input} (${missed.length} of ${jobs.length} clip(s) short); decoding from the start`);
    const again = await clipsPass({ ...base, jobs: missed.map((i) => jobs[i]), seek: false });
    missed.forEach((i, n) => (got[i] = again[n]));
  }
  return { outs: jobs.map((j) => j.out), got, short: shortOf() };
}

function clipError(input: string, grid: Grid, frames: number[], got: number): Error {
  return new Error(
    `Could not make a clip of episode frames ${frames.join(", ")} of ${input} at ${grid.label}: ${got} of ${frames.length} frames decoded (past the end of the video, or no frame at that time).`,
  );
}

/**
 * Writes an H.264 mp4 (yuv420p, faststart, `fps` frames per second) whose frame i IS episode
 * frame frames[i], decoding the video once (one pass from just before frames[0] to the last frame;
 * a second pass from the file's start if the seek missed a frame). Same input and options → same
 * bytes. The file appears under `outPath` only when complete. Always (re)writes it: a caller
 * resuming an export checks for an existing clip itself.
 */
export async function extractClip(opts: ExtractClipOptions): Promise<void> {
  const fps = checkClipOptions(opts, [opts]);
  await inSlot(opts.signal, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "critic-export-clip-"));
    try {
      const { outs, got, short } = await makeClips(opts, fps, [opts], dir);
      if (short.length > 0) throw clipError(opts.input, gridOf(opts), opts.frames, got[0]);
      await install(outs[0], opts.outPath);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

/**
 * Several clips of one video in ONE decoding pass (e.g. the V_seq clips of all query frames of an
 * episode, which overlap): each is byte-identical to what extractClip writes for the same frames
 * and options, and is installed the same way. Throws (after installing the clips that succeeded)
 * when a clip cannot be made, naming its frames.
 */
export async function extractClips(opts: ExtractClipsOptions): Promise<void> {
  if (opts.clips.length === 0) return;
  const fps = checkClipOptions(opts, opts.clips);
  await inSlot(opts.signal, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "critic-export-clips-"));
    try {
      const { outs, got, short } = await makeClips(opts, fps, opts.clips, dir);
      for (const [i, c] of opts.clips.entries()) if (!short.includes(i)) await install(outs[i], c.outPath);
      if (short.length > 0) throw clipError(opts.input, gridOf(opts), opts.clips[short[0]].frames, got[short[0]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
