// ffprobe wrapper: what a video file is, and whether browsers can play it as it is.
import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { promisify } from "node:util";
import { buildFrameTable, FrameTimes, type FrameTable } from "./frame-table";

const run = promisify(execFile);

export interface ProbeResult {
  codec: string;
  pixFmt: string | null;
  width: number;
  height: number;
  fpsNum: number;
  fpsDen: number;
  frameCount: number;
  durationSec: number;
  sizeBytes: number;
  browserPlayable: boolean;
  /** Every frame's presentation time (lib/media/frame-table.ts). */
  frameTable: FrameTable;
  /**
   * Frames a browser cannot seek to. Chromium's media duration is the longest stream duration the
   * container gives, NOT counting the start time, and it clamps every seek to it; ffmpeg decodes
   * the frames past it all the same. Measured on frame-coded files: a video stream 0.5 s into a
   * file without audio loses its last 0.5 s, and a variable-rate H.264 file with B-frames whose
   * edit ends one frame early loses its last frame. Such a file gets a playback copy (transcode.ts)
   * whose frames are the same, every one reachable.
   */
  hiddenFrames: number;
}

/**
 * Codecs the target browsers (current Chromium, Firefox and Safari 17+) decode in MP4/WebM, with
 * 8-bit 4:2:0 pixels. AV1 is LeRobot's default encoding (libsvtav1); Chromium decodes it with
 * dav1d, so an AV1 dataset plays without a conversion. HEVC and MPEG-4 Part 2 are converted.
 */
const PLAYABLE_CODECS = new Set(["h264", "vp8", "vp9", "av1"]);
const PLAYABLE_PIX = new Set(["yuv420p", "yuvj420p"]);

export function isBrowserPlayable(codec: string, pixFmt: string | null): boolean {
  return PLAYABLE_CODECS.has(codec) && (pixFmt === null || PLAYABLE_PIX.has(pixFmt));
}

export function parseRate(rate: string | undefined): [number, number] | null {
  if (!rate) return null;
  const [n, d] = rate.split("/").map(Number);
  if (!n || !Number.isFinite(n)) return null;
  return [n, d && Number.isFinite(d) ? d : 1];
}

export class ProbeError extends Error {}

export async function probeVideo(file: string, ffprobe = "ffprobe"): Promise<ProbeResult> {
  let sizeBytes: number;
  try {
    sizeBytes = (await stat(file)).size;
  } catch {
    throw new ProbeError("file not found");
  }
  let out: string;
  try {
    // Every packet's presentation time, duration and discard flag (the video's make the frame
    // table), read from the demuxer without decoding so it stays fast on long files; and every
    // stream's duration (what a browser takes as the media's duration). One ffprobe: starting one
    // costs more than reading a short file's packets.
    ({ stdout: out } = await run(
      ffprobe,
      ["-v", "error", "-show_entries",
        "stream=index,codec_type,codec_name,pix_fmt,width,height,r_frame_rate,avg_frame_rate,time_base,duration:packet=stream_index,pts,duration,flags",
        "-of", "json", file],
      { maxBuffer: 1 << 30, timeout: 120_000 },
    ));
  } catch (err) {
    const msg = String((err as { stderr?: string }).stderr || (err as Error).message).trim().split("\n").pop();
    throw new ProbeError(`not a readable video (${msg || "ffprobe failed"})`);
  }
  const parsed = JSON.parse(out) as {
    streams?: Array<Record<string, string | number | undefined>>;
    packets?: Array<{ stream_index?: number; pts?: number | string; duration?: number | string; flags?: string }>;
  };
  const s = parsed.streams?.find((x) => x.codec_type === "video");
  if (!s) throw new ProbeError("no video stream");
  const tb = parseRate(s.time_base as string);
  if (!tb) throw new ProbeError("time base unknown");
  const nominal = parseRate(s.r_frame_rate as string) ?? parseRate(s.avg_frame_rate as string);
  const frameTable = buildFrameTable({
    tbNum: tb[0],
    tbDen: tb[1],
    packets: (parsed.packets ?? []).filter((p) => p.stream_index === s.index).map((p) => ({ pts: Number(p.pts ?? NaN), duration: Number(p.duration ?? 0), discard: String(p.flags ?? "").includes("D") })),
    rate: nominal ? { num: nominal[0], den: nominal[1] } : null,
  });
  const times = new FrameTimes(frameTable);
  if (times.count === 0) throw new ProbeError("has no video frames");
  // The rate shown and used where one number is wanted: exact when the frames are evenly spaced,
  // else the stream's average rate.
  const rate = times.uniformRate ? [times.uniformRate.num, times.uniformRate.den] : (parseRate(s.avg_frame_rate as string) ?? nominal);
  if (!rate) throw new ProbeError("frame rate unknown");
  const codec = String(s.codec_name ?? "unknown");
  const pixFmt = s.pix_fmt ? String(s.pix_fmt) : null;
  // A browser's media duration: the longest stream duration, start times not counted (hiddenFrames).
  const durations = (parsed.streams ?? []).map((x) => Number(x.duration)).filter((d) => Number.isFinite(d) && d > 0);
  const browserEnd = durations.length ? Math.max(...durations) : null;
  let hiddenFrames = 0;
  if (browserEnd !== null) while (hiddenFrames < times.count && times.seekTime(times.count - 1 - hiddenFrames) > browserEnd) hiddenFrames++;
  return {
    codec,
    pixFmt,
    width: Number(s.width),
    height: Number(s.height),
    fpsNum: rate[0]!,
    fpsDen: rate[1]!,
    frameCount: times.count,
    durationSec: times.end - times.start,
    sizeBytes,
    frameTable,
    hiddenFrames,
    browserPlayable: isBrowserPlayable(codec, pixFmt) && hiddenFrames === 0,
  };
}

