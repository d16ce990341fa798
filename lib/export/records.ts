/**
 * The shared pieces of every export format's records (pure: no React, no Prisma, no I/O). The
 * formats themselves, one module each with their builders, schemas and reader rules, are in
 * lib/export/formats/ (index.ts registers them). Field names follow DOMAIN.md §2 and §6.
 *
 * Output. A builder returns BuiltRecord { id, record, provenance }:
 * - `record` is exactly what goes in the shard (one JSON line, one JSON-list element, or one
 *   parquet row), with ONLY the trainer's own keys: the PRIMO/Video-R1 loaders, LLaMA-Factory's
 *   converter and verl's RLHFDataset read rows as they are, and unknown top-level keys either end
 *   up in model inputs (verl keeps every column in the batch) or make schema merging fail.
 * - `provenance` (episode, frames, unrounded progress, clip timing, chain, …) is for a sidecar
 *   file next to the shard (`provenance/<shard>.jsonl`, one line per record, in record order).
 *   The LRM formats are our own, so their records also carry it inline as `provenance`.
 *
 * Media. Paths are RELATIVE to the export root, with "/" separators, never starting with "/"
 * and never containing "." or ".." components:
 *   frame  media/<environment slug>/<episode slug>/<frame, 6 digits>.jpg
 *   clip   media/<environment slug>/<episode slug>/clip_<query frame, 6 digits>_<8 hex>.mp4
 * The slug is sanitiseKey (samples.ts); the episode slug is read from the sample id (the part
 * before the first "/"), so it carries the "~<episodeId>" suffix when keys collide. The clip
 * name ends with fnv1a32 of its frame list and rate, because two samples at the same query frame
 * may show different V_seq frames (a chain recorded 32 frames, a generated sample 16), and each
 * clip must hold exactly its own video frames (Sample.videoFrames: V_seq with the last frame
 * repeated to an even count of at least 2, which is what qwen-vl-utils reads whole), in order.
 * videoMode "frames": V_seq is the list of its frame paths; "clip": one trimmed clip path.
 *
 * Prompt text. PRIMO records (primo-rl, primo-sft, benchmark): the reference trainers and the
 * evaluation script wrap `problem` in the PRIMO template themselves
 * (QUESTION_TEMPLATE.format(Question=record["problem"], …)), so `problem` is the {Question} block
 * only, "Task info:<instruction>\nQuestion:<question>" (Fig. 10); `primoProblem: "user-text"`
 * writes the full text instead (for loaders that do not wrap). Formats with no such wrapping
 * (llamafactory, ms-swift, easyr1, verl) carry the full buildUserText (paper template, Table 7
 * progress instruction) after their media placeholders.
 *
 * Answers. solution / answer / ground_truth = solutionValue(progress): Math.round of the
 * unrounded ground truth, except that progress below 100 never rounds up to 100 (99.6 → 99):
 * only a complete task is answered 100, and a failed episode never reaches 100 (DOMAIN §4).
 *
 * Placeholders. "<image>", "<video>" and "<audio>" in any text of the placeholder formats would
 * be read as extra media slots and break the loaders' media count checks, so such a sample is
 * rejected with a RangeError naming it (flag, never guess). Everything else (quotes, newlines,
 * "</answer>", "$&", …) is passed through unchanged; JSON.stringify escapes it.
 */
import type { ExportFormat, Rate, ReleaseSplit, ReleaseSplitTag, Sample, SnapshotEpisode } from "@/lib/export/types";
import type { Outcome } from "@/lib/annotation/types";
import { fnv1a32 } from "@/lib/primo/questions";
import { PRIMO_SYSTEM_PROMPT, buildUserText } from "@/lib/primo/prompt";
import { accuracyReward } from "@/lib/primo/rewards";
import { checkFormat, parseModelOutput } from "@/lib/primo/parse-output";
import { episodeRate, pad6, sanitiseKey, type LrmCompletionSample, type LrmContrastivePair, type LrmProgressSample } from "@/lib/export/samples";

export type VideoMode = "frames" | "clip";

