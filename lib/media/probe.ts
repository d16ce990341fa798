// ffprobe wrapper: what a video file is, and whether browsers can play it as it is.
import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { promisify } from "node:util";

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
}

/** Codecs every current browser decodes in MP4/WebM, with 8-bit 4:2:0 pixels. */
const PLAYABLE_CODECS = new Set(["h264", "vp8", "vp9"]);
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
    // -count_packets gives an exact frame count even where the container has no nb_frames;
    // it only demuxes, so it stays fast on long files.
    ({ stdout: out } = await run(
      ffprobe,
      ["-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries",
        "stream=codec_name,pix_fmt,width,height,r_frame_rate,avg_frame_rate,nb_frames,nb_read_packets,duration:format=duration",
        "-of", "json", file],
      { maxBuffer: 1 << 20, timeout: 60_000 },
    ));
  } catch (err) {
    const msg = String((err as { stderr?: string }).stderr || (err as Error).message).trim().split("\n").pop();
    throw new ProbeError(`not a readable video (${msg || "ffprobe failed"})`);
  }
  const parsed = JSON.parse(out) as {
    streams?: Array<Record<string, string | number | undefined>>;
    format?: { duration?: string };
  };
  const s = parsed.streams?.[0];
  if (!s) throw new ProbeError("no video stream");
  const rate = parseRate(s.avg_frame_rate as string) ?? parseRate(s.r_frame_rate as string);
  if (!rate) throw new ProbeError("frame rate unknown");
  const durationSec = Number(s.duration ?? parsed.format?.duration ?? 0);
  const frameCount = Number(s.nb_read_packets ?? s.nb_frames ?? Math.round((durationSec * rate[0]) / rate[1]));
  const codec = String(s.codec_name ?? "unknown");
  const pixFmt = s.pix_fmt ? String(s.pix_fmt) : null;
  return {
    codec,
    pixFmt,
    width: Number(s.width),
    height: Number(s.height),
    fpsNum: rate[0],
    fpsDen: rate[1],
    frameCount,
    durationSec,
    sizeBytes,
    browserPlayable: isBrowserPlayable(codec, pixFmt),
  };
}
