import { describe, expect, it } from "vitest";
import {
  canCancel,
  canResume,
  checkPathPattern,
  configSummary,
  describeProblem,
  endpointBody,
  ENDPOINT_DEFAULTS,
  finishedRuns,
  firstProblems,
  formatCorrelation,
  formatShare,
  formErrors,
  importErrorProblems,
  importFields,
  matchRun,
  MAX_PREDICTION_FILE_BYTES,
  parseEpisodeIds,
  percentOf,
  progressFraction,
  progressText,
  readProblems,
  readProgress,
  removeFromList,
  renameInList,
  setStatusInList,
  startRunBody,
  validateImport,
  type ImportFormValues,
  type StartRunFormValues,
} from "./format";

const apiError = (status: number, detail: string, invalid_params?: Array<{ name: string; reason: string }>) =>
  Object.assign(new Error(detail), { status, problem: { detail, invalid_params } });

describe("numbers", () => {
  it("shows a share of a count, and a dash when there is nothing to count", () => {
    expect(percentOf(1, 8)).toBe("12.5 %");
    expect(percentOf(3, 3)).toBe("100.0 %");
    expect(percentOf(0, 0)).toBe("—");
  });

  it("shows undefined metrics as a dash, never as 0", () => {
    expect(formatShare(null)).toBe("—");
    expect(formatShare(0)).toBe("0.0 %");
    expect(formatShare(0.8768)).toBe("87.7 %");
    expect(formatCorrelation(null)).toBe("—");
  });

  it("signs correlations, without a minus on a rounded zero", () => {
    expect(formatCorrelation(0.81234)).toBe("+0.812");
    expect(formatCorrelation(-0.12)).toBe("−0.120");
    expect(formatCorrelation(-0.0001)).toBe("+0.000");
  });
});

describe("run progress", () => {
  it("reads the job's progress and ignores the empty object of imported runs", () => {
    expect(readProgress({})).toBeNull();
    expect(readProgress(null)).toBeNull();
    expect(readProgress({ total: 40, done: 12, failed: 1, message: "Running" })).toEqual({ total: 40, done: 12, failed: 1, message: "Running" });
  });

  it("says done/total and failures, and fills the bar with both", () => {
    const p = { total: 40, done: 12, failed: 2, message: "" };
    expect(progressText(p)).toBe("12/40, 2 failed");
    expect(progressFraction(p)).toBeCloseTo(14 / 40);
    expect(progressFraction({ total: 0, done: 0, failed: 0, message: "" })).toBe(0);
  });

  it("offers cancel while a model run works and resume when something is left to do", () => {
    expect(canCancel({ origin: "endpoint", status: "RUNNING" })).toBe(true);
    expect(canCancel({ origin: "jsonl", status: "RUNNING" })).toBe(false);
    expect(canCancel({ origin: "endpoint", status: "SUCCEEDED" })).toBe(false);
    expect(canResume({ origin: "endpoint", status: "CANCELLED", progress: {} })).toBe(true);
    expect(canResume({ origin: "endpoint", status: "SUCCEEDED", progress: { total: 4, done: 4, failed: 0 } })).toBe(false);
    expect(canResume({ origin: "endpoint", status: "SUCCEEDED", progress: { total: 4, done: 3, failed: 1 } })).toBe(true);
    expect(canResume({ origin: "primo-results", status: "FAILED", progress: {} })).toBe(false);
    expect(canResume({ origin: "endpoint", status: "RUNNING", progress: { total: 4, done: 1, failed: 0 } })).toBe(false);
  });

  it("finds the runs that stopped working between two polls", () => {
    const before = [
      { id: 1, status: "RUNNING" },
      { id: 2, status: "QUEUED" },
      { id: 3, status: "SUCCEEDED" },
    ];
    const after = [
      { id: 1, status: "SUCCEEDED" },
      { id: 2, status: "RUNNING" },
      { id: 3, status: "SUCCEEDED" },
    ];
    expect(finishedRuns(before, after)).toEqual([1]);
    expect(finishedRuns(undefined, after)).toEqual([]);
  });
});

