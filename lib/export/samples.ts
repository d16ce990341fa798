/**
 * Sample generation for exports (pure: no React, no Prisma, no I/O).
 *
 * Turns frozen release episodes (SnapshotEpisode, lib/export/types.ts) into samples: an
 * episode seen up to a query frame, with its V_seq frames, ground-truth progress and the
 * progress question asked. Record formats (lib/export/records.ts) are built from these.
 *
 * Determinism. Same episodes + config (+ seed) → deep-equal output in the same order:
 * - Episodes are processed sorted by (environment slug, task key, episode key, episodeId),
 *   compared by UTF-16 code units (not localeCompare, whose order depends on the ICU build).
 * - The question of a sample is a hash of (seed, episode key, query frame) only, so adding
 *   or removing OTHER episodes never changes it (questionIndexFor).
 * - Everything else random (LRM contrastive pair choice and order, the earlier keyframe of a
 *   completion negative) uses mulberry32 seeded from (purpose, seed, episode key), again
 *   independent of the other episodes (rngFor).
 * - Sample ids depend on the episode's sanitised key and, only when two keys of the same
 *   export collide after sanitising, on the episode id (episodeSlugs).
 *
 * Ids and directory names. An episode's "slug" is its key with every character outside
 * [A-Za-z0-9._-] replaced by "_" (one "_" per code point), leading dots replaced by "_" (no
 * "." / ".." / hidden directories), "" → "_", and keys longer than 100 characters shortened to
 * 91 characters + "_" + 8 hex digits of FNV-1a of the raw key. When slugs collide within an
 * export — compared case-insensitively, because the slug is also a directory name and macOS /
 * Windows file systems ignore case — EVERY episode of the colliding group gets "~<episodeId>"
 * appended (not just the second one, so the result does not depend on input order). "~" never
 * occurs in a base slug, so suffixed slugs cannot collide with anything.
 *
 * Sample ids: `<slug>/<query frame, 6 digits>`; chain samples add `~chain<predictionId>`
 * (several runs may have a chain at the same query frame). The slug is the part before the
 * first "/"; records.ts reads the media directory from it (sampleSlug).
 *
 * LRM sets ("Large Reward Models", papers/large-reward-models.md §III-A/B; DOMAIN.md §4).
 * Where the paper is silent, the choice is documented on each function:
 * - 11 keyframes per episode at normalised time t/T = 0, 0.1, …, 1 (queryFrames "lrm").
 * - Absolute progress: the paper labels a keyframe by t/T; we label it from the approved
 *   annotation's progress curve (as the brief asks) and keep t/T alongside.
 * - Temporal contrastive: pairs of (earlier, later) keyframes of one episode with different
 *   ground truth; which one is shown first is a seeded coin flip so the label is not constant.
 * - Task completion: yes/no on a final state; positives only from SUCCESS episodes.
 */
import type { ClipTiming, QuerySchedule, Rate, Sample, SampleConfig, SnapshotChain, SnapshotEpisode } from "@/lib/export/types";
import { PROGRESS_QUESTIONS, fnv1a32 } from "@/lib/primo/questions";
import { sampleFrameIndices } from "@/lib/primo/prompt";
import { progressAt, progressCurve } from "@/lib/progress/progress-curve";
import { mulberry32 } from "@/lib/random";

// ---------------------------------------------------------------------------------------
// Frames

