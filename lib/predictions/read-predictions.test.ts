import { describe, expect, it } from "vitest";

import { detectPredictionFormat, readPredictions } from "./read-predictions";
import { compilePathPattern } from "./path-pattern";

const OUT = "<think><planning>p</planning><observation>o</observation><reasoning>r</reasoning></think><answer>45</answer>";
const jsonl = (...lines: unknown[]) => lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n");

/** A record as PRIMO-R1 eval_local.py writes it: the benchmark sample plus the model's fields. */
function evalRecord(extra: Record<string, unknown> = {}) {
  return {
    problem: "What percentage of the task is complete?",
    problem_type: "numerical",
    solution: "<answer>40</answer>",
    path: "./agibot/videos/327/648642/clip_0045.mp4",
    data_type: "video",
    init_frame_path: "./primo-video/agibot/frames/videos/327/648642/clip_0045_init.jpg",
    current_frame_path: "./primo-video/agibot/frames/videos/327/648642/clip_0045_current.jpg",
    prompt: [{ role: "system", content: [{ type: "text", text: "…" }] }],
    output: OUT,
    prediction: "45",
    reward: 0.95,
    correct: false,
    process: "<think><planning>p</planning><observation>o</observation><reasoning>r</reasoning></think>",
    ...extra,
  };
}

