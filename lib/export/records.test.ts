import { describe, expect, it } from "vitest";
import type { Sample, SampleConfig, SnapshotChain } from "./types";
import { EXPORT_FORMATS } from "./formats/ids";
import { buildRecords, formatModule, type FormatInput } from "./formats";
import { BENCHMARK_GROUPS } from "./formats/benchmark";
import { llamaFactoryDatasetInfo } from "./formats/llamafactory";
import { primoConfigProblem } from "./formats/primo-common";
import { ZExportConfigSchema } from "./config";
import { planGroups } from "./plan";
import type { SnapshotEpisode } from "./types";

/** The formats made of records (every format but the LeRobot dataset). */
const RECORD_FORMATS = EXPORT_FORMATS.filter((f): f is Exclude<typeof f, "lerobot"> => f !== "lerobot");

/** The benchmark's items per split tag, as the export plan groups them. */
function benchmarkGroups(episodes: SnapshotEpisode[]): Record<(typeof BENCHMARK_GROUPS)[number], Sample[]> {
  const groups = planGroups(episodes, ZExportConfigSchema.parse({ formats: ["benchmark"], queries: { mode: "count", count: 4 }, maxFrames: 8, seed: 11 }));
  return Object.fromEntries(BENCHMARK_GROUPS.map((t) => [t, (groups.find((g) => g.group === t.toLowerCase())?.items ?? []) as Sample[]])) as never;
}
import { PRIMO_SYSTEM_PROMPT, buildUserText } from "@/lib/primo/prompt";
import { checkFormat } from "@/lib/primo/parse-output";
import { chainSamples, clipRate, generateSamples, lrmCompletionSamples, lrmContrastivePairs, lrmProgressSamples, readerSafeFrames } from "./samples";
import {
  clipPath,
  cotTarget,
  framePath,
  lrmMediaNeeds,
  mediaDirOf,
  mediaNeeds,
  mergeMediaNeeds,
  primoQuestionBlock,
  sampleSlug,
  sftSelection,
  solutionText,
  solutionValue,
  type RecordOptions,
} from "./records";
import { snapshotChain, snapshotEpisode, type SnapshotEpisodeOpts } from "@/tests/fixtures/snapshot-episode";

// Annotations at version 2, so provenance shows the version is carried through.
const episode = (o: SnapshotEpisodeOpts = {}) => snapshotEpisode({ annotationVersion: 2, ...o });
const chain = snapshotChain;

/** A hand-made sample with a chosen progress (for rounding and select tests). */
function sampleWith(progress: number, o: Partial<Sample> = {}): Sample {
  const e = o.episode ?? episode({ key: "hand" });
  const vseqFrames = o.vseqFrames ?? [0, 10, 20, 30, 40];
  const queryFrame = o.queryFrame ?? 40;
  const videoFrames = readerSafeFrames(vseqFrames);
  return {
    id: "hand/000040", episode: e, queryFrame, initFrame: 0, vseqFrames, videoFrames, clipRate: clipRate({ mode: "real" }, { num: 30, den: 1 }, queryFrame, videoFrames.length),
    progress, questionIndex: 0, question: "How much of the task has been completed?", ...o,
  };
}

const config: SampleConfig = { queries: { mode: "count", count: 4 }, maxFrames: 8, seed: 11 };
const clip: RecordOptions = { videoMode: "clip" };
const frames: RecordOptions = { videoMode: "frames" };

const trainEp = episode({ episodeId: 1, key: "train/ep 1", chains: [chain({ predictionId: 77, queryFrame: 60, answer: "55" })] });
const testEp = episode({ episodeId: 2, key: "test-ep", split: "test", splitTag: "OOD_CROSS_TASK", environment: { id: 2, slug: "robo twin", name: "RoboTwin" } });
const samples = generateSamples([trainEp, testEp], config);
const chains = chainSamples([trainEp, testEp], config);

/** Every string inside a value (deep). */
function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === "object") return Object.values(v).flatMap(strings);
  return [];
}

