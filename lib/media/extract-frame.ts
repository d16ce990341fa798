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
// So the seek only gets near, and the frame is chosen by its own timestamp: with -copyts the
// timestamps stay the file's presentation times, the very times of its frame table
// (lib/media/frame-table.ts: after the edit list, with the stream's start offset), and `select`
// keeps only the frame whose timestamp lies in frame k's window, from half-way after frame k-1 to
// half-way before frame k+1 (k = startFrame + N). That window holds frame k and no other, at a
// constant rate or not, so what comes out IS frame k, or nothing. The input seek goes a further PREROLL_SEC
// back so reordered/leading frames are decodable, and `-t` bounds the decoding. If the seek
// missed the frame anyway (nothing came out), the file is decoded from its start once.
import "server-only";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { db } from "@/lib/db";
import { runFfmpeg, withFfmpegSlot } from "@/lib/media/ffmpeg-slots";
import { ffmpegInputFor, mediaStore, mediaUri } from "@/lib/media/storage";
import { notFound, unprocessable, validationError } from "@/lib/server/errors";
import { fileFrameTimes, type FrameTimes } from "@/lib/media/frame-table";
import { timelineOf } from "@/lib/media/frame-time";

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

/** The frame table of the file a still is made from (the converted copy's when there is one). */
export function stillTimes(f: { playbackUri: string | null; playbackFrameTable: unknown; frameTable: unknown; fpsNum: number; fpsDen: number; frameCount: number }): FrameTimes {
  return fileFrameTimes(f, (f.playbackUri ? f.playbackFrameTable : null) ?? f.frameTable);
}

/** ffmpeg arguments that write file frame `fileFrame` (0-based, of `times`) as a JPEG to `out`. */
export function stillArgs(opts: { src: string; out: string; fileFrame: number; times: FrameTimes; width: number | null; seek: boolean }): string[] {
  const { from, to } = opts.times.window(opts.fileFrame);
  const args = ["-v", "error", "-nostdin", "-y", "-copyts"];
  if (opts.seek) {
    // -ss counts from the container's start, which is at or before the video's first frame:
    // measured from the first frame, the seek lands at or before the window, never after it.
    const seekTo = Math.max(0, from - PREROLL_SEC - opts.times.start);
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
 * `media:` URI of a JPEG of episode frame `frame` (0-based, on the episode's frame grid: its
 * reference camera's frames) as camera `camera` shows it (default: the reference camera), `width`
 * pixels wide (see stillWidth). Another camera gives its own frame on screen at that moment,
 * mapped by time through its frame table and offset (lib/media/frame-time.ts).
 * Throws 404 for an unknown episode or camera, 400 for a frame outside the episode, 422 (with the
 * reason) for a frame its video will not give.
 */
export async function frameImageUri(opts: { episodeId: number; frame: number; camera?: string; width?: number }): Promise<string> {
  const { episodeId, frame, camera } = opts;
  const episode = await db.episode.findUnique({
    where: { id: episodeId },
    select: { lengthFrames: true, referenceCamera: true, videos: { orderBy: { camera: "asc" }, include: { videoFile: true } } },
  });
  if (!episode || episode.videos.length === 0) throw notFound(`Episode ${episodeId}`);
  const refName = episode.referenceCamera && episode.videos.some((v) => v.camera === episode.referenceCamera) ? episode.referenceCamera : episode.videos[0]!.camera;
  const ev = episode.videos.find((v) => v.camera === (camera ?? refName));
  if (!ev) throw notFound(`Camera "${camera}" of episode ${episodeId}`);
  if (!Number.isInteger(frame) || frame < 0 || frame >= episode.lengthFrames) {
    const reason = `Episode ${episodeId} has frames 0 to ${episode.lengthFrames - 1}; frame ${frame} is not one of them.`;
    throw validationError(reason, [{ name: "path.frame", reason }]);
  }
  const tl = timelineOf({
    referenceCamera: refName,
    lengthFrames: episode.lengthFrames,
    cameras: episode.videos.map((v) => ({
      camera: v.camera,
      frameTable: stillTimes(v.videoFile).table,
      fpsNum: v.videoFile.fpsNum,
      fpsDen: v.videoFile.fpsDen,
      fileFrameCount: v.videoFile.frameCount,
      startFrame: v.startFrame,
      frameCount: v.frameCount,
      startSec: v.startSec,
      offsetMs: v.offsetMs,
    })),
  })!;
  const camFrame = tl.cameraFrame(ev.camera, frame);
  const f = ev.videoFile;
  const fileFrame = ev.startFrame + camFrame;
  const width = stillWidth(opts.width, f.width);
  const key = frameStillKey(f.id, fileFrame, width);
  if (await mediaStore().info(key)) return mediaUri(key);
  return withFfmpegSlot(async () => {
    if (await mediaStore().info(key)) return mediaUri(key); // made while this request waited
    const dir = await mkdtemp(path.join(tmpdir(), "critic-frame-"));
    try {
      const out = path.join(dir, "frame.jpg");
      const src = await ffmpegInputFor(f.playbackUri ?? f.uri);
      const times = stillTimes(f);
      if (fileFrame >= times.count) {
        throw unprocessable(`Camera "${ev.camera}" of episode ${episodeId} lists frame ${frame} (file frame ${fileFrame}), but its video has ${times.count} frames.`, { camera: ev.camera, frame, fileFrame });
      }
      const base = { src, out, fileFrame, times, width };
      const attempt = async (seek: boolean): Promise<string | null> => {
        try {
          await runFfmpeg(stillArgs({ ...base, seek }), { timeoutMs: FFMPEG_TIMEOUT_MS });
          return null;
        } catch (err) {
          return (err as Error).message.trim().split("\n").slice(-2).join(" ");
        }
      };
      let failure = await attempt(true);
      if (!(await nonEmpty(out))) {
        // The seek landed past the frame (a container without an index, say): decode from the start.
        console.warn(`[frames] seek missed frame ${fileFrame} of video file ${f.id}; decoding from the start`);
        failure = (await attempt(false)) ?? failure;
        if (!(await nonEmpty(out))) {
          const t = times.time(fileFrame);
          throw unprocessable(
            `Frame ${frame} of camera "${ev.camera}" (file frame ${fileFrame}, shown at ${t.toFixed(3)} s) could not be decoded from its video: ${failure ?? "ffmpeg decoded no picture at that time"}.`,
            { camera: ev.camera, frame, fileFrame },
          );
        }
      }
      await mediaStore().putFile(key, out, "image/jpeg");
      return mediaUri(key);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