describe("JSONL", () => {
  it("reads good lines with both episode reference styles, query_frame and query_time", () => {
    const text = jsonl(
      { episode_id: 12, query_frame: 30, output: OUT },
      { episode: "648642", source: "agibot-world", query_time: 2.5, output: "<answer>yes</answer>", question_type: "completion", question: "Is it done?" },
      { episode: "ep-7", query_frame: 0, output: "72", sampled_frames: [0, 4, 8], score: 0.8, question_type: "progress", source: null },
    );
    const r = readPredictions(text);
    expect(r.format).toBe("jsonl");
    expect(r.problems).toEqual([]);
    expect(r.records).toEqual([
      { line: 1, episode: { id: 12 }, queryFrame: 30, queryTime: null, questionType: "PROGRESS", question: null, output: OUT, sampledFrames: null, fullTrajectory: false, score: null, referenceAnswer: null },
      {
        line: 2,
        episode: { key: "648642", source: "agibot-world" },
        queryFrame: null,
        queryTime: 2.5,
        questionType: "COMPLETION",
        question: "Is it done?",
        output: "<answer>yes</answer>",
        sampledFrames: null,
        fullTrajectory: false,
        score: null,
        referenceAnswer: null,
      },
      { line: 3, episode: { key: "ep-7" }, queryFrame: 0, queryTime: null, questionType: "PROGRESS", question: null, output: "72", sampledFrames: [0, 4, 8], fullTrajectory: false, score: 0.8, referenceAnswer: null },
    ]);
  });

  it("keeps good lines around bad ones, with correct line numbers (blank lines count)", () => {
    const text = [
      JSON.stringify({ episode_id: 1, query_frame: 1, output: "a" }),
      "",
      "{not json",
      JSON.stringify({ episode_id: 2, query_frame: 2, output: "b" }),
      "   ",
      "[1, 2]",
      JSON.stringify({ episode_id: "ep-3", query_frame: -1 }),
      JSON.stringify({ episode_id: 4, query_frame: 4, output: "d" }),
    ].join("\n");
    const r = readPredictions(text, { format: "jsonl" });
    expect(r.records.map((x) => [x.line, x.episode.id])).toEqual([
      [1, 1],
      [4, 2],
      [8, 4],
    ]);
    expect(r.problems.map((p) => p.line)).toEqual([3, 6, 7]);
    expect(r.problems[0].message).toMatch(/^line 3: not valid JSON \(/);
    expect(r.problems[1].message).toBe("line 6: must be a JSON object describing one prediction");
    expect(r.problems[2].message).toBe(
      'line 7: "episode_id" must be a whole number (got the text "ep-3"); use "episode" for a key in the source dataset; "query_frame" must be at least 0 (got number -1); "output" is required',
    );
  });

  it("names unknown fields and suggests the closest one", () => {
    const r = readPredictions(jsonl({ episode_id: 1, query_frame: 3, output: "x", outptu: "y", queryframe: 2, colour: "red" }), { format: "jsonl" });
    expect(r.records).toEqual([]);
    const msg = r.problems[0].message;
    expect(msg).toContain('unknown field "outptu" (did you mean "output"?)');
    expect(msg).toContain('unknown field "queryframe" (did you mean "query_frame"?)');
    expect(msg).toMatch(/unknown field "colour"; allowed fields: episode_id, episode, source, query_frame/);
  });

  it("enforces the either/or fields", () => {
    const r = readPredictions(
      jsonl(
        { output: "x", query_frame: 1 },
        { episode_id: 1, episode: "a", query_frame: 1, output: "x" },
        { episode_id: 1, source: "lerobot", query_frame: 1, output: "x" },
        { episode_id: 1, output: "x" },
        { episode_id: 1, query_frame: 1, query_time: 0.5, output: "x" },
        { episode: "k", query_time: null, query_frame: 5, output: "x" },
      ),
    );
    expect(r.problems.map((p) => p.message)).toEqual([
      'line 1: give "episode_id" (the app\'s episode id) or "episode" (the episode\'s key in its source dataset)',
      'line 2: give only one of "episode_id" and "episode"',
      'line 3: "source" only goes with "episode" (an "episode_id" is already unique)',
      'line 4: give "query_frame" (0-based frame) or "query_time" (seconds from the episode start)',
      'line 5: give only one of "query_frame" and "query_time"',
    ]);
    expect(r.records.map((x) => x.line)).toEqual([6]);
  });

  it("checks field types and values", () => {
    const r = readPredictions(
      jsonl(
        { episode_id: 0, query_frame: 1.5, output: true },
        { episode: "", query_time: -2, output: "x", question_type: "regression" },
        { episode: "a", query_frame: 1, output: "x", sampled_frames: [0, 2.5, -1], score: "high" },
      ),
    );
    expect(r.records).toEqual([]);
    expect(r.problems.map((p) => p.message)).toEqual([
      'line 1: "episode_id" must be greater than 0 (got number 0); "query_frame" must be a whole number (got number 1.5); "output" must be text (got boolean true)',
      'line 2: "episode" must not be empty; "query_time" must be at least 0 (got number -2); "question_type" must be one of "progress", "completion", "contrastive" (got the text "regression")',
      'line 3: "sampled_frames[1]" must be a whole number (got number 2.5); "sampled_frames[2]" must be at least 0 (got number -1); "score" must be a number (got the text "high")',
    ]);
  });

  it("reads a numeric output (a reward model's score) as that answer's text", () => {
    const r = readPredictions(jsonl({ episode_id: 1, query_frame: 3, output: 0.45 }, { episode_id: 1, query_frame: 4, output: 72 }));
    expect(r.problems).toEqual([]);
    expect(r.records.map((x) => x.output)).toEqual(["0.45", "72"]);
  });

  it("accepts CRLF line endings and a BOM", () => {
    const text = `\ufeff${JSON.stringify({ episode_id: 1, query_frame: 1, output: "a\r\nb" })}\r\n\r\n${JSON.stringify({ episode_id: 2, query_frame: 2, output: "c" })}\r\n`;
    expect(detectPredictionFormat(text)).toBe("jsonl");
    const r = readPredictions(text);
    expect(r.problems).toEqual([]);
    expect(r.records.map((x) => [x.line, x.output])).toEqual([
      [1, "a\r\nb"],
      [3, "c"],
    ]);
  });

  it("reports an empty file", () => {
    expect(readPredictions("\n  \n", { format: "jsonl" }).problems).toEqual([{ line: 0, message: "the file holds no predictions" }]);
  });
});

describe("PRIMO evaluation results", () => {
  it("reads records placed by explicit fields", () => {
    const doc = {
      results: [
        evalRecord({ episode_id: 5, query_frame: 45 }),
        evalRecord({ episode: "648642", source: "agibot", frame_index: 10, problem_type: "boolean", solution: "<answer>No</answer>", output: "<answer>no</answer>" }),
        evalRecord({ episode: "648642", query_time: 1.5, sampled_frames: [0, 3, 6], score: 0.25 }),
      ],
      final_acc: [{ mean_acc: 0, mean_mra: 0.9 }],
    };
    const text = JSON.stringify(doc, null, 2);
    expect(detectPredictionFormat(text, "results.json")).toBe("primo-results");
    const r = readPredictions(text);
    expect(r.format).toBe("primo-results");
    expect(r.problems).toEqual([]);
    expect(r.records[0]).toEqual({
      line: 1,
      episode: { id: 5 },
      queryFrame: 45,
      queryTime: null,
      questionType: "PROGRESS",
      question: "What percentage of the task is complete?",
      output: OUT,
      sampledFrames: null,
      fullTrajectory: false,
      score: null,
      referenceAnswer: "40",
    });
    expect(r.records[1]).toMatchObject({ episode: { key: "648642", source: "agibot" }, queryFrame: 10, questionType: "COMPLETION", output: "<answer>no</answer>", referenceAnswer: "No" });
    expect(r.records[2]).toMatchObject({ queryFrame: null, queryTime: 1.5, sampledFrames: [0, 3, 6], score: 0.25 });
  });

  it("accepts a bare list, falls back to \"prediction\", and maps problem types", () => {
    const text = JSON.stringify([
      { ...evalRecord({ episode_id: 1, query_frame: 1 }), output: undefined },
      evalRecord({ episode_id: 1, query_frame: 2, problem_type: "Regression " }),
      evalRecord({ episode_id: 1, query_frame: 3, problem_type: "multiple choice" }),
      evalRecord({ episode_id: 1, query_frame: 4, problem_type: undefined }),
      evalRecord({ episode_id: 1, query_frame: 5, output: undefined, prediction: undefined }),
      "not an object",
      evalRecord({ episode_id: 1, query_frame: 7, problem_type: "free-form", output: 3 }),
    ]);
    expect(detectPredictionFormat(text)).toBe("primo-results");
    const r = readPredictions(text);
    expect(r.records.map((x) => [x.line, x.output, x.questionType])).toEqual([
      [1, "45", "PROGRESS"],
      [2, OUT, "PROGRESS"],
    ]);
    expect(r.problems).toEqual([
      { line: 3, message: 'record 3: problem_type "multiple choice" is not a progress or completion question' },
      { line: 4, message: 'record 4: "problem_type" is missing (expected "numerical", "regression" or "boolean")' },
      { line: 5, message: 'record 5: no model output: the record has neither "output" nor "prediction"' },
      { line: 6, message: "record 6: must be a JSON object" },
      { line: 7, message: 'record 7: "output" must be text (got number 3)' },
    ]);
  });

  it("places records with a path pattern (episode + frame), trying path then current_frame_path", () => {
    const text = JSON.stringify({
      results: [
        evalRecord(),
        evalRecord({ path: "./other/layout.mp4", current_frame_path: "./frames/ep_9/frame_000120.jpg" }),
        evalRecord({ query_frame: 7 }), // explicit frame wins; pattern supplies the episode
        evalRecord({ episode_id: 3, query_frame: 1, path: "./no/match.mp4" }), // fully explicit: pattern not needed
      ],
    });
    const r = readPredictions(text, { pathPattern: "(?:/|ep_)(?<episode>\\d+)/(?:clip|frame)_(?<frame>\\d+)\\.(?:mp4|jpg)$" });
    expect(r.problems).toEqual([]);
    expect(r.records.map((x) => [x.episode, x.queryFrame, x.queryTime])).toEqual([
      [{ key: "648642" }, 45, null],
      [{ key: "9" }, 120, null],
      [{ key: "648642" }, 7, null],
      [{ id: 3 }, 1, null],
    ]);
  });

  it("reads time and source groups from a path pattern", () => {
    const text = JSON.stringify([evalRecord({ path: "./behavior-1k/ep_0012/t_3.25s.mp4" }), evalRecord({ path: "./x/ep_1/t_3.25s.mp4", source: "explicit" })]);
    const r = readPredictions(text, { pathPattern: "^\\./(?<source>[^/]+)/ep_(?<episode>\\d+)/t_(?<time>[\\d.]+)s\\.mp4$" });
    expect(r.problems).toEqual([]);
    expect(r.records[0]).toMatchObject({ episode: { key: "0012", source: "behavior-1k" }, queryFrame: null, queryTime: 3.25 });
    expect(r.records[1]).toMatchObject({ episode: { key: "1", source: "explicit" }, queryTime: 3.25 });
  });

  it("reports records the pattern cannot place, and keeps the others", () => {
    const text = JSON.stringify([
      evalRecord(),
      evalRecord({ path: "./nowhere.mp4", current_frame_path: undefined }),
      evalRecord({ path: undefined, current_frame_path: undefined }),
      evalRecord({ path: "./agibot/videos/327/648642/clip_x12.mp4", current_frame_path: null }),
    ]);
    const r = readPredictions(text, { pathPattern: "/(?<episode>\\d+)/clip_(?<frame>[^.]+)\\.mp4$" });
    expect(r.records.map((x) => x.line)).toEqual([1]);
    expect(r.problems.map((p) => p.message)).toEqual([
      'record 2: no episode and query frame: the path pattern "/(?<episode>\\\\d+)/clip_(?<frame>[^.]+)\\\\.mp4$" does not match "path" "./nowhere.mp4"',
      'record 3: no episode and query frame: the record has no "path" or "current_frame_path" for the path pattern to read',
      'record 4: the path pattern matched "path" "./agibot/videos/327/648642/clip_x12.mp4" but its frame "x12" is not a whole number',
    ]);
  });

  it("asks for a frame when the pattern has no frame or time group", () => {
    const r = readPredictions(JSON.stringify([evalRecord()]), { pathPattern: "/(?<episode>\\d+)/clip_" });
    expect(r.problems[0].message).toBe(
      'record 1: no query frame: give "query_frame", "frame_index" or "query_time", or add a (?<frame>…) or (?<time>…) group to the path pattern',
    );
  });

  it("suggests a path pattern when a record cannot be placed and none was given", () => {
    const r = readPredictions(JSON.stringify({ results: [evalRecord(), evalRecord({ episode_id: 2 })] }));
    expect(r.records).toEqual([]);
    expect(r.problems[0].message).toBe(
      'record 1: no episode and query frame: give "episode_id" or "episode" and "query_frame", "frame_index" or "query_time", or set a path pattern (e.g. "(?<episode>[^/]+)/clip_(?<frame>\\d+)\\.mp4$") matched against the record\'s "path" (here "path" "./agibot/videos/327/648642/clip_0045.mp4" and "current_frame_path" "./primo-video/agibot/frames/videos/327/648642/clip_0045_current.jpg")',
    );
    expect(r.problems[1].message).toMatch(/^record 2: no query frame: give "query_frame", "frame_index" or "query_time", or set a path pattern/);
  });

  it("rejects a bad path pattern once, with no records", () => {
    const text = JSON.stringify([evalRecord({ episode_id: 1, query_frame: 1 })]);
    const invalid = readPredictions(text, { pathPattern: "(?<episode>\\d+" });
    expect(invalid.records).toEqual([]);
    expect(invalid.problems).toHaveLength(1);
    expect(invalid.problems[0].line).toBe(0);
    expect(invalid.problems[0].message).toMatch(/^the path pattern is not a valid regular expression \(/);

    const noGroup = readPredictions(text, { pathPattern: "clip_(?<frame>\\d+)" });
    expect(noGroup).toMatchObject({ records: [], problems: [{ line: 0, message: expect.stringContaining("has no (?<episode>…) group") }] });

    const both = readPredictions(text, { pathPattern: "(?<episode>\\d+)/(?<frame>\\d+)/(?<time>\\d+)" });
    expect(both.problems[0].message).toContain("both a (?<frame>…) and a (?<time>…) group");

    // A blank pattern counts as "no pattern".
    expect(readPredictions(text, { pathPattern: "  " }).records).toHaveLength(1);
  });

  it("finds named groups even when they do not take part in a match", () => {
    const c = compilePathPattern("/(?:(?<episode>\\d+)|x)(?:_(?<frame>\\d+))?");
    expect(c.ok && [c.pattern.hasFrame, c.pattern.hasTime, c.pattern.hasSource]).toEqual([true, false, false]);
    expect(c.ok && c.pattern.exec("a/12")).toEqual({ episode: "12", frame: undefined });
    expect(compilePathPattern("\\(?<episode>x\\)").ok).toBe(false);
  });

  it("matches in time linear in the path: a pattern that backtracks forever elsewhere answers at once", () => {
    // With a backtracking engine, ^(?<episode>(a+)+)$ on 40 a's and a b takes longer than the universe's age.
    const c = compilePathPattern("^(?<episode>(a+)+)$");
    expect(c.ok).toBe(true);
    expect(c.ok && c.pattern.exec(`${"a".repeat(5000)}b`)).toBeNull();
    expect(c.ok && c.pattern.exec("aaa")).toEqual({ episode: "aaa" });
    const r = readPredictions(JSON.stringify([evalRecord({ path: `${"a".repeat(400)}!` })]), { pathPattern: "^(?<episode>(a+)+)$" });
    expect(r.problems[0]!.message).toContain("does not match");
  });

  it("refuses lookaround and backreferences, which RE2 does not have, with its reason", () => {
    const look = compilePathPattern("(?<=/)(?<episode>\\d+)");
    expect(look.ok).toBe(false);
    expect(!look.ok && look.reason).toMatch(/^the path pattern is not a valid regular expression \(lookaround .* cannot be used: patterns run in RE2 syntax/);
    expect(compilePathPattern("(?<episode>a)\\1").ok).toBe(false);
  });

  it("reports conflicting explicit fields", () => {
    const r = readPredictions(
      JSON.stringify([
        evalRecord({ episode_id: 1, episode: "a", query_frame: 1 }),
        evalRecord({ episode_id: 1, query_frame: 1, frame_index: 2 }),
        evalRecord({ episode_id: 1, frame_index: 2, query_time: 0.5 }),
        evalRecord({ episode_id: 1, query_frame: 3, frame_index: 3 }),
        evalRecord({ episode_id: "7", query_frame: 1 }),
      ]),
    );
    expect(r.problems.map((p) => p.message)).toEqual([
      'record 1: give only one of "episode_id" and "episode"',
      'record 2: "query_frame" (1) and "frame_index" (2) disagree',
      'record 3: give only one of "query_frame" (or "frame_index") and "query_time"',
      'record 5: "episode_id" must be a whole number (got the text "7"); use "episode" for a key in the source dataset',
    ]);
    expect(r.records.map((x) => x.line)).toEqual([4]);
  });

  it("reports files that are not a list of records", () => {
    expect(readPredictions('{"final_acc": []}', { format: "primo-results" }).problems).toEqual([
      { line: 0, message: 'the file must be a JSON list of records or an object with a "results" list' },
    ]);
    expect(readPredictions('{"results": []}').problems).toEqual([{ line: 0, message: "the file holds no records" }]);
    const broken = readPredictions('{"results": [', { format: "primo-results" });
    expect(broken.problems[0].message).toMatch(/^not valid JSON \(/);
  });

  it("reads a results file with a BOM and CRLF line endings", () => {
    const text = `\ufeff${JSON.stringify({ results: [evalRecord({ episode_id: 1, query_frame: 2 })] }, null, 2).replace(/\n/g, "\r\n")}`;
    expect(detectPredictionFormat(text)).toBe("primo-results");
    expect(readPredictions(text).records).toHaveLength(1);
  });
});

describe("PRIMO sample records with a model answer", () => {
  /** As src/generate_cot_vllm.py writes them: the sample plus "answer", "reward", "select", "process". */
  function cotRecord(extra: Record<string, unknown> = {}) {
    return {
      problem: "How far along is the robot?",
      problem_type: "numerical",
      solution: "<answer>60</answer>",
      path: "./robotwin/episode12/clip_0090.mp4",
      data_type: "video",
      answer: "55",
      reward: 0, // the generator scores "numerical" answers by exact match, so 55 vs 60 gets 0
      select: false,
      process: "<think><planning>p</planning><observation>o</observation><reasoning>r</reasoning></think>",
      ...extra,
    };
  }

  it("rebuilds the raw output as process + newline + answer block", () => {
    const text = JSON.stringify({ results: [cotRecord(), cotRecord({ process: undefined, answer: "" }), cotRecord({ answer: "<answer>50</answer>" })] });
    expect(detectPredictionFormat(text, "train_COT_qwen72b.json")).toBe("primo-samples");
    const r = readPredictions(text, { pathPattern: "episode(?<episode>\\d+)/clip_(?<frame>\\d+)" });
    expect(r.format).toBe("primo-samples");
    expect(r.problems).toEqual([]);
    expect(r.records[0]).toEqual({
      line: 1,
      episode: { key: "12" },
      queryFrame: 90,
      queryTime: null,
      questionType: "PROGRESS",
      question: "How far along is the robot?",
      output: "<think><planning>p</planning><observation>o</observation><reasoning>r</reasoning></think>\n<answer>55</answer>",
      sampledFrames: null,
      fullTrajectory: false,
      score: null,
      referenceAnswer: "60",
    });
    expect(r.records[1].output).toBe("<answer></answer>");
    expect(r.records[2].output).toBe(`${cotRecord().process}\n<answer>50</answer>`);
  });

  it("reports records without a model answer (training samples)", () => {
    const text = JSON.stringify([cotRecord({ episode_id: 1, query_frame: 1 }), cotRecord({ episode_id: 1, query_frame: 2, answer: undefined }), { process: "<think>x</think>", problem_type: "boolean", episode_id: 1, query_frame: 3 }]);
    expect(detectPredictionFormat(text)).toBe("primo-samples");
    const r = readPredictions(text);
    expect(r.records.map((x) => x.line)).toEqual([1]);
    expect(r.problems).toEqual([
      { line: 2, message: 'record 2: no model answer ("answer"): this looks like a training sample (it has only the ground-truth "solution"), not a prediction' },
      { line: 3, message: 'record 3: no model answer: the record has no "answer" field' },
    ]);
  });
});

describe("detectPredictionFormat", () => {
  it("recognises each format by content", () => {
    expect(detectPredictionFormat(jsonl({ episode_id: 1, query_frame: 1, output: "x" }))).toBe("jsonl");
    expect(detectPredictionFormat(jsonl({ episode_id: 1 }, { episode_id: 2 }))).toBe("jsonl");
    expect(detectPredictionFormat(JSON.stringify({ results: [{ output: "x" }] }))).toBe("primo-results");
    expect(detectPredictionFormat(JSON.stringify({ results: [] }))).toBe("primo-results");
    expect(detectPredictionFormat(JSON.stringify([{ prediction: "x" }]))).toBe("primo-results");
    expect(detectPredictionFormat(JSON.stringify([{ process: "<think></think>", solution: "<answer>1</answer>" }]))).toBe("primo-samples");
    expect(detectPredictionFormat(JSON.stringify({ results: [{ answer: "1" }] }))).toBe("primo-samples");
  });

  it("returns null when the content does not say", () => {
    expect(detectPredictionFormat("")).toBeNull();
    expect(detectPredictionFormat("hello")).toBeNull();
    expect(detectPredictionFormat(JSON.stringify([{ problem: "q" }]))).toBeNull();
    expect(detectPredictionFormat(JSON.stringify({ episode_id: 1 }))).toBeNull();
    expect(detectPredictionFormat(JSON.stringify({ output: "x", episode_id: 1 }, null, 2))).toBeNull();
  });

  it("uses the file name when the content alone is unclear", () => {
    expect(detectPredictionFormat("{broken\n{also broken", "preds.jsonl")).toBe("jsonl");
    expect(detectPredictionFormat("{broken\n{also broken", "preds.json")).toBeNull();
    // Content wins over a misleading name.
    expect(detectPredictionFormat(JSON.stringify({ results: [{ output: "x" }] }), "preds.jsonl")).toBe("primo-results");
  });

  it("explains an unreadable file instead of guessing", () => {
    const r = readPredictions("[1, 2,");
    expect(r.records).toEqual([]);
    expect(r.problems[0].message).toMatch(/^not valid JSON \(/);
    expect(readPredictions("hello").problems[0].message).toMatch(/^cannot tell the file's format/);
  });
});

describe("JSONL contrastive lines and success probabilities", () => {
  it("reads the reference frame and the success probability, and asks for the reference frame", () => {
    const r = readPredictions(
      jsonl(
        { episode_id: 1, query_frame: 9, question_type: "contrastive", reference_frame: 4, output: 1, success_prob: 0.2 },
        { episode_id: 1, query_frame: 9, question_type: "contrastive", output: "-1" },
        { episode_id: 1, query_frame: 9, reference_frame: 3, output: "40" },
      ),
    );
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({ questionType: "CONTRASTIVE", referenceFrame: 4, successProb: 0.2, output: "1" });
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^line 2: a "contrastive" line needs "reference_frame"/),
      expect.stringMatching(/^line 3: "reference_frame" only goes with "question_type": "contrastive"/),
    ]);
  });
});