function expectRelativeMediaPath(p: string) {
  expect(p.startsWith("media/"), p).toBe(true);
  expect(p.startsWith("/")).toBe(false);
  expect(p.includes("\\")).toBe(false);
  for (const part of p.split("/")) {
    expect(part, p).not.toBe("");
    expect(part, p).not.toBe(".");
    expect(part, p).not.toBe("..");
  }
}

describe("media paths", () => {
  it("frame and clip paths are relative, under media/<env>/<episode slug>/", () => {
    const s = samples.find((x) => x.episode.key === "train/ep 1" && x.queryFrame === 100)!;
    expect(s.id).toBe("train_ep_1/000100");
    const dir = mediaDirOf(s);
    expect(dir).toBe("media/agibot/train_ep_1");
    expect(framePath(dir, 7)).toBe("media/agibot/train_ep_1/000007.jpg");
    expect(clipPath(dir, 100, s.videoFrames, s.clipRate)).toMatch(/^media\/agibot\/train_ep_1\/clip_000100_[0-9a-f]{8}\.mp4$/);
    expect(mediaDirOf(samples.find((x) => x.episode.key === "test-ep")!)).toBe("media/robo_twin/test-ep");
  });

  it("the clip name depends on its frames (two V_seq at one query frame never share a file)", () => {
    const r = { num: 2, den: 1 };
    expect(clipPath("media/a/b", 60, [0, 30, 60, 60], r)).not.toBe(clipPath("media/a/b", 60, [0, 20, 40, 60], r));
    expect(clipPath("media/a/b", 60, [0, 30, 60, 60], r)).toBe(clipPath("media/a/b", 60, [0, 30, 60, 60], r));
    // Nor two clips of the same frames at different rates.
    expect(clipPath("media/a/b", 60, [0, 30, 60, 60], r)).not.toBe(clipPath("media/a/b", 60, [0, 30, 60, 60], { num: 40, den: 61 }));
  });

  it("hostile keys and slugs stay inside the export root", () => {
    const e = episode({ key: "../../etc/passwd", environment: { id: 9, slug: "../..", name: "x" } });
    const s = generateSamples([e], config);
    for (const x of s) {
      const dir = mediaDirOf(x);
      expect(dir).toBe("media/___../___.._etc_passwd");
      expectRelativeMediaPath(framePath(dir, x.queryFrame));
    }
  });

  it("sampleSlug refuses ids that do not start with a sanitised slug", () => {
    expect(sampleSlug("a_b~3/000010")).toBe("a_b~3");
    expect(() => sampleSlug("../x/000010")).toThrow(RangeError);
    expect(() => sampleSlug("/abs/000010")).toThrow(RangeError);
    expect(() => sampleSlug("a b/000010")).toThrow(RangeError);
  });

  it("mediaNeeds: frames mode needs init, V_seq and current as JPEGs", () => {
    const s = sampleWith(40, { vseqFrames: [0, 10, 20, 30, 40] });
    expect(mediaNeeds(s, "frames")).toEqual({ episode: s.episode, dir: "media/agibot/hand", frames: [0, 10, 20, 30, 40] });
  });

  it("a V_seq video holds at least 2 and an even number of frames (qwen-vl-utils refuses 1 and drops one of an odd count)", () => {
    expect(readerSafeFrames([0])).toEqual([0, 0]);
    expect(readerSafeFrames([0, 1, 2])).toEqual([0, 1, 2, 2]);
    expect(readerSafeFrames([0, 5])).toEqual([0, 5]);
    const s = sampleWith(0, { queryFrame: 0, vseqFrames: [0] });
    expect(mediaNeeds(s, "clip").clip!.frames).toEqual([0, 0]);
  });

  it("mediaNeeds: clip mode needs init and current as JPEGs plus a clip of exactly the V_seq frames", () => {
    const s = sampleWith(40, { vseqFrames: [0, 10, 20, 30, 40] });
    const n = mediaNeeds(s, "clip");
    expect(n.frames).toEqual([0, 40]);
    expect(n.clip).toEqual({ queryFrame: 40, frames: [0, 10, 20, 30, 40, 40], rate: s.clipRate, path: clipPath("media/agibot/hand", 40, [0, 10, 20, 30, 40, 40], s.clipRate) });
    // Real timing: 6 frames over frames 0..40 of a 30 fps episode last 41/30 s.
    expect(s.clipRate).toEqual({ num: 180, den: 41 });
  });

  it("LRM needs and merged needs", () => {
    const pairs = lrmContrastivePairs([trainEp], { seed: 1 });
    expect(lrmMediaNeeds(pairs[0]).frames).toEqual([...new Set([0, pairs[0].earlierFrame, pairs[0].laterFrame])].sort((a, b) => a - b));
    const needs = samples.map((x) => formatModule("primo-rl").mediaNeeds(x as never, { videoMode: "clip" }));
    const merged = mergeMediaNeeds(needs);
    expect(merged.map((m) => m.dir)).toEqual(["media/agibot/train_ep_1", "media/robo_twin/test-ep"]);
    expect(merged[0].frames).toEqual([0, 33, 66, 100]);
    expect(merged[0].clips).toHaveLength(4);
    expect(mergeMediaNeeds([...needs, ...needs])).toEqual(merged);
  });
});