export interface RecordOptions {
  /** EasyR1's media: images (I_init, V_seq frames, I_curr) or the V_seq clip alone. Default "images". */
  easyr1Media?: "images" | "video";
  videoMode: VideoMode;
  /** What `problem` holds in PRIMO records (see the module comment). Default "question-block". */
  primoProblem?: "question-block" | "user-text";
  /** verl `data_source`. Default "critic-studio/progress". */
  verlDataSource?: string;
  /** Absolute folder the media paths of records are written under (config.mediaRoot); null/absent: relative to the export folder. */
  mediaRoot?: string | null;
}

// ---------------------------------------------------------------------------------------
// Media paths

export const MEDIA_ROOT = "media";

const SLUG_RE = /^[A-Za-z0-9_-][A-Za-z0-9._~-]*$/;

/** The episode slug of an item: the part of its id before the first "/". Throws if it is not a safe path component. */
export function sampleSlug(id: string): string {
  const i = id.indexOf("/");
  const slug = i < 0 ? id : id.slice(0, i);
  if (!SLUG_RE.test(slug)) throw new RangeError(`sample id ${JSON.stringify(id)} does not start with a sanitised episode slug`);
  return slug;
}

/** A record's media paths (strings starting with `media/`) under `root`; the record as it is when root is null. Provenance is not a record field and keeps relative paths. */
export function withMediaRoot<R>(record: R, root: string | null | undefined): R {
  if (!root) return record;
  const prefix = `${root === "/" ? "" : root}/`;
  const map = (v: unknown): unknown =>
    typeof v === "string" ? (v.startsWith(`${MEDIA_ROOT}/`) ? prefix + v : v) : Array.isArray(v) ? v.map(map) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === "provenance" ? x : map(x)])) : v;
  return map(record) as R;
}

/** A record's media paths made relative to the export folder again (the inverse of withMediaRoot). */
export function withoutMediaRoot<R>(record: R, root: string | null | undefined): R {
  if (!root) return record;
  const prefix = `${root === "/" ? "" : root}/${MEDIA_ROOT}/`;
  const map = (v: unknown): unknown =>
    typeof v === "string" ? (v.startsWith(prefix) ? v.slice(prefix.length - MEDIA_ROOT.length - 1) : v) : Array.isArray(v) ? v.map(map) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, map(x)])) : v;
  return map(record) as R;
}

/** `media/<environment slug>/<episode slug>` of an item (a Sample or an LRM item). */
export function mediaDirOf(item: { id: string; episode: SnapshotEpisode }): string {
  return `${MEDIA_ROOT}/${sanitiseKey(item.episode.environment.slug)}/${sampleSlug(item.id)}`;
}

function assertFrame(frame: number): void {
  if (!Number.isSafeInteger(frame) || frame < 0) throw new RangeError(`frame must be a non-negative integer, got ${frame}`);
}

/** The JPEG of one episode frame: `<dir>/<frame 6 digits>.jpg`. */
export function framePath(dir: string, frame: number): string {
  assertFrame(frame);
  return `${dir}/${pad6(frame)}.jpg`;
}

/**
 * The trimmed clip holding exactly `frames` (in order) at `rate`:
 * `<dir>/clip_<query frame 6 digits>_<fnv1a32(frames and rate) 8 hex>.mp4`.
 */
export function clipPath(dir: string, queryFrame: number, frames: readonly number[], rate: Rate): string {
  assertFrame(queryFrame);
  const hash = fnv1a32(`${frames.join(",")}@${rate.num}/${rate.den}`).toString(16).padStart(8, "0");
  return `${dir}/clip_${pad6(queryFrame)}_${hash}.mp4`;
}

export interface MediaNeeds {
  episode: SnapshotEpisode;
  /** `media/<environment slug>/<episode slug>`. */
  dir: string;
  /** Episode frame indices needed as JPEG (at framePath(dir, frame)), ascending, unique. */
  frames: number[];
  /** The trimmed clip, in clip mode: exactly `frames`, in this order, at `rate`, written to `path`. */
  clip?: ClipNeed;
}

export interface ClipNeed {
  queryFrame: number;
  frames: number[];
  rate: Rate;
  path: string;
}

const uniqueSorted = (xs: readonly number[]) => [...new Set(xs)].sort((a, b) => a - b);