describe("problems", () => {
  it("does not repeat the line the reader already wrote into the message", () => {
    expect(describeProblem({ line: 4, message: 'line 4: unknown field "outptu" (did you mean "output"?)' })).toEqual({
      where: "line 4",
      text: 'unknown field "outptu" (did you mean "output"?)',
    });
    expect(describeProblem({ line: 2, message: "record 2: no output" })).toEqual({ where: "record 2", text: "no output" });
  });

  it("places file-level problems and model-run samples", () => {
    expect(describeProblem({ line: 0, message: "the file holds no predictions" })).toEqual({ where: "file", text: "the file holds no predictions" });
    expect(describeProblem({ line: 7, message: "something odd" })).toEqual({ where: "line 7", text: "something odd" });
    expect(describeProblem({ sample: "episode 3 frame 40", message: "HTTP 500" })).toEqual({ where: "episode 3 frame 40", text: "HTTP 500" });
  });

  it("reads stored problems of either kind and skips junk", () => {
    expect(readProblems([{ line: 3, message: "x" }, { sample: "episode 1 frame 2", message: "y" }, null, 5])).toEqual([
      { line: 3, sample: undefined, message: "x" },
      { line: undefined, sample: "episode 1 frame 2", message: "y" },
    ]);
    expect(readProblems(undefined)).toEqual([]);
  });

  it("shows the first 50 and counts the rest, including those the server did not send", () => {
    const list = Array.from({ length: 120 }, (_, i) => i);
    expect(firstProblems(list)).toEqual({ items: list.slice(0, 50), more: 70 });
    expect(firstProblems(list, 1500).more).toBe(1450);
    expect(firstProblems([1, 2]).more).toBe(0);
  });

  it("turns a nothing-imported 400 into a problems list with the full count", () => {
    const err = apiError(400, "Nothing could be imported: 73 problems.", [
      { name: "line 1", reason: "line 1: there is no episode with id 9." },
      { name: "file", reason: "the file holds no predictions" },
    ]);
    expect(importErrorProblems(err)).toEqual({ problems: [{ line: 1, message: "line 1: there is no episode with id 9." }], total: 73 });
    expect(importErrorProblems(null)).toEqual({ problems: [], total: 0 });
  });
});

describe("form errors", () => {
  it("puts invalid_params next to their fields and keeps the rest", () => {
    const err = apiError(400, "Some fields are invalid.", [
      { name: "episodes.limit", reason: "Too big." },
      { name: "episodes", reason: "Choose episodes." },
      { name: "query.confirm", reason: 'Must be "a".' },
      { name: "(root)", reason: "Nothing to change." },
    ]);
    const e = formErrors(err, ["episodes.limit", "episodes", "confirm"]);
    expect(e.summary).toBe("Some fields are invalid.");
    expect(e.fields).toEqual({ "episodes.limit": "Too big.", episodes: "Choose episodes.", confirm: 'Must be "a".' });
    expect(e.other).toEqual([{ name: "(root)", reason: "Nothing to change." }]);
  });

  it("gives nested zod paths to their field", () => {
    const e = formErrors(apiError(400, "x", [{ name: "episodes.ids.2", reason: "Positive." }]), ["episodes"]);
    expect(e.fields.episodes).toBe("Positive.");
  });

  it("is empty without an error", () => {
    expect(formErrors(null, ["a"])).toEqual({ summary: null, fields: {}, other: [] });
  });
});