describe("solution", () => {
  it("rounds the unrounded ground truth to an integer", () => {
    expect(solutionValue(44.4)).toBe(44);
    expect(solutionValue(44.5)).toBe(45);
    expect(solutionValue(0)).toBe(0);
    expect(solutionValue(0.4)).toBe(0);
    expect(solutionValue(100)).toBe(100);
    expect(solutionText(66.6666)).toBe("<answer>67</answer>");
  });

  it("never rounds an incomplete state up to 100", () => {
    expect(solutionValue(99.4)).toBe(99);
    expect(solutionValue(99.5)).toBe(99);
    expect(solutionValue(99.999)).toBe(99);
  });

  it("rejects non-finite progress", () => {
    expect(() => solutionValue(Number.NaN)).toThrow(RangeError);
    expect(() => solutionValue(Infinity)).toThrow(RangeError);
  });
});

describe("primo-rl", () => {
  it("has exactly the Video-R1/PRIMO fields", () => {
    const [r] = buildRecords("primo-rl", [samples[2]], clip);
    expect(Object.keys(r.record)).toEqual(["problem_id", "problem", "problem_type", "solution", "path", "data_type", "init_frame_path", "current_frame_path"]);
    expect(r.record.problem_type).toBe("numerical");
    expect(r.record.data_type).toBe("video");
    expect(r.record.problem_id).toBe(samples[2].id);
    expect(r.record.solution).toBe(`<answer>${Math.round(samples[2].progress)}</answer>`);
    expect(r.record).not.toHaveProperty("options");
  });

  it("problem is the {Question} block the PRIMO trainers wrap in their template (default)", () => {
    const s = samples[1];
    const [r] = buildRecords("primo-rl", [s], clip);
    expect(r.record.problem).toBe(`Task info:Put the cup on the plate.\nQuestion:${s.question}`);
    // Exactly what buildUserText puts in the {Question} slot.
    expect(buildUserText({ instruction: s.episode.task.instruction, question: s.question })).toContain(`QUESTION:\n${r.record.problem}\n\nQUESTION TYPE:`);
    const [full] = buildRecords("primo-rl", [s], { ...clip, primoProblem: "user-text" });
    expect(full.record.problem).toBe(buildUserText({ instruction: s.episode.task.instruction, question: s.question }));
  });

  it("clip mode: path is one clip; frames mode: path is the V_seq frame list", () => {
    const s = samples[2];
    const dir = mediaDirOf(s);
    const [c] = buildRecords("primo-rl", [s], clip);
    expect(c.record.path).toBe(clipPath(dir, s.queryFrame, s.videoFrames, s.clipRate));
    const [f] = buildRecords("primo-rl", [s], frames);
    expect(f.record.path).toEqual(s.videoFrames.map((x) => framePath(dir, x)));
    for (const r of [c, f]) {
      expect(r.record.init_frame_path).toBe(framePath(dir, 0));
      expect(r.record.current_frame_path).toBe(framePath(dir, s.queryFrame));
    }
    expect(primoConfigProblem(ZExportConfigSchema.parse({ formats: ["primo-rl"], videoMode: "frames" }))).toMatch(/clip mode/);
    expect(primoConfigProblem(ZExportConfigSchema.parse({ formats: ["primo-rl"], videoMode: "clip" }))).toBeNull();
    expect(formatModule("llamafactory").configProblem).toBeUndefined();
  });

  it("provenance goes to the sidecar, not into the record", () => {
    const [r] = buildRecords("primo-rl", [samples[2]], clip);
    expect(r.provenance).toMatchObject({
      id: samples[2].id,
      format: "primo-rl",
      episode_id: 1,
      episode_key: "train/ep 1",
      environment: "agibot",
      task_key: "cup",
      split: "train",
      split_tag: "TRAIN",
      annotation_id: 10,
      annotation_version: 2,
      outcome: "SUCCESS",
      query_frame: samples[2].queryFrame,
      vseq_frames: samples[2].vseqFrames,
      progress: samples[2].progress,
      question_index: samples[2].questionIndex,
    });
    expect(r.provenance.frames_shown).toEqual([0, ...samples[2].vseqFrames, samples[2].queryFrame]);
  });
});

