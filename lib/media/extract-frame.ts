// Frame-exact stills: a JPEG of exactly episode frame N of one camera, so a model's reasoning
// can be reviewed next to the very frames it saw. Made on first request and kept in the media
// store under the video file, the FILE frame index and the width, so every app process shares
// them; the same frame of the same file never changes.
//
// How frame N is picked (measured on frame-coded clips at 10, 12.5, 15, 25, 29.97, 30 and 60 fps,
// H.264 with and without B-frames, open GOP, MPEG-4 Part 2 and MPEG-TS):
//
// * ffmpeg's input seek (`-ss T -i …`) decodes from the keyframe before T and then DROPS every
//   frame whose timestamp is before T, so it returns the first frame that STARTS at or after T,
//   not the frame on screen at T. Seeking to the middle of frame N (what a browser wants) yields
//   N+1 every time; seeking to N's exact start works only while no rounding pushes T past it.
// * The demuxer's keyframe search is not exact either: in an MP4 it searches by decode time, so
//   an open-GOP keyframe that is decoded before frames it is displayed after can make them
//   undecodable (frames 60–61 came back as 62); an MPEG-TS has no index and lands late.
//
// So the seek only gets near, and the frame is chosen by its own timestamp: with -copyts
// -start_at_zero, timestamps stay the file's (from 0), and `select` keeps only the frame whose
// timestamp lies within half a frame of N's start, (k ± 0.5) / fps with k = startFrame + N and
// the file's exact rational rate. That window holds frame k and no other in a constant-rate
// file, so what comes out IS frame k, or nothing. The input seek goes a further PREROLL_SEC
// back so reordered/leading frames are decodable, and `-t` bounds the decoding. If the seek
// missed the frame anyway (nothing came out), the file is decoded from its start once.
import "server-only";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { db } from "@/lib/db";
import { runFfmpeg, withFfmpegSlot } from "@/lib/media/ffmpeg-slots";
import { ffmpegInputFor, mediaStore, mediaUri } from "@/lib/media/storage";
import { notFound, validationError } from "@/lib/server/errors";

/** Widths a still is made at (besides the video's own); a request is rounded up to one of them. */
export const STILL_WIDTHS = [160, 320, 640, 1280] as const;
export const MIN_STILL_WIDTH = 64;
export const MAX_STILL_WIDTH = 1280;

/** Seconds the input seek goes back before the frame, so frames decoded before their keyframe are reachable. */
const PREROLL_SEC = 0.5;
const FFMPEG_TIMEOUT_MS = 120_000;

/**
 * Width to scale to, or null for the video's own width. `requested` is clamped to
 * MIN..MAX_STILL_WIDTH and rounded up to the next of STILL_WIDTHS; no still is ever upscaled.
 */
export function stillWidth(requested: number | undefined, videoWidth: number): number | null {
  if (requested === undefined || !Number.isFinite(requested)) return null;
  const w = Math.min(MAX_STILL_WIDTH, Math.max(MIN_STILL_WIDTH, Math.round(requested)));
  const step = STILL_WIDTHS.find((s) => s >= w) ?? MAX_STILL_WIDTH;
  return step >= videoWidth ? null : step;
}

/** Media-store key of a still: the video file, the frame index inside the FILE, the width. */
export function frameStillKey(videoFileId: number, fileFrame: number, width: number | null): string {
  return `frames/${videoFileId}/${fileFrame}-${width ?? "full"}.jpg`;
}

const sec = (x: number) => x.toFixed(6);

/** ffmpeg arguments that write file frame `fileFrame` (0-based, exact rate fpsNum/fpsDen) as a JPEG to `out`. */
export function stillArgs(opts: {
  src: string;
  out: string;
  fileFrame: number;
  fpsNum: number;
  fpsDen: number;
  width: number | null;
  seek: boolean;
}): string[] {
  const { fileFrame: k, fpsNum, fpsDen } = opts;
  // One division of integers each, as in lib/media/frame-time.ts.
  const from = ((2 * k - 1) * fpsDen) / (2 * fpsNum);
  const to = ((2 * k + 1) * fpsDen) / (2 * fpsNum);
  const args = ["-v", "error", "-nostdin", "-y", "-copyts", "-start_at_zero"];
  if (opts.seek) {
    const seekTo = Math.max(0, from - PREROLL_SEC);
    args.push("-ss", sec(seekTo), "-t", sec(to - seekTo + 1));
  }
  const filters = [`select='gte(t,${sec(from)})*lt(t,${sec(to)})'`];
  if (opts.width) filters.push(`scale=${opts.width}:-2`);
  args.push("-i", opts.src, "-map", "0:v:0", "-an", "-sn", "-dn", "-vf", filters.join(","), "-frames:v", "1", "-q:v", "2", "-f", "image2", opts.out);
  return args;
}

async function nonEmpty(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}

/**
 * `media:` URI of a JPEG of episode frame `frame` (0-based, episode-relative) of `camera`
 * (default: the episode's first camera by name), `width` pixels wide (see stillWidth).
 * Throws 404 for an unknown episode or camera, 400 for a frame outside the camera's frames.
 */
export async function frameImageUri(opts: { episodeId: number; frame: number; camera?: string; width?: number }): Promise<string> {
  const { episodeId, frame, camera } = opts;
  const ev = camera
    ? await db.episodeVideo.findUnique({ where: { episodeId_camera: { episodeId, camera } }, include: { videoFile: true } })
    : await db.episodeVideo.findFirst({ where: { episodeId }, orderBy: { camera: "asc" }, include: { videoFile: true } });
  if (!ev) {
    if (camera && (await db.episode.count({ where: { id: episodeId } }))) throw notFound(`Camera "${camera}" of episode ${episodeId}`);
    throw notFound(`Episode ${episodeId}`);
  }
  if (!Number.isInteger(frame) || frame < 0 || frame >= ev.frameCount) {
    const reason = `Episode ${episodeId} has frames 0 to ${ev.frameCount - 1} on camera "${ev.camera}"; frame ${frame} is not one of them.`;
    throw validationError(reason, [{ name: "path.frame", reason }]);
  }
  const f = ev.videoFile;
  const fileFrame = ev.startFrame + frame;
  const width = stillWidth(opts.width, f.width);
  const key = frameStillKey(f.id, fileFrame, width);
  if (await mediaStore().info(key)) return mediaUri(key);
  return withFfmpegSlot(async () => {
    if (await mediaStore().info(key)) return mediaUri(key); // made while this request waited
    const dir = await mkdtemp(path.join(tmpdir(), "critic-frame-"));
    try {
      const out = path.join(dir, "frame.jpg");
      const src = await ffmpegInputFor(f.playbackUri ?? f.uri);
      const base = { src, out, fileFrame, fpsNum: f.fpsNum, fpsDen: f.fpsDen, width };
      await runFfmpeg(stillArgs({ ...base, seek: true }), { timeoutMs: FFMPEG_TIMEOUT_MS });
      if (!(await nonEmpty(out))) {
        // The seek landed past the frame (a container without an index, say): decode from the start.
        console.warn(`[frames] seek missed frame ${fileFrame} of video file ${f.id}; decoding from the start`);
        await runFfmpeg(stillArgs({ ...base, seek: false }), { timeoutMs: FFMPEG_TIMEOUT_MS });
        if (!(await nonEmpty(out))) throw new Error(`Frame ${fileFrame} of video file ${f.id} could not be decoded.`);
      }
      await mediaStore().putFile(key, out, "image/jpeg");
      return mediaUri(key);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
