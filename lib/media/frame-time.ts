// Frame index ↔ media time for exact rational frame rates (fpsNum/fpsDen, e.g. 30000/1001).
//
// Frame n of a file is displayed during [n, n+1) * fpsDen/fpsNum seconds. Seeking to the
// START of that interval is fragile: float error or a decoder rounding its timestamps can
// land on frame n-1. Seeking to the MIDDLE leaves half a frame of margin on both sides.
// Reading a frame back from a media time floors with a tiny epsilon, so that a time that is
// exactly a frame start but computed as 0.99999999… of it still maps to that frame.
//
// Several episodes may share one video file: `startFrame` is the episode's first frame
// inside the file, and all `frame` arguments here are episode-relative.
//
// Every time is computed as (integer frame count × fpsDen) / fpsNum, one division at the end,
// so no error accumulates from a pre-divided, inexact frame duration.

export type CameraTiming = { fpsNum: number; fpsDen: number; startFrame: number; frameCount: number };

function clampFrame(cam: CameraTiming, frame: number): number {
  const last = Math.max(0, cam.frameCount - 1);
  if (Number.isNaN(frame)) return 0;
  return Math.min(last, Math.max(0, frame));
}

/** Media time to seek to so the decoder shows episode frame `frame` (rounded to a whole frame, clamped into the episode). */
export function frameToSeekTime(cam: CameraTiming, frame: number): number {
  const f = clampFrame(cam, Math.round(frame));
  return ((cam.startFrame + f + 0.5) * cam.fpsDen) / cam.fpsNum;
}

/**
 * Tolerance, in frames, for a presentation time that sits just below its frame's start.
 * Browsers report `mediaTime` truncated to whole microseconds: frame 5 at 15 fps starts at
 * 0.3333… s but is reported as 0.333333 s, which is frame 4.99999. A thousandth of a frame is
 * far above that error at any real frame rate and far below the half frame we seek into.
 */
const FRAME_EPSILON = 1e-3;

/** Episode frame shown at media time `mediaTime`, clamped into the episode. */
export function timeToFrame(cam: CameraTiming, mediaTime: number): number {
  if (!Number.isFinite(mediaTime)) return mediaTime > 0 ? clampFrame(cam, Infinity) : 0;
  const fileFrame = Math.floor((mediaTime * cam.fpsNum) / cam.fpsDen + FRAME_EPSILON);
  return clampFrame(cam, fileFrame - cam.startFrame);
}

/** Media time at which the episode's first frame starts. */
export function episodeStartTime(cam: CameraTiming): number {
  return (cam.startFrame * cam.fpsDen) / cam.fpsNum;
}

/** Media time at which the episode's last frame stops being displayed. */
export function episodeEndTime(cam: CameraTiming): number {
  return ((cam.startFrame + cam.frameCount) * cam.fpsDen) / cam.fpsNum;
}

export function frameDuration(cam: CameraTiming): number {
  return cam.fpsDen / cam.fpsNum;
}

/** Start time of a frame as "m:ss.mmm", or "h:mm:ss.mmm" from one hour on. */
export function formatTimecode(frame: number, fpsNum: number, fpsDen: number): string {
  // Whole milliseconds from one division of integers, so 45 frames at 30 fps is 1500, not 1499.9999.
  const totalMs = Math.round((frame * fpsDen * 1000) / fpsNum);
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