function assertInt(name: string, v: number, min: number): void {
  if (!Number.isSafeInteger(v) || v < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${v}`);
}

/**
 * Query frames of an episode of `lengthFrames` frames: ascending, unique, within [0, L-1].
 * - count n: n frames spread over the episode including the first and the last frame,
 *   floor(i·(L-1)/(n-1)) for i = 0…n-1, duplicates dropped (short episodes give fewer).
 *   n = 1 gives the last frame only (the whole episode; it cannot include both ends).
 * - stride s: 0, s, 2s, … while ≤ L-1 (the last frame is included only if it falls on the grid).
 * - lrm: the 11 LRM keyframes at normalised time k/10, round(k·(L-1)/10), k = 0…10
 *   (a 101-frame episode gives 0, 10, …, 100; episodes shorter than 11 frames give fewer).
 * Throws RangeError on a non-integer or < 1 length, count or stride, or an unknown mode.
 */
export function queryFrames(lengthFrames: number, schedule: QuerySchedule): number[] {
  assertInt("queryFrames: lengthFrames", lengthFrames, 1);
  const last = lengthFrames - 1;
  const out: number[] = [];
  const push = (f: number) => {
    if (out.length === 0 || out[out.length - 1] !== f) out.push(f);
  };
  switch (schedule?.mode) {
    case "count": {
      const n = schedule.count;
      assertInt("queryFrames: count", n, 1);
      if (n === 1) return [last];
      for (let i = 0; i < n; i++) push(Math.floor((i * last) / (n - 1)));
      return out;
    }
    case "stride": {
      const s = schedule.stride;
      assertInt("queryFrames: stride", s, 1);
      for (let f = 0; f <= last; f += s) out.push(f);
      return out;
    }
    case "lrm": {
      for (let k = 0; k <= 10; k++) push(Math.round((k * last) / 10));
      return out;
    }
    default:
      throw new RangeError(`queryFrames: unknown schedule ${JSON.stringify(schedule)}`);
  }
}

/**
 * V_seq frame indices for a query frame: at most `maxFrames` frames spread over
 * [0, queryFrame], both ends included when maxFrames ≥ 2 (sampleFrameIndices, the floor rule
 * of the PRIMO API harness). Ascending and unique.
 */
export function vseqFrames(queryFrame: number, maxFrames: number): number[] {
  assertInt("vseqFrames: queryFrame", queryFrame, 0);
  assertInt("vseqFrames: maxFrames", maxFrames, 1);
  return sampleFrameIndices(queryFrame, maxFrames);
}

/**
 * The frames a V_seq video holds: `frames` with its last frame repeated until there are at least
 * 2 and an even number of them. qwen-vl-utils (the reader of PRIMO / Video-R1, verl and EasyR1)
 * refuses a video file with fewer than FRAME_FACTOR = 2 frames (smart_nframes raises), and of a
 * file with an odd count it reads one frame fewer (nframes is floored to a multiple of 2); a list
 * of frames it pads itself in exactly this way (fetch_video). So the query at frame 0 gets a
 * 2-frame clip of frame 0 shown twice, the still initial state, and every other V_seq is read
 * whole. See lib/export/readers/qwen-vl-utils.ts.
 */
export function readerSafeFrames(frames: readonly number[]): number[] {
  if (frames.length === 0) throw new RangeError("readerSafeFrames: no frames");
  const out = [...frames];
  while (out.length < 2 || out.length % 2 !== 0) out.push(out[out.length - 1]);
  return out;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** An exact rate for an episode: its video's rational rate, else its fps (to 1/1000). */
export function episodeRate(episode: SnapshotEpisode): Rate {
  if (episode.video) return { num: episode.video.fpsNum, den: episode.video.fpsDen };
  const num = Math.round(episode.fps * 1000);
  const g = gcd(num, 1000);
  return { num: num / g, den: 1000 / g };
}

/**
 * The frame rate of a V_seq clip of `frameCount` frames for a query at `queryFrame`:
 * - real: frameCount · fps / (queryFrame + 1), so the clip lasts (queryFrame + 1) / fps seconds,
 *   the time frames 0..queryFrame take in the episode (exact, as a reduced fraction);
 * - fixed: `fps` frames per second.
 */
export function clipRate(timing: ClipTiming, episodeFps: Rate, queryFrame: number, frameCount: number): Rate {
  if (timing.mode === "fixed") {
    const num = Math.round(timing.fps * 1000);
    const g = gcd(num, 1000);
    return { num: num / g, den: 1000 / g };
  }
  const num = frameCount * episodeFps.num;
  const den = (queryFrame + 1) * episodeFps.den;
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

/** The V_seq video of a sample: readerSafeFrames and the clip rate. */
function videoOf(episode: SnapshotEpisode, queryFrame: number, vseq: number[], timing: ClipTiming | undefined): { videoFrames: number[]; clipRate: Rate } {
  const videoFrames = readerSafeFrames(vseq);
  return { videoFrames, clipRate: clipRate(timing ?? { mode: "real" }, episodeRate(episode), queryFrame, videoFrames.length) };
}

// ---------------------------------------------------------------------------------------
// Deterministic randomness

function assertSeed(seed: number): void {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
}

/**
 * The PROGRESS_QUESTIONS index drawn for a sample:
 *   fnv1a32(JSON.stringify(["question", seed, episodeKey, queryFrame])) mod 100
 * (FNV-1a 32-bit over the UTF-8 bytes, lib/model-runs/questions.ts). JSON.stringify makes the
 * input unambiguous whatever the key contains. Depends on nothing but its arguments, so the
 * other episodes of an export cannot change a sample's question. (The mod-100 bias is
 * 2^32 mod 100 = 96 values in 2^32: negligible.)
 */
export function questionIndexFor(seed: number, episodeKey: string, queryFrame: number): number {
  assertSeed(seed);
  return fnv1a32(JSON.stringify(["question", seed, episodeKey, queryFrame])) % PROGRESS_QUESTIONS.length;
}


/** A PRNG for one purpose within one episode: mulberry32(fnv1a32(JSON.stringify([purpose, seed, episodeKey]))). */
export function rngFor(seed: number, episodeKey: string, purpose: string): () => number {
  assertSeed(seed);
  return mulberry32(fnv1a32(JSON.stringify([purpose, seed, episodeKey])));
}

/** An integer in [0, n) from a PRNG. */
function randInt(rng: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(rng() * n));
}

// ---------------------------------------------------------------------------------------
// Ground truth

const curves = new WeakMap<SnapshotEpisode, number[]>();

/**
 * Ground-truth progress (0–100, unrounded) for every frame of the episode, from the snapshot's
 * approved annotation. Kept per episode object (a frozen snapshot's episodes do not change), so
 * the sample sets of one export plan compute each curve once.
 */
export function groundTruthCurve(episode: SnapshotEpisode): number[] {
  let curve = curves.get(episode);
  if (!curve) curves.set(episode, (curve = computeCurve(episode)));
  return curve;
}

function computeCurve(episode: SnapshotEpisode): number[] {
  return progressCurve({
    segments: episode.annotation.segments,
    lengthFrames: episode.lengthFrames,
    weighting: episode.progress.weighting,
    outcome: episode.annotation.outcome,
    canonicalSubtasks: episode.progress.canonicalSubtasks,
    typicalDurations: episode.progress.typicalDurations,
  });
}

// ---------------------------------------------------------------------------------------
// Ordering, slugs, ids

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Episodes sorted by (environment slug, task key, episode key, episodeId), by code units. Does not mutate the input. */
export function sortEpisodes(episodes: readonly SnapshotEpisode[]): SnapshotEpisode[] {
  return [...episodes].sort(
    (a, b) => cmp(a.environment.slug, b.environment.slug) || cmp(a.task.key, b.task.key) || cmp(a.key, b.key) || a.episodeId - b.episodeId,
  );
}

const SLUG_MAX = 100;

/**
 * A string made safe as one path component and id part: characters outside [A-Za-z0-9._-]
 * become "_" (one per code point), leading dots become "_", "" becomes "_", and strings longer
 * than 100 characters become their first 91 characters + "_" + 8 hex digits of fnv1a32(raw).
 */
export function sanitiseKey(raw: string): string {
  let s = raw.replace(/[^A-Za-z0-9._-]/gu, "_").replace(/^\.+/, (dots) => "_".repeat(dots.length));
  if (s === "") s = "_";
  if (s.length > SLUG_MAX) s = `${s.slice(0, SLUG_MAX - 9)}_${fnv1a32(raw).toString(16).padStart(8, "0")}`;
  return s;
}

/**
 * The slug of every episode of an export (episodeId → slug): sanitiseKey(key), plus
 * "~<episodeId>" for every member of a group whose slugs are equal ignoring case.
 * Throws on duplicate episode ids.
 */
export function episodeSlugs(episodes: readonly SnapshotEpisode[]): Map<number, string> {
  const groups = new Map<string, SnapshotEpisode[]>();
  const seen = new Set<number>();
  for (const e of episodes) {
    if (seen.has(e.episodeId)) throw new RangeError(`episode ${e.episodeId} is listed twice`);
    seen.add(e.episodeId);
    const base = sanitiseKey(e.key).toLowerCase();
    const g = groups.get(base);
    if (g) g.push(e);
    else groups.set(base, [e]);
  }
  const out = new Map<number, string>();
  for (const g of groups.values()) {
    for (const e of g) out.set(e.episodeId, g.length > 1 ? `${sanitiseKey(e.key)}~${e.episodeId}` : sanitiseKey(e.key));
  }
  return out;
}

/** A frame number as 6 digits (more when ≥ 1,000,000). */
export function pad6(frame: number): string {
  return String(frame).padStart(6, "0");
}

// ---------------------------------------------------------------------------------------
// Samples

function checkConfig(config: SampleConfig): void {
  assertInt("maxFrames", config.maxFrames, 1);
  assertSeed(config.seed);
}

/**
 * One sample per query frame of every episode (config.queries), episodes in sortEpisodes
 * order, query frames ascending. V_seq = vseqFrames(q, maxFrames), I_init = frame 0,
 * progress = ground-truth curve at q, question drawn with questionIndexFor.
 */
export function generateSamples(episodes: readonly SnapshotEpisode[], config: SampleConfig): Sample[] {
  checkConfig(config);
  const slugs = episodeSlugs(episodes);
  const out: Sample[] = [];
  for (const episode of sortEpisodes(episodes)) {
    const curve = groundTruthCurve(episode);
    for (const q of queryFrames(episode.lengthFrames, config.queries)) {
      const questionIndex = questionIndexFor(config.seed, episode.key, q);
      const vseq = vseqFrames(q, config.maxFrames);
      out.push({
        id: `${slugs.get(episode.episodeId)}/${pad6(q)}`,
        episode,
        queryFrame: q,
        initFrame: 0,
        vseqFrames: vseq,
        ...videoOf(episode, q, vseq, config.clipTiming),
        progress: progressAt(curve, q),
        questionIndex,
        question: PROGRESS_QUESTIONS[questionIndex],
      });
    }
  }
  return out;
}

function chainVseq(chain: SnapshotChain, maxFrames: number, where: string): number[] {
  if (chain.sampledFrames.length === 0) return vseqFrames(chain.queryFrame, maxFrames);
  for (const f of chain.sampledFrames) {
    if (!Number.isSafeInteger(f) || f < 0 || f > chain.queryFrame) {
      throw new RangeError(`${where}: sampled frame ${f} is not an integer within [0, ${chain.queryFrame}]`);
    }
  }
  // All of them, even beyond maxFrames: they are what the model saw when it wrote the chain.
  return [...new Set(chain.sampledFrames)].sort((a, b) => a - b);
}

/**
 * One sample per accepted chain of thought in the snapshot (episode.chains), for SFT with CoT.
 * Episodes in sortEpisodes order; chains by (queryFrame, predictionId).
 * - query frame: chain.queryFrame (must lie within the episode, else RangeError);
 * - V_seq: the chain's sampledFrames (sorted, deduplicated, ALL kept even when more than
 *   maxFrames, because they are what the model saw); when the run did not record them,
 *   vseqFrames(queryFrame, maxFrames);
 * - question: the chain's own question when non-empty after trimming (questionIndex is its
 *   position in PROGRESS_QUESTIONS, or -1 for a phrasing not among the 100); else drawn;
 * - id: `<slug>/<query frame 6 digits>~chain<predictionId>`.
 */
export function chainSamples(episodes: readonly SnapshotEpisode[], config: SampleConfig): Sample[] {
  checkConfig(config);
  const slugs = episodeSlugs(episodes);
  const out: Sample[] = [];
  for (const episode of sortEpisodes(episodes)) {
    if (episode.chains.length === 0) continue;
    const curve = groundTruthCurve(episode);
    const chains = [...episode.chains].sort((a, b) => a.queryFrame - b.queryFrame || a.predictionId - b.predictionId);
    for (const chain of chains) {
      const where = `episode ${episode.key} chain ${chain.predictionId}`;
      const q = chain.queryFrame;
      if (!Number.isSafeInteger(q) || q < 0 || q >= episode.lengthFrames) {
        throw new RangeError(`${where}: query frame ${q} is outside the episode (0..${episode.lengthFrames - 1})`);
      }
      const own = chain.question?.trim() ?? "";
      const questionIndex = own ? PROGRESS_QUESTIONS.indexOf(own) : questionIndexFor(config.seed, episode.key, q);
      const vseq = chainVseq(chain, config.maxFrames, where);
      out.push({
        id: `${slugs.get(episode.episodeId)}/${pad6(q)}~chain${chain.predictionId}`,
        episode,
        queryFrame: q,
        initFrame: 0,
        vseqFrames: vseq,
        ...videoOf(episode, q, vseq, config.clipTiming),
        progress: progressAt(curve, q),
        questionIndex,
        question: own || PROGRESS_QUESTIONS[questionIndex],
        chain,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// LRM sets

/** One LRM absolute-progress sample: a keyframe of an episode (with I_init as the visual anchor, LRM §III-C). */
export interface LrmProgressSample {
  /** `<slug>/<frame 6 digits>`. */
  id: string;
  episode: SnapshotEpisode;
  /** k of the keyframe at normalised time k/10 (the first k when a short episode maps several k to one frame). */
  keyframe: number;
  frame: number;
  initFrame: number;
  /** The frame's actual normalised time frame / (L-1) (0 for a one-frame episode). */
  normalisedTime: number;
  /** Ground truth from the annotation curve, 0–100 unrounded. */
  progress: number;
  /**
   * The nearest of LRM's 11 completion stages, 0…10 (label = stage / 10), except that a frame
   * whose progress is below 100 is never stage 10: only a complete state is labelled 1.0, so a
   * failed episode (which stays below 100) can never be labelled complete.
   */
  stage: number;
}

/** One LRM temporal-contrastive pair: two keyframes of one episode with different ground truth. */
export interface LrmContrastivePair {
  /** `<slug>/<earlier 6 digits>-<later 6 digits>`. */
  id: string;
  episode: SnapshotEpisode;
  initFrame: number;
  /** Always earlierFrame < laterFrame, and earlierProgress < laterProgress (the curve never falls). */
  earlierFrame: number;
  laterFrame: number;
  earlierProgress: number;
  laterProgress: number;
  /** The two frames in the order they are shown (a seeded coin flip). */
  shownFrames: [number, number];
  /** Which of the two shown frames is further along: 1 = the first shown, 2 = the second. */
  further: 1 | 2;
}

/** One LRM task-completion sample: is the task complete in this state? */
export interface LrmCompletionSample {
  /** `<slug>/<frame 6 digits>`. */
  id: string;
  episode: SnapshotEpisode;
  frame: number;
  initFrame: number;
  complete: boolean;
  /** Ground truth from the annotation curve, 0–100 unrounded. */
  progress: number;
  /** Why this frame: the final state of a successful / failed episode, or an earlier keyframe of a successful one. */
  source: "success-final" | "failure-final" | "success-earlier";
}

/** The LRM stage (0…10) of a progress value; below 100 is never stage 10. */
export function lrmStage(progress: number): number {
  const stage = Math.max(0, Math.min(10, Math.round(progress / 10)));
  return progress < 100 ? Math.min(9, stage) : stage;
}

function keyframesOf(episode: SnapshotEpisode): { k: number; frame: number }[] {
  const last = episode.lengthFrames - 1;
  const seen = new Set<number>();
  const out: { k: number; frame: number }[] = [];
  for (const frame of queryFrames(episode.lengthFrames, { mode: "lrm" })) {
    if (seen.has(frame)) continue;
    seen.add(frame);
    // The first k whose rounded position is this frame.
    let k = 0;
    while (k < 10 && Math.round((k * last) / 10) !== frame) k++;
    out.push({ k, frame });
  }
  return out;
}

/** The 11 LRM keyframes (fewer for episodes shorter than 11 frames) of every episode, labelled from the annotation curve. */
export function lrmProgressSamples(episodes: readonly SnapshotEpisode[]): LrmProgressSample[] {
  const slugs = episodeSlugs(episodes);
  const out: LrmProgressSample[] = [];
  for (const episode of sortEpisodes(episodes)) {
    const curve = groundTruthCurve(episode);
    const last = episode.lengthFrames - 1;
    for (const { k, frame } of keyframesOf(episode)) {
      const progress = progressAt(curve, frame);
      out.push({
        id: `${slugs.get(episode.episodeId)}/${pad6(frame)}`,
        episode,
        keyframe: k,
        frame,
        initFrame: 0,
        normalisedTime: last === 0 ? 0 : frame / last,
        progress,
        stage: lrmStage(progress),
      });
    }
  }
  return out;
}

/** Default number of contrastive pairs per episode (LRM does not say; 10 keeps an episode's weight close to its 11 progress samples). */
export const LRM_PAIRS_PER_EPISODE = 10;

/**
 * LRM temporal-contrastive pairs. For each episode: every (earlier, later) pair of its keyframes
 * whose ground truth differs is a candidate (at most 55); `pairsPerEpisode` of them (default 10,
 * all when fewer) are chosen by a seeded partial Fisher–Yates shuffle (rngFor(seed, key,
 * "lrm-contrastive")), then listed by (earlier, later); a coin flip from the same stream
 * decides per pair whether the earlier or the later frame is shown first. Episodes whose
 * keyframes all have the same ground truth (e.g. no segments) give no pairs.
 */
export function lrmContrastivePairs(
  episodes: readonly SnapshotEpisode[],
  config: Pick<SampleConfig, "seed">,
  opts: { pairsPerEpisode?: number } = {},
): LrmContrastivePair[] {
  assertSeed(config.seed);
  const perEpisode = opts.pairsPerEpisode ?? LRM_PAIRS_PER_EPISODE;
  assertInt("pairsPerEpisode", perEpisode, 1);
  const slugs = episodeSlugs(episodes);
  const out: LrmContrastivePair[] = [];
  for (const episode of sortEpisodes(episodes)) {
    const curve = groundTruthCurve(episode);
    const keys = keyframesOf(episode).map(({ frame }) => ({ frame, progress: progressAt(curve, frame) }));
    const candidates: [number, number][] = [];
    for (let i = 0; i < keys.length; i++) {
      for (let j = i + 1; j < keys.length; j++) if (keys[i].progress !== keys[j].progress) candidates.push([i, j]);
    }
    if (candidates.length === 0) continue;
    const rng = rngFor(config.seed, episode.key, "lrm-contrastive");
    const n = Math.min(perEpisode, candidates.length);
    for (let i = 0; i < n; i++) {
      const j = i + randInt(rng, candidates.length - i);
      [candidates[i], candidates[j]] = [candidates[j], candidates[i]];
    }
    const chosen = candidates.slice(0, n).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [i, j] of chosen) {
      const earlier = keys[i];
      const later = keys[j];
      // The curve never falls, so a later keyframe with a different value is further along.
      if (!(later.progress > earlier.progress)) {
        throw new RangeError(`episode ${episode.key}: progress falls from frame ${earlier.frame} to ${later.frame}`);
      }
      const laterFirst = rng() < 0.5;
      out.push({
        id: `${slugs.get(episode.episodeId)}/${pad6(earlier.frame)}-${pad6(later.frame)}`,
        episode,
        initFrame: 0,
        earlierFrame: earlier.frame,
        laterFrame: later.frame,
        earlierProgress: earlier.progress,
        laterProgress: later.progress,
        shownFrames: laterFirst ? [later.frame, earlier.frame] : [earlier.frame, later.frame],
        further: laterFirst ? 1 : 2,
      });
    }
  }
  return out;
}

/**
 * LRM task-completion samples (yes/no: is the task complete in this state?):
 * - SUCCESS episode: a positive at its last frame, and a negative at one earlier keyframe whose
 *   ground truth is below 100, chosen with rngFor(seed, key, "lrm-completion") (none when no
 *   keyframe qualifies);
 * - FAILURE episode: a negative at its last frame (a failed episode is never labelled complete);
 * - UNKNOWN / UNSURE outcome: skipped (there is no ground truth for completion).
 * Within an episode, samples are listed by frame.
 */
export function lrmCompletionSamples(episodes: readonly SnapshotEpisode[], config: Pick<SampleConfig, "seed">): LrmCompletionSample[] {
  assertSeed(config.seed);
  const slugs = episodeSlugs(episodes);
  const out: LrmCompletionSample[] = [];
  for (const episode of sortEpisodes(episodes)) {
    const outcome = episode.annotation.outcome;
    if (outcome !== "SUCCESS" && outcome !== "FAILURE") continue;
    assertInt("lengthFrames", episode.lengthFrames, 1);
    const curve = groundTruthCurve(episode);
    const slug = slugs.get(episode.episodeId);
    const last = episode.lengthFrames - 1;
    const make = (frame: number, complete: boolean, source: LrmCompletionSample["source"]): LrmCompletionSample => ({
      id: `${slug}/${pad6(frame)}`,
      episode,
      frame,
      initFrame: 0,
      complete,
      progress: progressAt(curve, frame),
      source,
    });
    if (outcome === "FAILURE") {
      out.push(make(last, false, "failure-final"));
      continue;
    }
    const earlier = keyframesOf(episode).filter(({ frame }) => frame < last && progressAt(curve, frame) < 100);
    if (earlier.length > 0) {
      const rng = rngFor(config.seed, episode.key, "lrm-completion");
      out.push(make(earlier[randInt(rng, earlier.length)].frame, false, "success-earlier"));
    }
    out.push(make(last, true, "success-final"));
  }
  return out;
}
