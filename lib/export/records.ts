/**
 * Record builders for every export format (EXPORT_FORMATS, lib/export/types.ts). Pure: no
 * React, no Prisma, no I/O. Field names follow DOMAIN.md §2 and §6 exactly.
 *
 * Output. Every builder returns BuiltRecord { id, record, provenance }:
 * - `record` is exactly what goes in the shard (one JSON line, one JSON-list element, or one
 *   verl parquet row). It has ONLY the trainer's own keys: the PRIMO/Video-R1 loaders, LLaMA-
 *   Factory's converter and verl's RLHFDataset read rows as they are, and unknown top-level keys
 *   either end up in model inputs (verl keeps every column in the batch) or make schema
 *   merging fail, so nothing of ours is added there.
 * - `provenance` (episode, frames, unrounded progress, chain, …) is for a sidecar file next to
 *   the shard (e.g. `<shard>.provenance.jsonl`, one line per record, joined on `id`). The LRM
 *   formats are our own, so their records also carry it inline as `provenance`.
 *
 * Media. Paths are RELATIVE to the export root, with "/" separators, never starting with "/"
 * and never containing "." or ".." components:
 *   frame  media/<environment slug>/<episode slug>/<frame, 6 digits>.jpg
 *   clip   media/<environment slug>/<episode slug>/clip_<query frame, 6 digits>_<8 hex>.mp4
 * The slug is sanitiseKey (samples.ts); the episode slug is read from the sample id (the part
 * before the first "/"), so it carries the "~<episodeId>" suffix when keys collide. The clip
 * name ends with fnv1a32 of its frame list, because two samples at the same query frame may
 * show different V_seq frames (a chain recorded 32 frames, a generated sample 16), and each
 * clip must hold exactly its own V_seq frames, in order (for generated samples the first is
 * frame 0 and the last the query frame; a chain's recorded frames are kept as the model saw them).
 * videoMode "frames": V_seq is the list of its frame paths; "clip": one trimmed clip path.
 * mediaNeeds / lrmMediaNeeds / mediaNeedsFor tell the export job what to extract.
 *
 * Prompt text. PRIMO records (primo-rl, primo-sft, benchmark): the reference trainers and the
 * evaluation script (10-OASIS-01/PRIMO-R1 src/r1-v/src/open_r1/grpo_interleave.py,
 * sft_interleave.py, src/eval/eval_interleave.py) all do
 *   QUESTION_TEMPLATE.format(Question=record["problem"], question_type=record["problem_type"]) + TYPE_TEMPLATE[...]
 * i.e. they wrap `problem` in the PRIMO template themselves. So by default `problem` is the
 * {Question} block only, "Task info:<instruction>\nQuestion:<question>" (Fig. 10, exactly what
 * buildUserText puts in that slot); putting the full buildUserText there would give the model
 * the template twice. `primoProblem: "user-text"` writes the full text instead (for loaders
 * that do not wrap). Formats with no such wrapping (llamafactory, ms-swift, easyr1, verl) carry
 * the full buildUserText (paper template, Table 7 progress instruction) after the
 * "<image><video><image>" placeholders (PRIMO order: initial image, video, current image).
 * `problem_type` is "numerical": the type the PRIMO reference scores with the bounded linear
 * reward 1 - |ŷ-y|/100 (grpo_interleave.accuracy_reward).
 *
 * Answers. solution / answer / ground_truth = solutionValue(progress): Math.round of the
 * unrounded ground truth, except that progress below 100 never rounds up to 100 (99.6 → 99):
 * only a complete task is answered 100, and a failed episode never reaches 100 (DOMAIN §4).
 *
 * Placeholders. "<image>", "<video>" and "<audio>" in any text of the placeholder formats
 * (llamafactory, ms-swift, easyr1, verl) would be read as extra media slots and break the
 * image/video count check of the loaders, so such a sample is rejected with a RangeError
 * naming it (flag, never guess). Everything else (quotes, newlines, "</answer>", "$&", …) is
 * passed through unchanged; JSON.stringify escapes it.
 */
import type { ExportFormat, ReleaseSplit, ReleaseSplitTag, Sample, SnapshotEpisode } from "@/lib/export/types";
import type { Outcome } from "@/lib/annotation/types";
import { fnv1a32 } from "@/lib/model-runs/questions";
import { PRIMO_SYSTEM_PROMPT, buildUserText } from "@/lib/model-runs/prompt";
import { accuracyReward } from "@/lib/metrics/metrics";
import { checkFormat, parseModelOutput } from "@/lib/predictions/parse-output";
import { pad6, sanitiseKey, type LrmCompletionSample, type LrmContrastivePair, type LrmProgressSample } from "@/lib/export/samples";

