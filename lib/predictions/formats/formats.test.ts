// The reward-model readers on the fixtures in tests/fixtures/predictions/ (written to each tool's
// layout; the sources are cited in each module and in docs/predictions-format.md). The parquet and
// .npy files are written by their tools at test time: tests/integration/reward-formats.test.ts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectFormat, readPredictionFile } from ".";
import { answerText, linspaceFrames, rint, robometerFrames } from "./format";
import { discreteProgress } from "./robometer";
import { roborewardScore } from "./roboreward";

const fixture = (name: string) => ({ bytes: new Uint8Array(readFileSync(path.resolve("tests/fixtures/predictions", name))), name });
const text = (s: string, name?: string) => ({ bytes: new TextEncoder().encode(s), name });

describe("detection", () => {
  it.each([
    ["robometer-results.json", "robometer"],
    ["lrm-vlm-scores-progress.json", "lrm-vlm-scores"],
    ["lrm-vlm-scores-completion.json", "lrm-vlm-scores"],
    ["lrm-vlm-scores-comparison.json", "lrm-vlm-scores"],
    ["roboreward-results.jsonl", "roboreward"],
    ["dense-scores.json", "dense-array"],
  ])("%s is %s", (name, format) => {
    expect(detectFormat(fixture(name))).toBe(format);
  });

  it("keeps the text formats as they were", () => {
    expect(detectFormat(text('{"episode_id": 1, "query_frame": 3, "output": "<answer>4</answer>"}'))).toBe("jsonl");
    expect(detectFormat(text(JSON.stringify({ results: [{ output: "x" }] })))).toBe("primo-results");
    expect(detectFormat(text("[0.1, 0.2, 0.3]"))).toBe("dense-array");
    expect(detectFormat(text("hello"))).toBeNull();
  });
});

describe("numpy's sampling rules", () => {
  it("linspace then rint (half to even) or int (truncation), the last sample at the stop", () => {
    // numpy: np.rint(np.linspace(0, 39, 8)) = [0, 6, 11, 17, 22, 28, 33, 39]; astype(int) = [0, 5, 11, 16, 22, 27, 33, 39]
    expect(linspaceFrames(40, 8, "rint")).toEqual([0, 6, 11, 17, 22, 28, 33, 39]);
    expect(linspaceFrames(40, 8, "int")).toEqual([0, 5, 11, 16, 22, 27, 33, 39]);
    // np.rint(np.linspace(0, 4, 9)) = [0, 0, 1, 2, 2, 2, 3, 4, 4] (0.5 → 0, 1.5 → 2, 2.5 → 2, 3.5 → 4)
    expect(linspaceFrames(5, 9, "rint")).toEqual([0, 0, 1, 2, 2, 2, 3, 4, 4]);
    expect(linspaceFrames(10, 1, "int")).toEqual([0]);
    expect([rint(0.5), rint(1.5), rint(2.5), rint(3.5)]).toEqual([0, 2, 2, 4]);
  });
});

