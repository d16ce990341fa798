// Frame index ↔ media time for the cameras of an episode, through each file's frame table
// (lib/media/frame-table.ts, which defines what frame k of a file is).
//
// Seeking to the START of a frame's interval is fragile: float error or a decoder rounding its
// timestamps can land on the frame before. Seeking to the MIDDLE leaves half a frame of margin on
// both sides. Reading a frame back from a media time takes the last frame that starts at or before
// it, with a tiny tolerance (FrameTimes.frameAt).
//
// Several episodes may share one video file: `startFrame` is the episode's first frame inside the
// file, and all `frame` arguments here are episode-relative.
//
// One clock per episode. An episode's frame numbers are those of its REFERENCE camera (chosen at
// import). Every other camera is mapped onto them by time: reference frame n starts at clock time
// s = time_ref(n) − anchor_ref, and camera c shows, for it, its frame on screen at
// anchor_c + s + offset_c, where anchor is where the episode starts in that camera's file (the
// dataset's start time) and offset_c the camera's own shift (positive: its picture of an event
// comes later than the reference camera's). Swapping the camera in view never changes what a
// frame number means.
import { FrameTimes, uniformTable, type FrameTable } from "./frame-table";

export interface CameraTiming {
  times: FrameTimes;
  /** The episode's first frame inside the file. */
  startFrame: number;
  /** The camera's own number of frames in the episode. */
  frameCount: number;
  /** Where the episode starts in this camera's file, in file seconds (the dataset's start time). */
  anchorSec: number;
  /** Seconds this camera is shifted by to line up with the reference camera. */
  offsetSec: number;
}

export function cameraTiming(opts: {
  table: FrameTable | null;
  fpsNum: number;
  fpsDen: number;
  fileFrameCount: number;
  startFrame: number;
  frameCount: number;
  startSec?: number;
  offsetMs?: number;
}): CameraTiming {
  const times = new FrameTimes(opts.table ?? uniformTable(opts.fpsNum, opts.fpsDen, opts.fileFrameCount));
  return {
    times,
    startFrame: opts.startFrame,
    frameCount: opts.frameCount,
    anchorSec: opts.startSec ?? times.time(opts.startFrame),
    offsetSec: (opts.offsetMs ?? 0) / 1000,
  };
}

function clampFrame(cam: CameraTiming, frame: number): number {
  const last = Math.max(0, cam.frameCount - 1);
  if (Number.isNaN(frame)) return 0;
  return Math.min(last, Math.max(0, frame));
}

/** Media time to seek to so the decoder shows episode frame `frame` of this camera (rounded, clamped). */
export function frameToSeekTime(cam: CameraTiming, frame: number): number {
  return cam.times.seekTime(cam.startFrame + clampFrame(cam, Math.round(frame)));
}

/** Episode frame of this camera shown at media time `mediaTime`, clamped into the episode. */
export function timeToFrame(cam: CameraTiming, mediaTime: number): number {
  if (mediaTime === -Infinity) return 0;
  return clampFrame(cam, cam.times.frameAt(mediaTime) - cam.startFrame);
}

/** Media time at which the camera's first episode frame starts. */
export function episodeStartTime(cam: CameraTiming): number {
  return cam.times.time(cam.startFrame);
}

/** Media time at which the camera's last episode frame stops being displayed. */
export function episodeEndTime(cam: CameraTiming): number {
  return cam.times.time(cam.startFrame + cam.frameCount);
}

/** How long episode frame `frame` of this camera is shown (the first frame's by default). */
export function frameDuration(cam: CameraTiming, frame = 0): number {
  return cam.times.duration(cam.startFrame + clampFrame(cam, frame));
}

/** Start time of episode frame `frame`, in seconds from the camera's first episode frame. */
export function frameStartSec(cam: CameraTiming, frame: number): number {
  return cam.times.time(cam.startFrame + frame) - episodeStartTime(cam);
}

/** The frame grid of one episode: its reference camera, and every camera mapped onto it by time. */
export class EpisodeTimeline {
  constructor(
    readonly reference: string,
    readonly cameras: ReadonlyMap<string, CameraTiming>,
    readonly lengthFrames: number,
  ) {}

  private cam(name: string): CameraTiming | undefined {
    return this.cameras.get(name);
  }
  get ref(): CameraTiming {
    return this.cameras.get(this.reference)!;
  }

  private clampRef(n: number) {
    return Math.min(Math.max(0, Math.round(n)), Math.max(0, this.lengthFrames - 1));
  }

  /** Clock time (s) of reference frame n: 0 at the episode's anchor. */
  clockTime(n: number): number {
    const r = this.ref;
    return r.times.time(r.startFrame + this.clampRef(n)) - r.anchorSec;
  }

  /** Seconds from the episode's first frame to frame n's start (the timecode shown). */
  timecodeSec(n: number): number {
    return frameStartSec(this.ref, this.clampRef(n));
  }

  /** Media time in camera `name`'s file for a clock time. */
  mediaTimeOf(name: string, clockSec: number): number {
    const c = this.cam(name)!;
    return c.anchorSec + clockSec + c.offsetSec;
  }

  /** Clock time of a media time in camera `name`'s file. */
  clockOf(name: string, mediaTime: number): number {
    const c = this.cam(name)!;
    return mediaTime - c.anchorSec - c.offsetSec;
  }

  /** Camera `name`'s episode frame on screen at reference frame n. */
  cameraFrame(name: string, n: number): number {
    if (name === this.reference) return this.clampRef(n);
    const c = this.cam(name)!;
    return timeToFrame(c, this.mediaTimeOf(name, this.clockTime(n)));
  }