/**
 * What the export job must extract for a Sample shown as image, video, image: frames mode needs
 * I_init, the V_seq frames and I_curr as JPEGs; clip mode needs I_init and I_curr as JPEGs plus
 * the clip. `allFrames` also asks for every V_seq frame as a JPEG (formats that show them as images).
 */
export function mediaNeeds(sample: Sample, videoMode: VideoMode, opts: { allFrames?: boolean; clip?: boolean } = {}): MediaNeeds {
  const dir = mediaDirOf(sample);
  if (videoMode !== "frames" && videoMode !== "clip") throw new RangeError(`unknown videoMode ${String(videoMode)}`);
  const withFrames = videoMode === "frames" || opts.allFrames;
  const withClip = opts.clip ?? videoMode === "clip";
  return {
    episode: sample.episode,
    dir,
    frames: uniqueSorted([sample.initFrame, ...(withFrames ? sample.videoFrames : []), sample.queryFrame]),
    ...(withClip ? { clip: { queryFrame: sample.queryFrame, frames: [...sample.videoFrames], rate: sample.clipRate, path: clipPath(dir, sample.queryFrame, sample.videoFrames, sample.clipRate) } } : {}),
  };
}

export type LrmItem = LrmProgressSample | LrmContrastivePair | LrmCompletionSample;

/** Frames an LRM item shows (all as JPEG): I_init plus its keyframe(s). */
export function lrmMediaNeeds(item: LrmItem): MediaNeeds {
  const shown = "shownFrames" in item ? item.shownFrames : [item.frame];
  return { episode: item.episode, dir: mediaDirOf(item), frames: uniqueSorted([item.initFrame, ...shown]) };
}