describe("import form", () => {
  const values: ImportFormValues = { run: " r1 ", modelName: " M ", description: "", scale: "100", format: "", pathPattern: "", frames: "", episode: "", column: "", source: "" };

  it("checks path patterns as the server compiles them", () => {
    expect(checkPathPattern("")).toBeNull();
    expect(checkPathPattern("episode(?<episode>\\d+)/clip_(?<frame>\\d+)")).toBeNull();
    expect(checkPathPattern("(?<episode>\\d+")).toMatch(/Not a valid regular expression/);
    expect(checkPathPattern("clip_(?<frame>\\d+)")).toMatch(/\(\?<episode>/);
    expect(checkPathPattern("(?<episode>\\d+)/(?<frame>\\d+)/(?<time>[\\d.]+)")).toMatch(/has both a \(\?<frame>…\) and a \(\?<time>…\) group/);
    expect(checkPathPattern("(?<=/)(?<episode>\\d+)")).toMatch(/^Not a valid regular expression: lookaround/);
  });

  it("recognises an existing run by its trimmed name", () => {
    const runs = [{ name: "r1" }, { name: "r2" }];
    expect(matchRun(runs, " r1 ")).toBe(runs[0]);
    expect(matchRun(runs, "R1")).toBeUndefined();
    expect(matchRun(runs, "  ")).toBeUndefined();
    expect(matchRun(undefined, "r1")).toBeUndefined();
  });

  it("sends model and scale only for a new run, and leaves out blanks", () => {
    expect(importFields(values, false)).toEqual([
      ["run", "r1"],
      ["modelName", "M"],
      ["scale", "100"],
    ]);
    // Scale left to the file: not sent.
    expect(importFields({ ...values, scale: "" }, false)).toEqual([
      ["run", "r1"],
      ["modelName", "M"],
    ]);
    expect(importFields({ ...values, format: "primo-results", pathPattern: " (?<episode>x) ", description: "d" }, true)).toEqual([
      ["run", "r1"],
      ["description", "d"],
      ["format", "primo-results"],
      ["pathPattern", "(?<episode>x)"],
    ]);
    // The reward-model options, trimmed, only when given.
    expect(importFields({ ...values, format: "dense-array", frames: " linspace-int ", episode: "ep_7", column: "", source: " lab " }, false)).toEqual([
      ["run", "r1"],
      ["modelName", "M"],
      ["scale", "100"],
      ["format", "dense-array"],
      ["frames", "linspace-int"],
      ["episode", "ep_7"],
      ["source", "lab"],
    ]);
  });

  it("asks for a file, a run name and, for a new run, the model", () => {
    expect(validateImport({ ...values, run: "", modelName: "" }, null, false)).toEqual({
      file: expect.stringMatching(/Choose/),
      run: expect.any(String),
      modelName: expect.stringMatching(/new run/),
    });
    expect(validateImport({ ...values, modelName: "" }, { name: "a.jsonl", size: 10 }, true)).toEqual({});
    expect(validateImport(values, { name: "a.jsonl", size: MAX_PREDICTION_FILE_BYTES + 1 }, false).file).toMatch(/limit is 200 MB/);
    expect(validateImport({ ...values, pathPattern: "(" }, { name: "a.json", size: 1 }, false).pathPattern).toBeDefined();
  });
});

describe("run-a-model form", () => {
  const values: StartRunFormValues = {
    endpointId: "3",
    name: " run ",
    description: "",
    mode: "filter",
    environmentId: "2",
    taskId: "",
    split: "ID",
    ids: "",
    limit: "100",
    queriesPerEpisode: "8",
    framesPerSample: "32",
    imageWidth: "640",
    camera: "",
  };

  it("reads a comma list of episode ids and reports what is not one", () => {
    expect(parseEpisodeIds("12, 15 40;12")).toEqual({ ids: [12, 15, 40], bad: [] });
    expect(parseEpisodeIds("3, x, 0, -1, 2.5")).toEqual({ ids: [3], bad: ["x", "0", "-1", "2.5"] });
  });

  it("builds the body the server expects", () => {
    expect(startRunBody(values)).toEqual({
      body: {
        endpointId: 3,
        name: "run",
        description: "",
        episodes: { environmentId: 2, split: "ID", limit: 100 },
        queriesPerEpisode: 8,
        framesPerSample: 32,
        imageWidth: 640,
      },
    });
    const byIds = startRunBody({ ...values, mode: "ids", ids: "5,6", imageWidth: "320", camera: " wrist " });
    expect(byIds).toMatchObject({ body: { episodes: { ids: [5, 6], limit: 100 }, imageWidth: 320, camera: "wrist" } });
    expect("body" in byIds && byIds.body.episodes.environmentId).toBeFalsy();
  });

  it("refuses a selection that names no episodes, and out-of-range numbers", () => {
    const r = startRunBody({ ...values, environmentId: "", split: "", endpointId: "", queriesPerEpisode: "0", framesPerSample: "65", limit: "" });
    expect("errors" in r && Object.keys(r.errors).sort()).toEqual(["endpointId", "episodes", "episodes.limit", "framesPerSample", "queriesPerEpisode"]);
    const ids = startRunBody({ ...values, mode: "ids", ids: "a, 4" });
    expect("errors" in ids && ids.errors["episodes.ids"]).toMatch(/Not episode ids: a/);
  });
});

describe("endpoint form", () => {
  const v = { ...ENDPOINT_DEFAULTS, name: " gpu ", baseUrl: " http://gpu:8000/v1 ", model: "m" };

  it("never sends a blank key, so editing keeps the stored one", () => {
    expect(endpointBody(v, true)).not.toHaveProperty("apiKey");
    expect(endpointBody(v, false)).not.toHaveProperty("apiKey");
    expect(endpointBody({ ...v, apiKey: "sk-1" }, true).apiKey).toBe("sk-1");
  });

  it("sends null to remove the key", () => {
    expect(endpointBody({ ...v, apiKey: "sk-1", removeKey: true }, true).apiKey).toBeNull();
  });

  it("sends every other field, as numbers", () => {
    expect(endpointBody(v, true)).toEqual({
      name: "gpu",
      baseUrl: "http://gpu:8000/v1",
      model: "m",
      videoMode: "frames",
      requestsPerMinute: 60,
      concurrency: 2,
      maxTokens: 1024,
      temperature: 0.1,
      timeoutSec: 120,
    });
  });
});

describe("run config", () => {
  it("summarises a model run's plan", () => {
    const rows = configSummary("endpoint", {
      endpoint: { name: "gpu", model: "m", baseUrl: "http://x/v1", videoMode: "frames" },
      episodeIds: [1, 2, 3],
      queriesPerEpisode: 8,
      framesPerSample: 32,
      camera: null,
      imageWidth: 320,
    });
    expect(Object.fromEntries(rows)).toMatchObject({ Episodes: "3", "Queries per episode": "8", "Frames per sample": "32", "Image width": "320 px", Camera: "main camera" });
  });

  it("summarises an import", () => {
    expect(configSummary("primo-results", { importedFormat: "primo-results", pathPattern: "(?<episode>x)" })).toEqual([
      ["Imported format", "primo-results"],
      ["Path pattern", "(?<episode>x)"],
    ]);
    expect(configSummary("jsonl", null)).toEqual([]);
  });
});

describe("optimistic list edits", () => {
  const list = {
    items: [
      { id: 1, name: "a", status: "RUNNING" },
      { id: 2, name: "b", status: "SUCCEEDED" },
    ],
  };

  it("renames, removes and sets a status without touching other rows", () => {
    expect(renameInList(list, 1, "z")?.items.map((r) => r.name)).toEqual(["z", "b"]);
    expect(removeFromList(list, 1)?.items.map((r) => r.id)).toEqual([2]);
    expect(setStatusInList(list, 1, "CANCELLED")?.items.map((r) => r.status)).toEqual(["CANCELLED", "SUCCEEDED"]);
    expect(list.items[0]).toEqual({ id: 1, name: "a", status: "RUNNING" });
    expect(renameInList(undefined, 1, "z")).toBeUndefined();
  });
});