  /** Media time to seek camera `name` to for reference frame n (the middle of its frame on screen). */
  seekTime(name: string, n: number): number {
    return frameToSeekTime(this.cam(name)!, this.cameraFrame(name, n));
  }

  /** Reference frame at a media time of camera `name` (what a painted frame of that camera means). */
  referenceFrameAt(name: string, mediaTime: number): number {
    if (name === this.reference) return this.clampRef(timeToFrame(this.ref, mediaTime));
    const c = this.cam(name)!;
    // The start of the camera frame on screen, on the clock, then the reference frame shown then.
    const shown = c.times.time(c.startFrame + timeToFrame(c, mediaTime));
    const r = this.ref;
    return this.clampRef(timeToFrame(r, r.anchorSec + this.clockOf(name, shown)));
  }
}

/** Start time of a frame as "m:ss.mmm", or "h:mm:ss.mmm" from one hour on, from seconds. */
export function formatSeconds(seconds: number): string {
  const totalMs = Math.round(seconds * 1000);
  const sign = totalMs < 0 ? "-" : "";
  const abs = Math.abs(totalMs);
  const ms = abs % 1000;
  const totalSec = Math.floor(abs / 1000);
  const s = totalSec % 60;
  const totalMin = Math.floor(totalSec / 60);
  const m = totalMin % 60;
  const h = Math.floor(totalMin / 60);
  const pad = (v: number, n: number) => String(v).padStart(n, "0");
  const tail = `${pad(s, 2)}.${pad(ms, 3)}`;
  return h > 0 ? `${sign}${h}:${pad(m, 2)}:${tail}` : `${sign}${m}:${tail}`;
}

/** Start time of a frame as a timecode, for an exact constant rate. */
export function formatTimecode(frame: number, fpsNum: number, fpsDen: number): string {
  // Whole milliseconds from one division of integers, so 45 frames at 30 fps is 1500, not 1499.9999.
  return formatSeconds(Math.round((frame * fpsDen * 1000) / fpsNum) / 1000);
}

/** The cameras of an episode as the episode endpoint describes them. */
export interface TimedCamera {
  camera: string;
  frameTable: FrameTable | null;
  fpsNum: number;
  fpsDen: number;
  fileFrameCount: number;
  startFrame: number;
  frameCount: number;
  startSec: number;
  offsetMs: number;
}

/** An episode's frame grid from its cameras (reference camera first if it is missing). */
export function timelineOf(episode: { referenceCamera: string | null; lengthFrames: number; cameras: TimedCamera[] }): EpisodeTimeline | null {
  if (episode.cameras.length === 0) return null;
  const cams = new Map(episode.cameras.map((c) => [c.camera, cameraTiming({ ...c, table: c.frameTable })]));
  const ref = episode.referenceCamera && cams.has(episode.referenceCamera) ? episode.referenceCamera : episode.cameras[0]!.camera;
  // The reference camera carries no offset: the others are shifted relative to it.
  cams.get(ref)!.offsetSec = 0;
  return new EpisodeTimeline(ref, cams, episode.lengthFrames);
}

/** What the UI shows of an episode's clock: timecodes of its frames and its rate. */
export interface FrameLabels {
  /** Time of frame n from the episode's first frame, "m:ss.mmm". */
  timecode(frame: number): string;
  /** Frames per second of the reference camera (on average when variable). */
  fps: number;
  /** "30 fps", or "22.7 fps, variable". */
  rateLabel: string;
  /** The camera whose frames are numbered. */
  reference: string | null;
}

export function frameLabels(tl: EpisodeTimeline | null, fallbackFps: number): FrameLabels {
  if (!tl) {
    return { timecode: (f) => formatSeconds(f / fallbackFps), fps: fallbackFps, rateLabel: `${Number(fallbackFps.toFixed(3))} fps`, reference: null };
  }
  const times = tl.ref.times;
  const exact = times.uniformRate;
  const fps = times.averageFps;
  return {
    timecode: (f) => (exact ? formatTimecode(f, exact.num, exact.den) : formatSeconds(tl.timecodeSec(f))),
    fps,
    rateLabel: exact ? `${Number(fps.toFixed(3))} fps` : `${Number(fps.toFixed(1))} fps, variable`,
    reference: tl.reference,
  };
}

/** First frame of an episode that starts at `startSec` in a file: the frame nearest to that time. */
export function firstFrameAt(times: FrameTimes, startSec: number): number {
  if (startSec <= times.start) return 0;
  const k = times.frameAt(startSec);
  // A start time just before a frame (float rounding in the dataset) means that frame.
  return k + 1 < times.count && times.time(k + 1) - startSec < startSec - times.time(k) ? k + 1 : k;
}

/**
 * A non-reference camera's own frames in an episode: those that start within the episode's
 * stretch of time (`spanSec` from its start `startSec` in this camera's file), shifted by the
 * camera's offset. `available` is how many frames the file has from `startFrame` on.
 */
export function cameraRange(times: FrameTimes, startSec: number, offsetMs: number, spanSec: number): { from: number; startFrame: number; frameCount: number; available: number } {
  const from = startSec + offsetMs / 1000;
  const startFrame = firstFrameAt(times, from);
  const available = times.count - startFrame;
  let frameCount = 0;
  if (times.count > 0) {
    const last = times.frameAt(from + spanSec - 0.5 * times.duration(Math.max(0, times.count - 1)));
    frameCount = Math.max(0, Math.min(available, last - startFrame + 1));
  }
  return { from, startFrame, frameCount, available };
}