export type VideoMode = "frames" | "clip";

export interface RecordOptions {
  videoMode: VideoMode;
  /** What `problem` holds in PRIMO records (see the module comment). Default "question-block". */
  primoProblem?: "question-block" | "user-text";
  /** verl `data_source`. Default "critic-studio/progress". */
  verlDataSource?: string;
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

/** The trimmed clip holding exactly `frames` (in order): `<dir>/clip_<query frame 6 digits>_<fnv1a32(frames) 8 hex>.mp4`. */
export function clipPath(dir: string, queryFrame: number, frames: readonly number[]): string {
  assertFrame(queryFrame);
  const hash = fnv1a32(frames.join(",")).toString(16).padStart(8, "0");
  return `${dir}/clip_${pad6(queryFrame)}_${hash}.mp4`;
}

export interface MediaNeeds {
  episode: SnapshotEpisode;
  /** `media/<environment slug>/<episode slug>`. */
  dir: string;
  /** Episode frame indices needed as JPEG (at framePath(dir, frame)), ascending, unique. */
  frames: number[];
  /** The trimmed clip, in clip mode: exactly `frames`, in this order, written to `path`. */
  clip?: { queryFrame: number; frames: number[]; path: string };
}

const uniqueSorted = (xs: readonly number[]) => [...new Set(xs)].sort((a, b) => a - b);

/** What the export job must extract for a Sample: frames mode needs I_init, V_seq and I_curr as JPEGs; clip mode needs I_init and I_curr as JPEGs plus the clip. */
export function mediaNeeds(sample: Sample, videoMode: VideoMode): MediaNeeds {
  const dir = mediaDirOf(sample);
  if (videoMode === "frames") {
    return { episode: sample.episode, dir, frames: uniqueSorted([sample.initFrame, ...sample.vseqFrames, sample.queryFrame]) };
  }
  if (videoMode === "clip") {
    return {
      episode: sample.episode,
      dir,
      frames: uniqueSorted([sample.initFrame, sample.queryFrame]),
      clip: { queryFrame: sample.queryFrame, frames: [...sample.vseqFrames], path: clipPath(dir, sample.queryFrame, sample.vseqFrames) },
    };
  }
  throw new RangeError(`unknown videoMode ${String(videoMode)}`);
}

export type LrmItem = LrmProgressSample | LrmContrastivePair | LrmCompletionSample;

/** Frames an LRM item shows (all as JPEG): I_init plus its keyframe(s). */
export function lrmMediaNeeds(item: LrmItem): MediaNeeds {
  const shown = "shownFrames" in item ? item.shownFrames : [item.frame];
  return { episode: item.episode, dir: mediaDirOf(item), frames: uniqueSorted([item.initFrame, ...shown]) };
}

/** The media needs of every item of a format's input. */
export function mediaNeedsFor<F extends ExportFormat>(format: F, items: FormatInput[F], videoMode: VideoMode): MediaNeeds[] {
  if (isLrmFormat(format)) return (items as LrmItem[]).map(lrmMediaNeeds);
  return (items as Sample[]).map((s) => mediaNeeds(s, videoMode));
}

/** Needs merged per episode directory (sorted by dir): all frames once, clips deduplicated by path. */
export function mergeMediaNeeds(needs: readonly MediaNeeds[]): { episode: SnapshotEpisode; dir: string; frames: number[]; clips: { queryFrame: number; frames: number[]; path: string }[] }[] {
  const byDir = new Map<string, { episode: SnapshotEpisode; frames: Set<number>; clips: Map<string, { queryFrame: number; frames: number[]; path: string }> }>();
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

/**
 * A warning to show when a format is exported in a video mode its reference loader cannot read,
 * else null. The PRIMO / Video-R1 loaders need `path` to be ONE video file (DatasetLoader.py
 * does str(path); grpo_interleave checks os.path.exists(path)), so frames mode breaks them.
 */
export function videoModeCaveat(format: ExportFormat, videoMode: VideoMode): string | null {
  if (videoMode === "frames" && (format === "primo-rl" || format === "primo-sft" || format === "benchmark")) {
    return 'The PRIMO / Video-R1 loaders expect "path" to be one video file; in frames mode it is a list of frame paths, which they cannot read. Export in clip mode for them.';
  }
  return null;
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

const userText = (s: Sample) => buildUserText({ instruction: s.episode.task.instruction, question: s.question });

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

function assertNoPlaceholders(id: string, texts: readonly string[]): void {
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
  vseq_frames?: number[];
  /** Ground truth 0–100 unrounded (LRM contrastive: of the frames as shown). */
  progress: number | number[];
  question_index?: number;
  question?: string;
  chain?: { prediction_id: number; run_name: string; edited: boolean; answer: string; reward: number; select: boolean; reasons: string[] };
}

function baseProvenance(format: ExportFormat, id: string, e: SnapshotEpisode, framesShown: number[], progress: number | number[]): Provenance {
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

function sampleProvenance(format: ExportFormat, s: Sample): Provenance {
  const p = baseProvenance(format, s.id, s.episode, [s.initFrame, ...s.vseqFrames, s.queryFrame], s.progress);
  p.query_frame = s.queryFrame;
  p.vseq_frames = [...s.vseqFrames];
  p.question_index = s.questionIndex;
  p.question = s.question;
  if (s.chain) {
    const sel = sftSelection(s);
    p.chain = { prediction_id: s.chain.predictionId, run_name: s.chain.runName, edited: s.chain.edited, answer: s.chain.answer, reward: sel.reward, select: sel.select, reasons: sel.reasons };
  }
  return p;
}

// ---------------------------------------------------------------------------------------
// Record shapes

/** Video-R1 / PRIMO RL record (also the benchmark record). `options` is only for multiple choice, so it is omitted. */
export interface PrimoRlRecord {
  problem_id: string;
  problem: string;
  problem_type: "numerical";
  solution: string;
  /** The clip (clip mode) or the V_seq frame paths (frames mode). */
  path: string | string[];
  data_type: "video";
  init_frame_path: string;
  current_frame_path: string;
}

/** PRIMO SFT record: the RL fields plus the chain of thought. SFT target = process + "\n" + solution. */
export interface PrimoSftRecord extends PrimoRlRecord {
  process: string;
  planning: string;
  observation: string;
  reasoning: string;
  select: boolean;
}

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** LLaMA-Factory sharegpt ("openai" flavour) record. */
export interface LlamaFactoryRecord {
  messages: ChatMessage[];
  images: string[];
  /** One video: a clip path, or the list of its frame paths. */
  videos: (string | string[])[];
}

/** ms-swift standard record. */
export interface MsSwiftRecord {
  messages: ChatMessage[];
  images: string[];
  videos: (string | string[])[];
}

/** EasyR1 record. */
export interface EasyR1Record {
  prompt: string;
  answer: string;
  images: string[];
  videos: (string | string[])[];
}

/** verl RLHFDataset parquet row (images/videos as qwen-vl-utils dicts, as verl's process_image / process_video read them). */
export interface VerlRecord {
  data_source: string;
  prompt: ChatMessage[];
  images: { image: string }[];
  videos: { video: string | string[] }[];
  ability: string;
  reward_model: { style: "rule"; ground_truth: string };
  extra_info: {
    split: ReleaseSplit;
    index: number;
    id: string;
    episode_id: number;
    episode_key: string;
    query_frame: number;
    progress: number;
    answer: string;
    question: string;
  };
}

/**
 * lrm-progress (JSONL):
 *   id, instruction, init_image (I_init, LRM's optional anchor), image (the keyframe),
 *   label (LRM stage / 10, one of 0, 0.1, …, 1; see LrmProgressSample.stage), stage (0–10),
 *   progress (annotation ground truth 0–100, unrounded), normalised_time (frame / (L-1)),
 *   keyframe (k of t/T = k/10), provenance.
 */
export interface LrmProgressRecord {
  id: string;
  instruction: string;
  init_image: string;
  image: string;
  label: number;
  stage: number;
  progress: number;
  normalised_time: number;
  keyframe: number;
  provenance: Provenance;
}

/**
 * lrm-contrastive (JSONL):
 *   id, instruction, init_image, images ([first shown, second shown]),
 *   label (1 or 2: which shown image is further along the task), frames (episode frames as
 *   shown), progress (their ground truth, as shown), provenance. The two frames are always
 *   an earlier and a later keyframe of one episode with different ground truth.
 */
export interface LrmContrastiveRecord {
  id: string;
  instruction: string;
  init_image: string;
  images: [string, string];
  label: 1 | 2;
  frames: [number, number];
  progress: [number, number];
  provenance: Provenance;
}

/**
 * lrm-completion (JSONL):
 *   id, instruction, init_image, image (the state judged), label ("yes" | "no": is the task
 *   complete in this state), complete (the same as a boolean), progress (0–100 unrounded),
 *   provenance.
 */
export interface LrmCompletionRecord {
  id: string;
  instruction: string;
  init_image: string;
  image: string;
  label: "yes" | "no";
  complete: boolean;
  progress: number;
  provenance: Provenance;
}

export interface BuiltRecord<R> {
  id: string;
  record: R;
  provenance: Provenance;
}

// ---------------------------------------------------------------------------------------
// Builders

function videoValue(s: Sample, dir: string, mode: VideoMode): string | string[] {
  if (s.vseqFrames.length === 0) throw new RangeError(`sample ${s.id} has no V_seq frames`);
  if (mode === "clip") return clipPath(dir, s.queryFrame, s.vseqFrames);
  if (mode === "frames") return s.vseqFrames.map((f) => framePath(dir, f));
  throw new RangeError(`unknown videoMode ${String(mode)}`);
}

interface Parts {
  dir: string;
  init: string;
  current: string;
  video: string | string[];
  answer: string;
  solution: string;
}

function parts(s: Sample, mode: VideoMode): Parts {
  const dir = mediaDirOf(s);
  const value = solutionValue(s.progress);
  return { dir, init: framePath(dir, s.initFrame), current: framePath(dir, s.queryFrame), video: videoValue(s, dir, mode), answer: String(value), solution: `<answer>${value}</answer>` };
}

function primoFields(s: Sample, opts: RecordOptions): PrimoRlRecord {
  const p = parts(s, opts.videoMode);
  const problem = (opts.primoProblem ?? "question-block") === "user-text" ? userText(s) : primoQuestionBlock(s.episode.task.instruction, s.question);
  return {
    problem_id: s.id,
    problem,
    problem_type: "numerical",
    solution: p.solution,
    path: p.video,
    data_type: "video",
    init_frame_path: p.init,
    current_frame_path: p.current,
  };
}

export function primoRlRecord(s: Sample, opts: RecordOptions, format: "primo-rl" | "benchmark" = "primo-rl"): BuiltRecord<PrimoRlRecord> {
  return { id: s.id, record: primoFields(s, opts), provenance: sampleProvenance(format, s) };
}

/** Benchmark record: the PRIMO RL shape, for test episodes only (throws on a training episode). */
export function benchmarkRecord(s: Sample, opts: RecordOptions): BuiltRecord<PrimoRlRecord> {
  if (s.episode.split !== "test" || s.episode.splitTag === "TRAIN") throw new RangeError(`sample ${s.id} is from a training episode; the benchmark holds test episodes only`);
  return primoRlRecord(s, opts, "benchmark");
}

/** PRIMO SFT record; chain samples only (throws otherwise). */
export function primoSftRecord(s: Sample, opts: RecordOptions): BuiltRecord<PrimoSftRecord> {
  const t = cotTarget(s);
  const provenance = sampleProvenance("primo-sft", s);
  return {
    id: s.id,
    record: { ...primoFields(s, opts), process: t.process, planning: t.planning, observation: t.observation, reasoning: t.reasoning, select: provenance.chain!.select },
    provenance,
  };
}

/** The assistant text: process + "\n" + solution for chain samples (PRIMO's SFT target), the solution alone otherwise. */
function assistantText(s: Sample): string {
  return s.chain ? `${cotTarget(s).process}\n${solutionText(s.progress)}` : solutionText(s.progress);
}

const MEDIA_PREFIX = "<image><video><image>";

function chat(s: Sample): { system: ChatMessage; user: ChatMessage; assistant: ChatMessage } {
  const text = userText(s);
  const answer = assistantText(s);
  assertNoPlaceholders(s.id, [text, answer]);
  return {
    system: { role: "system", content: PRIMO_SYSTEM_PROMPT },
    user: { role: "user", content: `${MEDIA_PREFIX}${text}` },
    assistant: { role: "assistant", content: answer },
  };
}

export function llamaFactoryRecord(s: Sample, opts: RecordOptions): BuiltRecord<LlamaFactoryRecord> {
  const p = parts(s, opts.videoMode);
  const c = chat(s);
  return { id: s.id, record: { messages: [c.system, c.user, c.assistant], images: [p.init, p.current], videos: [p.video] }, provenance: sampleProvenance("llamafactory", s) };
}

export function msSwiftRecord(s: Sample, opts: RecordOptions): BuiltRecord<MsSwiftRecord> {
  const p = parts(s, opts.videoMode);
  const c = chat(s);
  return { id: s.id, record: { messages: [c.system, c.user, c.assistant], images: [p.init, p.current], videos: [p.video] }, provenance: sampleProvenance("ms-swift", s) };
}

/** EasyR1: no system message in the data (EasyR1 applies its own format_prompt template); the answer is the bare integer. */
export function easyR1Record(s: Sample, opts: RecordOptions): BuiltRecord<EasyR1Record> {
  const p = parts(s, opts.videoMode);
  const text = userText(s);
  assertNoPlaceholders(s.id, [text]);
  return { id: s.id, record: { prompt: `${MEDIA_PREFIX}${text}`, answer: p.answer, images: [p.init, p.current], videos: [p.video] }, provenance: sampleProvenance("easyr1", s) };
}

export const VERL_ABILITY = "robot_task_progress";

/** verl row. `index` is the row's position in the shard set (extra_info.index, as in verl's examples). */
export function verlRecord(s: Sample, opts: RecordOptions, index: number): BuiltRecord<VerlRecord> {
  const p = parts(s, opts.videoMode);
  const c = chat(s);
  return {
    id: s.id,
    record: {
      data_source: opts.verlDataSource ?? "critic-studio/progress",
      prompt: [c.system, c.user],
      images: [{ image: p.init }, { image: p.current }],
      videos: [{ video: p.video }],
      ability: VERL_ABILITY,
      reward_model: { style: "rule", ground_truth: p.answer },
      extra_info: {
        split: s.episode.split,
        index,
        id: s.id,
        episode_id: s.episode.episodeId,
        episode_key: s.episode.key,
        query_frame: s.queryFrame,
        progress: s.progress,
        answer: p.answer,
        question: s.question,
      },
    },
    provenance: sampleProvenance("verl", s),
  };
}

export function lrmProgressRecord(x: LrmProgressSample): BuiltRecord<LrmProgressRecord> {
  const dir = mediaDirOf(x);
  const provenance = baseProvenance("lrm-progress", x.id, x.episode, [x.initFrame, x.frame], x.progress);
  return {
    id: x.id,
    record: {
      id: x.id,
      instruction: x.episode.task.instruction,
      init_image: framePath(dir, x.initFrame),
      image: framePath(dir, x.frame),
      label: x.stage / 10,
      stage: x.stage,
      progress: x.progress,
      normalised_time: x.normalisedTime,
      keyframe: x.keyframe,
      provenance,
    },
    provenance,
  };
}

export function lrmContrastiveRecord(x: LrmContrastivePair): BuiltRecord<LrmContrastiveRecord> {
  const dir = mediaDirOf(x);
  const [a, b] = x.shownFrames;
  const progressOf = (f: number) => (f === x.earlierFrame ? x.earlierProgress : x.laterProgress);
  const progress: [number, number] = [progressOf(a), progressOf(b)];
  const provenance = baseProvenance("lrm-contrastive", x.id, x.episode, [x.initFrame, a, b], progress);
  return {
    id: x.id,
    record: {
      id: x.id,
      instruction: x.episode.task.instruction,
      init_image: framePath(dir, x.initFrame),
      images: [framePath(dir, a), framePath(dir, b)],
      label: x.further,
      frames: [a, b],
      progress,
      provenance,
    },
    provenance,
  };
}

export function lrmCompletionRecord(x: LrmCompletionSample): BuiltRecord<LrmCompletionRecord> {
  const dir = mediaDirOf(x);
  const provenance = baseProvenance("lrm-completion", x.id, x.episode, [x.initFrame, x.frame], x.progress);
  return {
    id: x.id,
    record: {
      id: x.id,
      instruction: x.episode.task.instruction,
      init_image: framePath(dir, x.initFrame),
      image: framePath(dir, x.frame),
      label: x.complete ? "yes" : "no",
      complete: x.complete,
      progress: x.progress,
      provenance,
    },
    provenance,
  };
}

// ---------------------------------------------------------------------------------------
// Entry point

/** The input each format is built from. */
export interface FormatInput {
  "primo-sft": Sample[];
  "primo-rl": Sample[];
  llamafactory: Sample[];
  "ms-swift": Sample[];
  easyr1: Sample[];
  verl: Sample[];
  "lrm-progress": LrmProgressSample[];
  "lrm-contrastive": LrmContrastivePair[];
  "lrm-completion": LrmCompletionSample[];
  benchmark: Sample[];
}

/** The record each format produces. */
export interface FormatRecord {
  "primo-sft": PrimoSftRecord;
  "primo-rl": PrimoRlRecord;
  llamafactory: LlamaFactoryRecord;
  "ms-swift": MsSwiftRecord;
  easyr1: EasyR1Record;
  verl: VerlRecord;
  "lrm-progress": LrmProgressRecord;
  "lrm-contrastive": LrmContrastiveRecord;
  "lrm-completion": LrmCompletionRecord;
  benchmark: PrimoRlRecord;
}

export function isLrmFormat(format: ExportFormat): format is "lrm-progress" | "lrm-contrastive" | "lrm-completion" {
  return format === "lrm-progress" || format === "lrm-contrastive" || format === "lrm-completion";
}

/**
 * Records of one format, in input order. Throws RangeError on an input the format cannot take
 * (primo-sft without a chain, benchmark with a training episode, a media placeholder in the
 * text of a placeholder format) and on duplicate ids.
 */
export function buildRecords<F extends ExportFormat>(format: F, items: FormatInput[F], options: RecordOptions): BuiltRecord<FormatRecord[F]>[] {
  const samples = items as Sample[];
  let out: BuiltRecord<unknown>[];
  switch (format as ExportFormat) {
    case "primo-rl":
      out = samples.map((s) => primoRlRecord(s, options));
      break;
    case "primo-sft":
      out = samples.map((s) => primoSftRecord(s, options));
      break;
    case "benchmark":
      out = samples.map((s) => benchmarkRecord(s, options));
      break;
    case "llamafactory":
      out = samples.map((s) => llamaFactoryRecord(s, options));
      break;
    case "ms-swift":
      out = samples.map((s) => msSwiftRecord(s, options));
      break;
    case "easyr1":
      out = samples.map((s) => easyR1Record(s, options));
      break;
    case "verl":
      out = samples.map((s, i) => verlRecord(s, options, i));
      break;
    case "lrm-progress":
      out = (items as LrmProgressSample[]).map(lrmProgressRecord);
      break;
    case "lrm-contrastive":
      out = (items as LrmContrastivePair[]).map(lrmContrastiveRecord);
      break;
    case "lrm-completion":
      out = (items as LrmCompletionSample[]).map(lrmCompletionRecord);
      break;
    default:
      throw new RangeError(`unknown export format ${String(format)}`);
  }
  const seen = new Set<string>();
  for (const r of out) {
    if (seen.has(r.id)) throw new RangeError(`duplicate record id ${r.id} in ${format}`);
    seen.add(r.id);
  }
  return out as BuiltRecord<FormatRecord[F]>[];
}

// ---------------------------------------------------------------------------------------
// Benchmark groups and LLaMA-Factory registration

export const BENCHMARK_GROUPS = ["ID", "OOD_CROSS_TASK", "OOD_CROSS_ENV"] as const;
export type BenchmarkGroup = (typeof BENCHMARK_GROUPS)[number];

/** Test items grouped by the episode's split tag (input order kept); training episodes are left out. */
export function benchmarkGroups<T extends { episode: SnapshotEpisode }>(items: readonly T[]): Record<BenchmarkGroup, T[]> {
  const out: Record<BenchmarkGroup, T[]> = { ID: [], OOD_CROSS_TASK: [], OOD_CROSS_ENV: [] };
  for (const x of items) {
    const tag = x.episode.splitTag;
    if (x.episode.split !== "test" || tag === "TRAIN") continue;
    out[tag].push(x);
  }
  return out;
}

/**
 * A LLaMA-Factory dataset_info.json entry for exported llamafactory shards:
 * { [name]: { file_name, formatting: "sharegpt", columns: {messages, images, videos}, tags: {…} } }.
 * `fileName` is relative to LLaMA-Factory's dataset_dir (a shard file, or the folder holding
 * the shards). Put dataset_info.json at the export root and pass that root as dataset_dir:
 * media paths are relative to the export root, and LLaMA-Factory resolves them against
 * media_dir, which defaults to dataset_dir.
 */
export function llamaFactoryDatasetInfo(name: string, fileName: string) {
  return {
    [name]: {
      file_name: fileName,
      formatting: "sharegpt",
      columns: { messages: "messages", images: "images", videos: "videos" },
      tags: { role_tag: "role", content_tag: "content", user_tag: "user", assistant_tag: "assistant", system_tag: "system" },
    },
  };
}