/** Needs merged per episode directory (sorted by dir): all frames once, clips deduplicated by path. */
export function mergeMediaNeeds(needs: readonly MediaNeeds[]): { episode: SnapshotEpisode; dir: string; frames: number[]; clips: ClipNeed[] }[] {
  const byDir = new Map<string, { episode: SnapshotEpisode; frames: Set<number>; clips: Map<string, ClipNeed> }>();
  for (const n of needs) {
    let e = byDir.get(n.dir);
    if (!e) byDir.set(n.dir, (e = { episode: n.episode, frames: new Set(), clips: new Map() }));
    else if (e.episode.episodeId !== n.episode.episodeId) throw new RangeError(`episodes ${e.episode.episodeId} and ${n.episode.episodeId} share the media directory ${n.dir}`);
    for (const f of n.frames) e.frames.add(f);
    if (n.clip) e.clips.set(n.clip.path, n.clip);
  }
  return [...byDir.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([dir, e]) => ({
      episode: e.episode,
      dir,
      frames: uniqueSorted([...e.frames]),
      clips: [...e.clips.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    }));
}


// ---------------------------------------------------------------------------------------
// Shared pieces

/** The integer answer for a ground truth: Math.round, but below 100 never becomes 100. Throws on a non-finite value. */
export function solutionValue(progress: number): number {
  if (!Number.isFinite(progress)) throw new RangeError(`progress must be a finite number, got ${progress}`);
  const p = Math.max(0, Math.min(100, progress));
  const r = Math.round(p);
  return p < 100 ? Math.min(99, r) : 100;
}

/** `<answer>NN</answer>`. */
export function solutionText(progress: number): string {
  return `<answer>${solutionValue(progress)}</answer>`;
}

/** Fig. 10's {Question} block, as buildUserText puts it in the template. */
export function primoQuestionBlock(instruction: string, question: string): string {
  const i = instruction.trim();
  const q = question.trim();
  if (!i) throw new RangeError("the task instruction is empty");
  if (!q) throw new RangeError("the question is empty");
  return `Task info:${i}\nQuestion:${q}`;
}

export const userText = (s: Sample) => buildUserText({ instruction: s.episode.task.instruction, question: s.question });

const PRIMO_TAGS = ["<think>", "</think>", "<planning>", "</planning>", "<observation>", "</observation>", "<reasoning>", "</reasoning>", "<answer>", "</answer>"];

export interface CotTarget {
  planning: string;
  observation: string;
  reasoning: string;
  /** `<think>\n<planning>…</planning>\n<observation>…</observation>\n<reasoning>…</reasoning>\n</think>`. */
  process: string;
}

/** The chain's sections (trimmed) and its `process` string. */
export function cotTarget(sample: Sample): CotTarget {
  const c = sample.chain;
  if (!c) throw new RangeError(`sample ${sample.id} has no chain of thought`);
  const planning = c.planning.trim();
  const observation = c.observation.trim();
  const reasoning = c.reasoning.trim();
  return {
    planning,
    observation,
    reasoning,
    process: `<think>\n<planning>${planning}</planning>\n<observation>${observation}</observation>\n<reasoning>${reasoning}</reasoning>\n</think>`,
  };
}

export interface SftSelection {
  select: boolean;
  /** accuracyReward(chain answer, solution value), R = 100; 0 when the answer is not a clean number. */
  reward: number;
  /** The chain's answer parsed on the 0–100 scale (parseModelOutput), null when flagged. */
  answerValue: number | null;
  /** Why select is false (empty when it is true). */
  reasons: string[];
}

/**
 * The `select` flag of an SFT record. The chain is in the snapshot, so a reviewer accepted it.
 * Reference rule (PRIMO src/generate_cot_vllm.py): select = reward > 0.6, the reward comparing
 * the chain's answer with the record's solution; PRIMO's numerical reward is the bounded linear
 * one, accuracyReward with R = 100 (DOMAIN §2). The answer is parsed like every model answer in
 * the app (parseModelOutput, 0–100 scale): a flagged answer ("45%", "0.45", text) scores 0.
 * Two more conditions, because the reference loader (DatasetLoader.py) drops CoT records with an
 * empty section anyway and a target with stray tags would teach a broken format: every section
 * is non-empty, no section contains a PRIMO tag, and process + "\n" + solution passes the
 * PRIMO format check.
 */
export function sftSelection(sample: Sample): SftSelection {
  const t = cotTarget(sample);
  const reasons: string[] = [];
  const parsed = parseModelOutput(`<answer>${sample.chain!.answer}</answer>`, { questionType: "PROGRESS", scale: 100 });
  const answerValue = parsed.flag ? null : parsed.value;
  const reward = answerValue === null ? 0 : accuracyReward(answerValue, solutionValue(sample.progress));
  if (answerValue === null) reasons.push(`answer not a clean number (${parsed.flag})`);
  else if (!(reward > 0.6)) reasons.push(`reward ${reward.toFixed(3)} <= 0.6`);
  for (const [name, text] of [["planning", t.planning], ["observation", t.observation], ["reasoning", t.reasoning]] as const) {
    if (!text) reasons.push(`${name} is empty`);
    const tag = PRIMO_TAGS.find((x) => text.includes(x));
    if (tag) reasons.push(`${name} contains ${tag}`);
  }
  if (reasons.length === 0 && !checkFormat(`${t.process}\n${solutionText(sample.progress)}`)) reasons.push("target fails the PRIMO format check");
  return { select: reasons.length === 0, reward, answerValue, reasons };
}

const PLACEHOLDERS = ["<image>", "<video>", "<audio>"];

export function assertNoPlaceholders(id: string, texts: readonly string[]): void {
  for (const text of texts) {
    const p = PLACEHOLDERS.find((x) => text.includes(x));
    if (p) throw new RangeError(`sample ${id}: its text contains ${p}, which the trainer would read as a media slot`);
  }
}

// ---------------------------------------------------------------------------------------
// Provenance

export interface Provenance {
  id: string;
  format: ExportFormat;
  episode_id: number;
  episode_key: string;
  environment: string;
  task_key: string;
  instruction: string;
  split: ReleaseSplit;
  split_tag: ReleaseSplitTag;
  annotation_id: number;
  annotation_version: number;
  outcome: Outcome;
  /** Every episode frame the record shows, in the order shown (I_init, V_seq…, I_curr; or the LRM frames). */
  frames_shown: number[];
  query_frame?: number;
  /** V_seq as sampled. */
  vseq_frames?: number[];
  /** The frames the V_seq video holds (vseq_frames, the last repeated to an even count of at least 2). */
  video_frames?: number[];
  /** Episode time of each V_seq frame, seconds from frame 0. */
  vseq_times?: number[];
  /** The clip's rate ("num/den") and how long it plays; episode_seconds: how long frames 0..query take in the episode. */
  clip_fps?: string;
  clip_seconds?: number;
  episode_seconds?: number;
  /** Ground truth 0–100 unrounded (LRM contrastive: of the frames as shown). */
  progress: number | number[];
  question_index?: number;
  question?: string;
  chain?: { prediction_id: number; run_name: string; edited: boolean; answer: string; reward: number; select: boolean; reasons: string[] };
}

export function baseProvenance(format: ExportFormat, id: string, e: SnapshotEpisode, framesShown: number[], progress: number | number[]): Provenance {
  return {
    id,
    format,
    episode_id: e.episodeId,
    episode_key: e.key,
    environment: e.environment.slug,
    task_key: e.task.key,
    instruction: e.task.instruction,
    split: e.split,
    split_tag: e.splitTag,
    annotation_id: e.annotation.id,
    annotation_version: e.annotation.version,
    outcome: e.annotation.outcome,
    frames_shown: framesShown,
    progress,
  };
}

export function sampleProvenance(format: ExportFormat, s: Sample): Provenance {
  const p = baseProvenance(format, s.id, s.episode, [s.initFrame, ...s.videoFrames, s.queryFrame], s.progress);
  p.query_frame = s.queryFrame;
  p.vseq_frames = [...s.vseqFrames];
  p.video_frames = [...s.videoFrames];
  const rate = episodeRate(s.episode);
  p.vseq_times = s.vseqFrames.map((f) => (f * rate.den) / rate.num);
  p.clip_fps = `${s.clipRate.num}/${s.clipRate.den}`;
  p.clip_seconds = (s.videoFrames.length * s.clipRate.den) / s.clipRate.num;
  p.episode_seconds = ((s.queryFrame + 1) * rate.den) / rate.num;
  p.question_index = s.questionIndex;
  p.question = s.question;
  if (s.chain) {
    const sel = sftSelection(s);
    p.chain = { prediction_id: s.chain.predictionId, run_name: s.chain.runName, edited: s.chain.edited, answer: s.chain.answer, reward: sel.reward, select: sel.select, reasons: sel.reasons };
  }
  return p;
}

// ---------------------------------------------------------------------------------------
// Shared record pieces

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}