describe("primo-sft", () => {
  it("adds process, planning, observation, reasoning and select", () => {
    const [r] = buildRecords("primo-sft", chains, clip);
    expect(Object.keys(r.record)).toEqual([
      "problem_id", "problem", "problem_type", "solution", "path", "data_type", "init_frame_path", "current_frame_path",
      "process", "planning", "observation", "reasoning", "select",
    ]);
    expect(r.record.process).toBe("<think>\n<planning>plan</planning>\n<observation>obs</observation>\n<reasoning>reason</reasoning>\n</think>");
    expect(checkFormat(`${r.record.process}\n${r.record.solution}`)).toBe(true);
    expect(r.record.select).toBe(true);
    expect(r.provenance.chain).toMatchObject({ prediction_id: 77, run_name: "run-a", edited: false, answer: "55", select: true });
  });

  it("takes chain samples only", () => {
    expect(() => buildRecords("primo-sft", [samples[0]], clip)).toThrow(RangeError);
  });

  it("select: the chain's answer scores accuracyReward > 0.6 against the solution", () => {
    const s = (answer: string, progress = 45, o: Partial<SnapshotChain> = {}) => sampleWith(progress, { chain: chain({ predictionId: 1, queryFrame: 40, answer, ...o }) });
    expect(sftSelection(s("45"))).toMatchObject({ select: true, reward: 1, answerValue: 45 });
    expect(sftSelection(s("84"))).toMatchObject({ select: true }); // 1 - 39/100 = 0.61
    expect(sftSelection(s("85")).select).toBe(false); // exactly 0.6 is not > 0.6
    expect(sftSelection(s("85")).reward).toBeCloseTo(0.6, 10);
    expect(sftSelection(s("5")).select).toBe(false); // 0.6
    expect(sftSelection(s("6")).select).toBe(true); // 0.61
    expect(sftSelection(s("45%"))).toMatchObject({ select: false, reward: 0, answerValue: null });
    expect(sftSelection(s("0.45")).select).toBe(false); // scale mismatch is flagged, never guessed
    expect(sftSelection(s("about 45")).select).toBe(false);
    // Compared with the rounded solution the record states (reference: reward vs the solution text).
    expect(sftSelection(s("84", 44.6)).reward).toBeCloseTo(1 - 39 / 100, 10);
  });

  it("select is false for an empty section or a section holding PRIMO tags", () => {
    const s = (o: Partial<SnapshotChain>) => sampleWith(45, { chain: chain({ predictionId: 1, queryFrame: 40, answer: "45", ...o }) });
    expect(sftSelection(s({ planning: "   " })).reasons).toContain("planning is empty");
    expect(sftSelection(s({ reasoning: "so <answer>45</answer>" })).select).toBe(false);
    expect(sftSelection(s({ observation: "</observation> oops" })).select).toBe(false);
    const ok = sftSelection(s({ reasoning: 'He said "45" and\nthen <b>stopped</b> & left $&' }));
    expect(ok).toMatchObject({ select: true, reasons: [] });
  });

  it("trims the sections", () => {
    const t = cotTarget(sampleWith(45, { chain: chain({ predictionId: 1, queryFrame: 40, planning: "\n  p  \n", observation: " o", reasoning: "r " }) }));
    expect(t).toEqual({ planning: "p", observation: "o", reasoning: "r", process: "<think>\n<planning>p</planning>\n<observation>o</observation>\n<reasoning>r</reasoning>\n</think>" });
  });
});

