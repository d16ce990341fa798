// The one definition of a frame. Frame k of a video file is the k-th frame in presentation order
// after the container's edit list and start time, as ffmpeg, PyAV and OpenCV decode it. Its
// presentation time is the same number in ffmpeg (`-copyts`, filter `t`), PyAV (`frame.pts ×
// time_base`) and Chromium (`requestVideoFrameCallback` `mediaTime`, `currentTime`): all three
// were measured on frame-coded files with B-frames, a video stream 0.5 s into the container
// (with and without audio first), a stream-copied cut with an edit list, 30-then-15 fps and AV1
// (see docs/video.md and tests/integration/video-crosscheck.test.ts).
//
// A file's frame table lists those presentation times. It is read at import from the demuxer's
// packets (ffprobe, no decoding: lib/media/probe.ts): the packets the edit list discards are left
// out, the others are sorted by presentation time. Kept compactly:
//   uniform  a start and an exact rational rate, when every time is start + k·den/num to within a
//            tick of the container's time base (constant-rate files, with or without an offset);
//   list     every time, in ticks of the container's time base, otherwise (variable rate).
// Frame k is shown during [time(k), time(k+1)), the last one until `end`.
//
// Pure module: the browser uses it too (the player maps frame ↔ time through it).

export type FrameTable =
  | {
      kind: "uniform";
      /** Presentation time of frame 0, in seconds, as ticks × tbNum / tbDen. */
      startTicks: number;
      tbNum: number;
      tbDen: number;
      fpsNum: number;
      fpsDen: number;
      count: number;
    }
  | {
      kind: "list";
      tbNum: number;
      tbDen: number;
      /** Presentation time of each frame, ascending, in ticks. */
      pts: number[];
      /** When the last frame stops being shown, in ticks. */
      endTicks: number;
    };

/** The frames of a table as times in seconds; what every reader of a table goes through. */
export class FrameTimes {
  readonly count: number;
  private readonly times: Float64Array | null;
  private readonly endSec: number;
  constructor(readonly table: FrameTable) {
    if (table.kind === "uniform") {
      this.count = table.count;
      this.times = null;
      this.endSec = this.uniformTime(table.count);
    } else {
      this.count = table.pts.length;
      this.times = Float64Array.from(table.pts, (p) => (p * table.tbNum) / table.tbDen);
      this.endSec = (table.endTicks * table.tbNum) / table.tbDen;
    }
  }

  /** Uniform time of frame k, as one division of integers (no error accumulates). */
  private uniformTime(k: number): number {
    const t = this.table as Extract<FrameTable, { kind: "uniform" }>;
    // start + k·fpsDen/fpsNum over the common denominator tbDen·fpsNum.
    return (t.startTicks * t.tbNum * t.fpsNum + k * t.fpsDen * t.tbDen) / (t.tbDen * t.fpsNum);
  }

  /** Presentation time of frame k (0 ≤ k ≤ count; time(count) is the end of the last frame). */
  time(k: number): number {
    if (k >= this.count) return this.endSec;
    if (k < 0) return this.time(0) - (this.count > 0 ? this.duration(0) * -k : 0);
    return this.times ? this.times[k]! : this.uniformTime(k);
  }

  /** How long frame k is shown. */
  duration(k: number): number {
    return this.time(k + 1) - this.time(k);
  }

  /** Time of the first frame. */
  get start(): number {
    return this.time(0);
  }

  /** When the last frame stops being shown. */
  get end(): number {
    return this.endSec;
  }

  /** Media time to seek to so a decoder (or a browser) shows frame k: the middle of its interval. */
  seekTime(k: number): number {
    const f = Math.min(Math.max(0, Math.round(k)), Math.max(0, this.count - 1));
    return (this.time(f) + this.time(f + 1)) / 2;
  }

  /**
   * Frame shown at media time `t`: the last frame whose time is at or before `t`, with a
   * thousandth of that frame's duration of tolerance (browsers report `mediaTime` truncated to
   * whole microseconds: 1/3 s arrives as 0.333333). Before the first frame: 0; after: the last.
   */
  frameAt(t: number): number {
    if (this.count === 0 || Number.isNaN(t)) return 0;
    if (t === Infinity) return this.count - 1;
    if (this.table.kind === "uniform") {
      const u = this.table;
      const k = Math.floor(((t - this.start) * u.fpsNum) / u.fpsDen + 1e-3);
      return Math.min(this.count - 1, Math.max(0, k));
    }
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.times![mid]! <= t + 1e-3 * this.duration(mid - 1)) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Window of times that holds frame k's presentation time and no other frame's: from half-way
   * after the previous frame to half-way before the next. What ffmpeg's `select` keeps for k.
   */
  window(k: number): { from: number; to: number } {
    const t = this.time(k);
    const prev = k > 0 ? this.time(k - 1) : t - this.duration(0);
    const next = this.time(k + 1);
    return { from: (prev + t) / 2, to: (t + next) / 2 };
  }