export interface BuiltRecord<R> {
  id: string;
  record: R;
  provenance: Provenance;
}


export function videoValue(s: Sample, dir: string, mode: VideoMode): string | string[] {
  if (s.videoFrames.length === 0) throw new RangeError(`sample ${s.id} has no V_seq frames`);
  if (mode === "clip") return clipPath(dir, s.queryFrame, s.videoFrames, s.clipRate);
  if (mode === "frames") return s.videoFrames.map((f) => framePath(dir, f));
  throw new RangeError(`unknown videoMode ${String(mode)}`);
}

export interface Parts {
  dir: string;
  init: string;
  current: string;
  video: string | string[];
  answer: string;
  solution: string;
}

export function parts(s: Sample, mode: VideoMode): Parts {
  const dir = mediaDirOf(s);
  const value = solutionValue(s.progress);
  return { dir, init: framePath(dir, s.initFrame), current: framePath(dir, s.queryFrame), video: videoValue(s, dir, mode), answer: String(value), solution: `<answer>${value}</answer>` };
}

/** The assistant text: process + "\n" + solution for chain samples (PRIMO's SFT target), the solution alone otherwise. */
export function assistantText(s: Sample): string {
  return s.chain ? `${cotTarget(s).process}\n${solutionText(s.progress)}` : solutionText(s.progress);
}

/** PRIMO's user-message order: initial image, video, current image, then the text. */
export const MEDIA_PREFIX = "<image><video><image>";

export function chat(s: Sample): { system: ChatMessage; user: ChatMessage; assistant: ChatMessage } {
  const text = userText(s);
  const answer = assistantText(s);
  assertNoPlaceholders(s.id, [text, answer]);
  return {
    system: { role: "system", content: PRIMO_SYSTEM_PROMPT },
    user: { role: "user", content: `${MEDIA_PREFIX}${text}` },
    assistant: { role: "assistant", content: answer },
  };
}