describe("llamafactory", () => {
  it("sharegpt messages with system, user (<image><video><image> + text) and assistant; images and videos", () => {
    const s = samples[2];
    const dir = mediaDirOf(s);
    const [r] = buildRecords("llamafactory", [s], clip);
    expect(Object.keys(r.record)).toEqual(["messages", "images", "videos"]);
    expect(r.record.messages).toEqual([
      { role: "system", content: PRIMO_SYSTEM_PROMPT },
      { role: "user", content: `<image><video><image>${buildUserText({ instruction: s.episode.task.instruction, question: s.question })}` },
      { role: "assistant", content: solutionText(s.progress) },
    ]);
    expect(r.record.images).toEqual([framePath(dir, 0), framePath(dir, s.queryFrame)]);
    expect(r.record.videos).toEqual([clipPath(dir, s.queryFrame, s.videoFrames, s.clipRate)]);
    const [f] = buildRecords("llamafactory", [s], frames);
    expect(f.record.videos).toEqual([s.videoFrames.map((x) => framePath(dir, x))]);
  });

  it("chain samples: assistant = process + newline + solution", () => {
    const [r] = buildRecords("llamafactory", chains, clip);
    const a = r.record.messages[2];
    expect(a.role).toBe("assistant");
    expect(a.content).toBe(`${cotTarget(chains[0]).process}\n${solutionText(chains[0].progress)}`);
  });

  it("media placeholders in text are refused (they would break the image/video count)", () => {
    const e = episode({ task: { id: 5, key: "t", instruction: "Look at <image> then act" } });
    const s = generateSamples([e], config);
    expect(() => buildRecords("llamafactory", s, clip)).toThrow(/<image>/);
    expect(() => buildRecords("ms-swift", s, clip)).toThrow(RangeError);
    expect(() => buildRecords("easyr1", s, clip)).toThrow(RangeError);
    expect(() => buildRecords("verl", s, clip)).toThrow(RangeError);
    const c = sampleWith(45, { chain: chain({ predictionId: 1, queryFrame: 40, reasoning: "the <video> shows" }) });
    expect(() => buildRecords("llamafactory", [c], clip)).toThrow(/<video>/);
    // PRIMO records have no placeholders, so the text is fine there.
    expect(() => buildRecords("primo-rl", s, clip)).not.toThrow();
  });

  it("dataset_info.json entry loads the shards as they are", () => {
    expect(llamaFactoryDatasetInfo("critic_progress", "llamafactory/train.jsonl")).toEqual({
      critic_progress: {
        file_name: "llamafactory/train.jsonl",
        formatting: "sharegpt",
        columns: { messages: "messages", images: "images", videos: "videos" },
        tags: { role_tag: "role", content_tag: "content", user_tag: "user", assistant_tag: "assistant", system_tag: "system" },
      },
    });
  });
});