describe("Robometer's linspace_subsample_frames", () => {
  it("keeps every frame of a short episode, the last frame for one sample, and the ends of a long one", () => {
    expect(robometerFrames(5, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(robometerFrames(4, 8)).toBeNull(); // 8 values cannot sample 4 frames
    expect(robometerFrames(40, 1)).toEqual([39]);
    expect(robometerFrames(40, 8)).toEqual([0, 6, 11, 17, 22, 28, 33, 39]);
    expect(robometerFrames(3, 2)).toEqual([0, 2]);
  });
});

describe("answer texts", () => {
  it("never use an exponent and read back to the same number", () => {
    for (const v of [3e-7, 1.5e-9, 0.45, 1, 0.1 + 0.2, 1e-80]) {
      const t = answerText(v);
      expect(t).not.toMatch(/e/i);
      expect(Number(t)).toBe(v);
    }
  });
});

describe("Robometer records", () => {
  it("reads every sampled frame's progress and success probability, frame steps as causal prefixes", async () => {
    const r = await readPredictionFile(fixture("robometer-results.json"));
    expect(r.format).toBe("robometer");
    expect(r.scale?.value).toBe(1);
    // 8 + 30 whole-trajectory values, 2 frame-step prefixes; the record with "nan" is a problem.
    expect(r.records).toHaveLength(40);
    expect(r.problems).toEqual([{ line: 5, message: expect.stringMatching(/^record 5: progress_pred is .*"nan".*not a list of per-frame values/) }]);
    const a = r.records.filter((x) => x.episode.key === "3f2b8a90");
    expect(a.map((x) => x.sample)).toEqual(a.map((_, k) => ({ index: k, count: 8, rule: "all-or-ask", seen: true })));
    expect(a.map((x) => x.fullTrajectory)).toEqual(a.map(() => true));
    expect(a[7]).toMatchObject({ answer: "0.912", successProb: 0.973 });
    const steps = r.records.filter((x) => x.episode.key === "5c9e0d11");
    expect(steps.map((x) => [x.queryFrame, x.answer, x.fullTrajectory])).toEqual([
      [8, "0.3", false],
      [16, "0.6", false],
    ]);
  });

  it("turns the discrete head's bin logits into progress as Robometer does (softmax over linspace(0, 1, bins))", () => {
    expect(discreteProgress([0, 0])).toBeCloseTo(0.5, 15);
    expect(discreteProgress([10, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toBeLessThan(0.001);
    // e^0, e^1 over centres 0, 1: e / (1 + e)
    expect(discreteProgress([0, 1])).toBeCloseTo(Math.E / (1 + Math.E), 15);
  });
});

describe("LRM vlm_scores.json", () => {
  it("progress: one causal 0–1 prediction per scored frame; a missing frame is a problem", async () => {
    const r = await readPredictionFile(fixture("lrm-vlm-scores-progress.json"));
    expect(r.records).toHaveLength(9);
    expect(r.problems).toEqual([{ line: 8, message: expect.stringMatching(/^trajectory 2 .*traj_0001_00.*completion_scores\[2\]: t=2: no score/) }]);
    expect(r.records[1]).toMatchObject({ episode: { key: "traj_0000_00" }, queryFrame: 1, questionType: "PROGRESS", answer: "0.3", sampledFrames: [1], fullTrajectory: false });
    expect(r.records[1]!.output).toBe('{"completion_progress": 0.3}');
  });

  it('"both": completion_scores are yes/no answers (compute_completion), comparison_scores comparisons', async () => {
    const doc = JSON.parse(readFileSync(path.resolve("tests/fixtures/predictions/lrm-vlm-scores-completion.json"), "utf8"));
    const cmp = JSON.parse(readFileSync(path.resolve("tests/fixtures/predictions/lrm-vlm-scores-comparison.json"), "utf8"));
    doc.mode = "both";
    doc.trajectories.forEach((t: Record<string, unknown>, i: number) => (t.comparison_scores = cmp.trajectories[i].comparison_scores));
    const r = await readPredictionFile(text(JSON.stringify(doc)));
    expect(r.records.filter((x) => x.questionType === "COMPLETION")).toHaveLength(9);
    expect(r.records.filter((x) => x.questionType === "CONTRASTIVE")).toHaveLength(9);
    expect(r.records.some((x) => x.questionType === "PROGRESS")).toBe(false);
  });

  it("completion: yes/no answers; a corrupted frame is a problem", async () => {
    const r = await readPredictionFile(fixture("lrm-vlm-scores-completion.json"));
    expect(r.records.map((x) => x.answer)).toEqual(["no", "no", "no", "yes", "yes", "no", "no", "no", "yes"]);
    expect(r.records.every((x) => x.questionType === "COMPLETION")).toBe(true);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.message).toMatch(/t=3: the frame was corrupted/);
  });

  it("comparison: each entry against the previous one, the first frame against itself", async () => {
    const r = await readPredictionFile(fixture("lrm-vlm-scores-comparison.json"));
    expect(r.records.map((x) => [x.queryFrame, x.referenceFrame, x.answer])).toEqual([
      [0, 0, "0"],
      [1, 0, "1"],
      [2, 1, "1"],
      [3, 2, "1"],
      [4, 3, "-1"],
      [0, 0, "0"],
      [1, 0, "1"],
      [2, 1, "-1"],
      [3, 2, "0"],
    ]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.message).toMatch(/comparison_scores\[4\]: t=4: no score/);
  });

  it("names the episode with the path pattern when one is given", async () => {
    const r = await readPredictionFile(fixture("lrm-vlm-scores-progress.json"), { pathPattern: "worker_(?<source>\\d+)/trajectories/traj_(?<episode>\\d+)_" });
    expect(r.records[0]!.episode).toEqual({ key: "0000", source: "0" });
  });
});

describe("RoboReward answers", () => {
  it("reads HELM's answer rule and maps 1–5 to (s − 1) / 4 at the episode's last frame", async () => {
    const r = await readPredictionFile(fixture("roboreward-results.jsonl"));
    expect(r.format).toBe("roboreward");
    expect(r.records.map((x) => [x.episode.key, x.answer ?? null, x.unscored?.flag ?? null])).toEqual([
      ["ep_0123", "0.75", null],
      ["ep_0124", "0.25", null],
      ["ep_0125", null, "out_of_range"],
      ["ep_0126", null, "no_answer"],
    ]);
    expect(r.records[0]).toMatchObject({ sample: { index: 0, count: 1, rule: "last" }, referenceAnswer: "4 of 5" });
    expect(roborewardScore("blah\nANSWER: 3")).toBe("3");
    expect(roborewardScore("Answer : 2.5")).toBe("2.5");
    expect(roborewardScore("4 because")).toBe("4");
    expect(roborewardScore("none")).toBeNull();
  });
});

describe("dense arrays", () => {
  it("reads an object of per-episode lists; null values are problems", async () => {
    const r = await readPredictionFile(fixture("dense-scores.json"), { frames: { kind: "indices", frames: [0, 8, 16, 24, 32, 39] } });
    expect(r.records).toHaveLength(11);
    expect(r.problems).toEqual([{ line: 9, message: '"ep_8"[2]: null, not a score' }]);
    expect(r.records[5]).toMatchObject({ episode: { key: "ep_7" }, queryFrame: 39, answer: "1", fullTrajectory: true });
  });

  it("a bare list takes its episode from the import or the file name", async () => {
    const r = await readPredictionFile(text("[0.5, 0.75]", "ep_9_rewards.json"));
    expect(r.records.map((x) => x.episode.key)).toEqual(["ep_9", "ep_9"]);
    const named = await readPredictionFile(text("[0.5]", "x.json"), { episode: "ep_3", source: "lab" });
    expect(named.records[0]!.episode).toEqual({ key: "ep_3", source: "lab" });
    const wrong = await readPredictionFile(text("[0.5, 0.75]"), { frames: { kind: "indices", frames: [1] } , episode: "e"});
    expect(wrong.problems[0]!.message).toMatch(/2 values but 1 frame indices/);
  });
});
