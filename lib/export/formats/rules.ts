/**
 * Reader rules shared by several formats (pure). Each format module states which trainer reads it
 * and cites the loader; the checks they have in common live here so that a rule is written once.
 */
import { FPS_MAX_FRAMES, QwenVideoError, readFrameList, readVideoFile, type VideoElement } from "@/lib/export/readers/qwen-vl-utils";
import type { ConformResult, MediaInfo, MediaLookup, ReaderNote, ReaderProblem } from "./format";
import { framePath, mediaDirOf, mediaNeeds, type MediaNeeds, type RecordOptions } from "@/lib/export/records";
import type { Sample } from "@/lib/export/types";

export class Findings {
  problems: ReaderProblem[] = [];
  note: ReaderNote = {};
  add(rule: string, detail: string) {
    this.problems.push({ rule, detail });
  }
  result(): ConformResult {
    return { problems: this.problems, note: this.note };
  }
}

/** A media path of a record: relative to the export root, safe, and present as the kind expected. */
export function checkMedia(f: Findings, rule: string, rel: unknown, media: MediaLookup, kind: "image" | "video"): boolean {
  if (typeof rel !== "string" || rel === "") {
    f.add(rule, `expected a ${kind} path, got ${JSON.stringify(rel)}`);
    return false;
  }
  if (rel.startsWith("/") || rel.split("/").some((c) => c === "." || c === ".." || c === "")) {
    f.add(rule, `${rel} is not a plain relative path`);
    return false;
  }
  const info = media(rel);
  if (!info) {
    f.add(rule, `${rel} is not in the export`);
    return false;
  }
  if (info.kind !== kind) {
    f.add(rule, `${rel} is not a${kind === "image" ? "n image" : " video"}`);
    return false;
  }
  return true;
}

/**
 * A video as qwen-vl-utils reads it (fetch_video): a file path through smart_nframes, or a list of
 * frame paths padded to an even count. Records the frames read and the seconds the model is told.
 */
export function checkQwenVideo(
  f: Findings,
  rule: string,
  video: unknown,
  media: MediaLookup,
  ele: VideoElement = {},
  maxFramesDefault = FPS_MAX_FRAMES,
): void {
  if (Array.isArray(video)) {
    let ok = video.length > 0;
    if (!ok) f.add(rule, "a video given as a list of frames has no frames");
    for (const p of video) ok = checkMedia(f, rule, p, media, "image") && ok;
    if (!ok) return;
    const read = readFrameList(ele, video.length);
    f.note = { ...f.note, framesRead: read.nframes, framesHeld: video.length, secondsSeen: read.seconds };
    return;
  }
  if (!checkMedia(f, rule, video, media, "video")) return;
  const info = media(video as string) as Extract<MediaInfo, { kind: "video" }>;
  try {
    const read = readVideoFile(ele, info.frames, info.fps, maxFramesDefault);
    f.note = { ...f.note, framesRead: read.nframes, framesHeld: info.frames, secondsSeen: read.seconds };
  } catch (err) {
    if (!(err instanceof QwenVideoError)) throw err;
    f.add(rule, `${video as string} (${info.frames} frames at ${info.fps.toFixed(3)} fps): ${err.message}`);
  }
}

/** How many times `tag` occurs in `text`. */
export function countTag(text: string, tag: string): number {
  let n = 0;
  for (let i = text.indexOf(tag); i >= 0; i = text.indexOf(tag, i + tag.length)) n++;
  return n;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

// ---- the media of a Sample shown as image, video, image ----------------------------------------


/** I_init and I_curr as JPEGs, V_seq as the clip (clip mode) or JPEG frames (frames mode). */
export const sampleMediaNeeds = (s: Sample, o: RecordOptions): MediaNeeds => mediaNeeds(s, o.videoMode);

/** WebDataset members of a Sample: init.jpg, curr.jpg and, in clip mode, vseq.mp4. */
export function sampleTarMembers(s: Sample, o: RecordOptions): [string, string][] {
  const n = mediaNeeds(s, o.videoMode);
  const dir = mediaDirOf(s);
  return [["init.jpg", framePath(dir, s.initFrame)], ["curr.jpg", framePath(dir, s.queryFrame)], ...(n.clip ? ([["vseq.mp4", n.clip.path]] as [string, string][]) : [])];
}

export const sampleTarMemberNames = (o: RecordOptions) => (o.videoMode === "clip" ? ["curr.jpg", "init.jpg", "vseq.mp4"] : ["curr.jpg", "init.jpg"]);