describe("ms-swift", () => {
  it("messages (system included), images, videos", () => {
    const s = samples[3];
    const [r] = buildRecords("ms-swift", [s], clip);
    expect(Object.keys(r.record)).toEqual(["messages", "images", "videos"]);
    expect(r.record.messages.map((m) => m.role)).toEqual(["system", "user", "assistant"]);
    expect(r.record.messages[0].content).toBe(PRIMO_SYSTEM_PROMPT);
    expect(r.record.messages[1].content.startsWith("<image><video><image>QUESTION:\nTask info:")).toBe(true);
    expect(r.record.images).toHaveLength(2);
    expect(r.record.videos).toHaveLength(1);
  });
});

describe("easyr1", () => {
  // EasyR1's _build_messages reads images OR videos: a row never carries both.
  it("images: I_init, every V_seq frame and I_curr, one <image> each, and no videos key", () => {
    const s = samples[1];
    const dir = mediaDirOf(s);
    const [r] = buildRecords("easyr1", [s], clip);
    expect(Object.keys(r.record)).toEqual(["prompt", "answer", "images"]);
    const images = (r.record as { images: string[] }).images;
    expect(images).toEqual([framePath(dir, 0), ...s.videoFrames.map((f) => framePath(dir, f)), framePath(dir, s.queryFrame)]);
    expect(r.record.prompt.split("<image>").length - 1).toBe(images.length);
    expect(r.record.prompt).not.toContain("<video>");
    expect(r.record.prompt.endsWith(buildUserText({ instruction: s.episode.task.instruction, question: s.question }))).toBe(true);
    expect(r.record.answer).toBe(String(Math.round(s.progress)));
    expect(r.record.answer).toMatch(/^\d+$/);
  });

  it("video: the V_seq clip alone with one <video>, and no images key", () => {
    const s = samples[1];
    const dir = mediaDirOf(s);
    const [r] = buildRecords("easyr1", [s], { ...clip, easyr1Media: "video" });
    expect(r.record).toEqual({
      prompt: `<video>${buildUserText({ instruction: s.episode.task.instruction, question: s.question })}`,
      answer: String(Math.round(s.progress)),
      videos: [clipPath(dir, s.queryFrame, s.videoFrames, s.clipRate)],
    });
  });
});

describe("verl", () => {
  it("a parquet row: data_source, prompt, images, videos, ability, reward_model, extra_info", () => {
    const rows = buildRecords("verl", samples, frames);
    const r = rows[2];
    const s = samples[2];
    const dir = mediaDirOf(s);
    expect(Object.keys(r.record)).toEqual(["data_source", "prompt", "images", "videos", "ability", "reward_model", "extra_info"]);
    expect(r.record.prompt.map((m) => m.role)).toEqual(["system", "user"]);
    expect(r.record.prompt[1].content.startsWith("<image><video><image>")).toBe(true);
    expect(r.record.images).toEqual([{ image: framePath(dir, 0) }, { image: framePath(dir, s.queryFrame) }]);
    expect(r.record.videos).toEqual([{ video: s.videoFrames.map((f) => framePath(dir, f)) }]);
    expect(r.record.reward_model).toEqual({ style: "rule", ground_truth: String(Math.round(s.progress)) });
    expect(r.record.extra_info).toEqual({
      split: "train",
      index: 2,
      id: s.id,
      episode_id: 1,
      episode_key: "train/ep 1",
      query_frame: s.queryFrame,
      progress: s.progress,
      answer: String(Math.round(s.progress)),
      question: s.question,
      // Real clip timing: the clip lasts as long as frames 0..q do in the episode.
      clip_fps: `${s.clipRate.num}/${s.clipRate.den}`,
      clip_seconds: (s.videoFrames.length * s.clipRate.den) / s.clipRate.num,
      episode_seconds: (s.queryFrame + 1) / 30,
    });
    expect(r.record.extra_info.clip_seconds).toBeCloseTo(r.record.extra_info.episode_seconds, 12);
    expect(typeof r.record.ability).toBe("string");
    expect(r.record.data_source).toBe("critic-studio/progress");
    expect(buildRecords("verl", [s], { ...clip, verlDataSource: "mine" })[0].record.videos).toEqual([{ video: clipPath(dir, s.queryFrame, s.videoFrames, s.clipRate), nframes: s.videoFrames.length }]);
  });
});