  /** Exact rate when the frames are evenly spaced, else null. */
  get uniformRate(): { num: number; den: number } | null {
    return this.table.kind === "uniform" ? { num: this.table.fpsNum, den: this.table.fpsDen } : null;
  }

  /** Frames per second on average (count / shown time); the exact rate when uniform. */
  get averageFps(): number {
    if (this.table.kind === "uniform") return this.table.fpsNum / this.table.fpsDen;
    const span = this.end - this.start;
    return span > 0 ? this.count / span : 0;
  }
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a || 1;
}

/**
 * The table of a file from its video packets: presentation times in ticks of the stream's time
 * base (tbNum/tbDen), each packet's duration in ticks (0 or NaN when unknown), and whether the
 * container's edit list discards it. `rate` is the stream's nominal rate (ffprobe r_frame_rate),
 * tried as the uniform rate.
 */
export function buildFrameTable(opts: {
  tbNum: number;
  tbDen: number;
  packets: Array<{ pts: number; duration: number; discard: boolean }>;
  rate: { num: number; den: number } | null;
}): FrameTable {
  const { tbNum, tbDen } = opts;
  const kept = opts.packets.filter((p) => !p.discard && Number.isFinite(p.pts)).sort((a, b) => a.pts - b.pts);
  // Two packets at one time (a broken muxer): the decoder shows one frame for them.
  const pts: number[] = [];
  const durations: number[] = [];
  for (const p of kept) {
    if (pts.length && pts[pts.length - 1] === p.pts) continue;
    pts.push(p.pts);
    durations.push(p.duration);
  }
  if (pts.length === 0) return { kind: "list", tbNum, tbDen, pts: [], endTicks: 0 };
  const lastDur = durations[durations.length - 1]!;
  const typicalDelta = pts.length > 1 ? (pts[pts.length - 1]! - pts[0]!) / (pts.length - 1) : 0;
  const endTicks = pts[pts.length - 1]! + (Number.isFinite(lastDur) && lastDur > 0 ? lastDur : Math.round(typicalDelta) || 1);
  const rates: Array<{ num: number; den: number }> = [];
  if (opts.rate && opts.rate.num > 0 && opts.rate.den > 0) rates.push(opts.rate);
  // The rate the packets themselves show, reduced, when the nominal one does not fit.
  if (typicalDelta > 0) {
    const num = tbDen;
    const den = Math.round(typicalDelta * tbNum);
    const g = gcd(num, den);
    if (Number.isSafeInteger(den) && den > 0) rates.push({ num: num / g, den: den / g });
  }
  for (const r of rates) {
    // Every time within one tick of start + k·den/num (muxers round each time to a tick).
    const ticksPerFrame = (r.den * tbDen) / (r.num * tbNum);
    if (!(ticksPerFrame > 0)) continue;
    const ok = pts.every((p, k) => Math.abs(p - (pts[0]! + k * ticksPerFrame)) <= 1);
    if (ok) return { kind: "uniform", startTicks: pts[0]!, tbNum, tbDen, fpsNum: r.num, fpsDen: r.den, count: pts.length };
  }
  return { kind: "list", tbNum, tbDen, pts, endTicks };
}

/** The table of a constant-rate file starting at 0 (files made by this app, and tests). */
export function uniformTable(fpsNum: number, fpsDen: number, count: number): FrameTable {
  return { kind: "uniform", startTicks: 0, tbNum: 1, tbDen: 1, fpsNum, fpsDen, count };
}

/**
 * Two tables describe the same frames: same count, every time within `toleranceSec`, measured
 * from each table's first frame when `relative` (a converted copy may start at 0).
 */
export function sameFrames(a: FrameTimes, b: FrameTimes, opts: { toleranceSec?: number; relative?: boolean } = {}): boolean {
  const tol = opts.toleranceSec ?? 1e-3;
  if (a.count !== b.count) return false;
  const da = opts.relative ? a.start : 0;
  const db = opts.relative ? b.start : 0;
  for (let k = 0; k < a.count; k++) if (Math.abs(a.time(k) - da - (b.time(k) - db)) > tol) return false;
  return true;
}

/**
 * The frames of a stored video file: its frame table, or, for a file imported before frame
 * tables, constant-rate from 0 at its rate (`table` overrides the file's own, e.g. a copy's).
 */
export function fileFrameTimes(f: { frameTable: unknown; fpsNum: number; fpsDen: number; frameCount: number }, table: unknown = f.frameTable): FrameTimes {
  return new FrameTimes((table as FrameTable | null) ?? uniformTable(f.fpsNum, f.fpsDen, f.frameCount));
}