describe("LRM records", () => {
  it("lrm-progress", () => {
    const xs = lrmProgressSamples([trainEp]);
    const rs = buildRecords("lrm-progress", xs, clip);
    expect(rs).toHaveLength(11);
    const r = rs[5];
    expect(Object.keys(r.record)).toEqual(["id", "instruction", "init_image", "image", "label", "stage", "progress", "normalised_time", "keyframe", "provenance"]);
    expect(r.record).toMatchObject({
      id: "train_ep_1/000050",
      instruction: "Put the cup on the plate.",
      init_image: "media/agibot/train_ep_1/000000.jpg",
      image: "media/agibot/train_ep_1/000050.jpg",
      label: 0.5,
      stage: 5,
      progress: 50,
      normalised_time: 0.5,
      keyframe: 5,
    });
    expect(rs.map((x) => x.record.label)).toEqual(xs.map((x) => x.stage / 10));
    expect(r.record.provenance).toBe(r.provenance);
  });

  it("lrm-contrastive: the label names the shown image that is further along", () => {
    const xs = lrmContrastivePairs([trainEp], { seed: 5 });
    for (const r of buildRecords("lrm-contrastive", xs, clip)) {
      expect(Object.keys(r.record)).toEqual(["id", "instruction", "init_image", "images", "label", "frames", "progress", "provenance"]);
      const other = r.record.label === 1 ? 1 : 0;
      expect(r.record.progress[r.record.label - 1]).toBeGreaterThan(r.record.progress[other]);
      expect(r.record.frames[r.record.label - 1]).toBeGreaterThan(r.record.frames[other]);
      expect(r.record.images).toEqual(r.record.frames.map((f) => framePath("media/agibot/train_ep_1", f)));
    }
  });

  it("lrm-completion: yes/no, a failed episode never yes", () => {
    const failed = episode({ key: "failed", outcome: "FAILURE" });
    const rs = buildRecords("lrm-completion", lrmCompletionSamples([trainEp, failed], { seed: 5 }), clip);
    expect(Object.keys(rs[0].record)).toEqual(["id", "instruction", "init_image", "image", "label", "complete", "progress", "provenance"]);
    expect(rs.filter((r) => r.record.label === "yes").map((r) => r.provenance.episode_key)).toEqual(["train/ep 1"]);
    for (const r of rs) {
      expect(r.record.complete).toBe(r.record.label === "yes");
      if (r.provenance.outcome === "FAILURE") expect(r.record.label).toBe("no");
    }
  });
});

describe("benchmark", () => {
  const eps = [
    episode({ key: "id-1", split: "test", splitTag: "ID" }),
    episode({ key: "env-1", split: "test", splitTag: "OOD_CROSS_ENV" }),
    episode({ key: "task-1", split: "test", splitTag: "OOD_CROSS_TASK" }),
    episode({ key: "train-1" }),
    episode({ key: "id-2", split: "test", splitTag: "ID" }),
  ];
  const s = generateSamples(eps, config);

  it("groups test samples by split tag and leaves training episodes out", () => {
    const g = benchmarkGroups(eps);
    expect(Object.keys(g)).toEqual([...BENCHMARK_GROUPS]);
    expect(new Set(g.ID.map((x) => x.episode.key))).toEqual(new Set(["id-1", "id-2"]));
    expect(new Set(g.OOD_CROSS_TASK.map((x) => x.episode.key))).toEqual(new Set(["task-1"]));
    expect(new Set(g.OOD_CROSS_ENV.map((x) => x.episode.key))).toEqual(new Set(["env-1"]));
    expect(g.ID.length + g.OOD_CROSS_TASK.length + g.OOD_CROSS_ENV.length).toBe(s.length - 4);
  });

  it("has the primo-rl shape and refuses training episodes", () => {
    const g = benchmarkGroups(eps);
    const rs = buildRecords("benchmark", g.ID, clip);
    expect(rs.map((r) => r.record)).toEqual(buildRecords("primo-rl", g.ID, clip).map((r) => r.record));
    expect(rs[0].provenance.format).toBe("benchmark");
    expect(() => buildRecords("benchmark", s, clip)).toThrow(/training episode/);
  });
});

describe("every format", () => {
  const inputs: { [F in Exclude<(typeof EXPORT_FORMATS)[number], "lerobot">]: FormatInput<F>[] } = {
    "primo-sft": chains,
    "primo-rl": samples,
    llamafactory: [...samples, ...chains],
    "ms-swift": samples,
    easyr1: samples,
    verl: samples,
    "lrm-progress": lrmProgressSamples([trainEp, testEp]),
    "lrm-contrastive": lrmContrastivePairs([trainEp, testEp], { seed: 1 }),
    "lrm-completion": lrmCompletionSamples([trainEp, testEp], { seed: 1 }),
    benchmark: samples.filter((x) => x.episode.split === "test"),
  };

  it("references media only by relative paths under media/", () => {
    for (const format of RECORD_FORMATS) {
      for (const videoMode of ["frames", "clip"] as const) {
        const rs = buildRecords(format, inputs[format] as never, { videoMode });
        expect(rs.length, format).toBeGreaterThan(0);
        for (const r of rs) {
          const paths = strings(r.record).filter((x) => /\.(jpg|mp4)$/.test(x));
          expect(paths.length, format).toBeGreaterThanOrEqual(2);
          for (const p of paths) expectRelativeMediaPath(p);
          // Every path is one the export job is told to produce.
          const needs = formatModule(format).mediaNeeds(inputs[format][rs.indexOf(r)] as never, { videoMode });
          const produced = new Set([...needs.frames.map((f) => framePath(needs.dir, f)), ...(needs.clip ? [needs.clip.path] : [])]);
          for (const p of paths) expect(produced.has(p), `${format} ${p}`).toBe(true);
        }
      }
    }
  });

  it("is deterministic, and ids are unique", () => {
    for (const format of RECORD_FORMATS) {
      const a = buildRecords(format, inputs[format] as never, clip);
      expect(buildRecords(format, inputs[format] as never, clip)).toEqual(a);
      expect(new Set(a.map((r) => r.id)).size).toBe(a.length);
    }
    expect(generateSamples([trainEp, testEp], config)).toEqual(samples);
  });

  it("refuses duplicate ids", () => {
    expect(() => buildRecords("primo-rl", [samples[0], samples[0]], clip)).toThrow(/duplicate/);
  });

  it("hostile strings pass through JSON unchanged", () => {
    const instruction = 'Say "hi"\nthen \\ close </answer> <answer>100</answer> $& $1 \u2028 {x} 🙂';
    const e = episode({ key: 'k"ey\n', task: { id: 7, key: "t", instruction }, chains: [chain({ predictionId: 3, queryFrame: 20, question: 'Q "quoted"?\n', planning: 'p "x"\n\\', answer: "45" })] });
    const s = [...generateSamples([e], config), ...chainSamples([e], config)];
    for (const format of ["primo-rl", "llamafactory", "ms-swift", "easyr1", "verl"] as const) {
      for (const r of buildRecords(format, s, clip)) {
        const back = JSON.parse(JSON.stringify(r.record));
        expect(back).toEqual(r.record);
        expect(strings(r.record).some((x) => x.includes(instruction)), format).toBe(true);
      }
    }
    const [sft] = buildRecords("primo-sft", chainSamples([e], config), clip);
    expect(JSON.parse(JSON.stringify(sft.record))).toEqual(sft.record);
    expect(sft.record.problem).toBe(primoQuestionBlock(instruction, 'Q "quoted"?'));
    expect(sft.record.planning).toBe('p "x"\n\\');
    for (const x of lrmProgressSamples([e])) {
      const [r] = buildRecords("lrm-progress", [x], clip);
      expect(JSON.parse(JSON.stringify(r.record)).instruction).toBe(instruction);
    }
  });
});
