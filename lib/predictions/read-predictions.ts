/*
 * Reads an uploaded predictions file (text) into prediction records. Pure: no React, no Prisma,
 * no Node APIs, so it runs in the browser (preview) and on the server alike. The accepted
 * formats are documented for users in docs/predictions-format.md; keep the two in step.
 *
 * Every problem is collected with its line number (JSONL) or 1-based record index (JSON files);
 * a bad line or record never stops the good ones. Each bad line/record yields ONE problem,
 * "line N: …" / "record N: …", listing everything wrong with it (the house style of
 * lib/import/readers/manifest.ts). Problems about the whole file use line 0.
 *
 * Formats:
 *   jsonl           Critic Studio's own format, one prediction per line (strict field list).
 *   primo-results   The output of PRIMO-R1 src/eval/eval_local.py: {"results": [...], "final_acc": [...]}
 *                   (or a bare list of such records). Each record is the benchmark sample plus
 *                   "output" (raw model text), "prediction", "reward", "correct", "process", "prompt".
 *   primo-samples   PRIMO / Video-R1 sample records carrying a model answer, as written by
 *                   src/generate_cot_vllm.py: {"results": [...]} (or a bare list) whose records hold
 *                   "process" ("<think>…</think>") and "answer" (the extracted answer text, no tags).
 *                   The raw output is rebuilt as process + "\n" + "<answer>" + answer + "</answer>".
 *
 * PRIMO records do not say which episode or frame they show; explicit fields are used when present,
 * otherwise a user-supplied path pattern (a regular expression with named groups, RE2 syntax:
 * lib/predictions/path-pattern.ts) is
 * matched against the record's "path" and then its "current_frame_path".
 */

import { z } from "zod";
import { zInt } from "@/lib/server/schemas";
import { compilePathPattern, type PathPattern } from "./path-pattern";
import { EXPECTED, closest, describeValue, fieldName, valueAt } from "../import/issue-text";

import type { ParseFlag, QuestionType } from "@/lib/primo/parse-output";
/** The text formats this module reads (the others: lib/predictions/formats/). */
export type PredictionFileFormat = "jsonl" | "primo-results" | "primo-samples";

/** App episode id, or the episode's key in its source dataset (+ optional source name to disambiguate). */
export interface EpisodeRef {
  id?: number;
  key?: string;
  source?: string;
}

export interface PredictionRecord {
  /** 1-based line number for JSONL; for JSON files the 1-based record index ("record 3"). */
  line: number;
  episode: EpisodeRef;
  /** Exactly one of queryFrame / queryTime is set. */
  queryFrame: number | null;
  /** Seconds from the episode start. */
  queryTime: number | null;
  questionType: QuestionType;
  question: string | null;
  /** The raw model output text. */
  output: string;
  /** V_seq frame indices (episode frames) if recorded. */
  sampledFrames: number[] | null;
  /** The line says the model saw the whole trajectory (frames after the query frame too). */
  fullTrajectory: boolean;
  /** Optional score or probability. */
  score: number | null;
  /** The record's own ground truth, if it carries one (PRIMO `solution` "<answer>45</answer>" → "45"); for display only. */
  referenceAnswer: string | null;
  /** How problems name the record when "line N" would not find it (e.g. "trajectory 2 (traj_0001_00), t=3"). */
  where?: string;
  /**
   * The answer as the reader took it from the file (a bare number on the file's scale, "yes"/"no",
   * +1/-1/0), when `output` is the model's free text that the PRIMO parser cannot score.
   */
  answer?: string;
  /** The reader found no answer it can score: kept and counted as a flagged answer with this flag and reason. */
  unscored?: { flag: ParseFlag; detail: string };
  /** Contrastive: the frame the query frame is compared against. */
  referenceFrame?: number | null;
  /** The model's probability (0–1) that the task has succeeded by the query frame. */
  successProb?: number | null;
  /**
   * The query frame as a sample of the episode, when the file gives positions, not frames: sample
   * `index` of `count` taken by `rule` over the episode's frames (resolved once the episode's
   * length is known). `seen`: the samples are the frames the model saw (Robometer), recorded as its
 * sampled frames.
   */
  sample?: { index: number; count: number; rule: SampleRule; seen?: boolean };
}

/**
 * How a tool spreads `count` samples over an episode of L frames:
 *   all            the samples are the frames 0…L−1 (count must equal L);
 *   linspace-rint  Robometer's linspace_subsample_frames: numpy.rint(numpy.linspace(0, L−1, count)) with
 *                  the first and last frames enforced, the last frame alone for count 1;
 *   linspace-int   numpy.linspace(0, L−1, count, dtype=int), i.e. truncated (decord's sampling);
 *   all-or-ask     "all" when count equals L; otherwise the import asks which rule the tool used;
 *   last           the episode's last frame (a score of the whole episode, count 1).
 */
export type SampleRule = "all" | "linspace-rint" | "linspace-int" | "all-or-ask" | "last";

export interface PredictionFileProblem {
  line: number;
  message: string;
}

export interface ReadPredictionsResult {
  format: PredictionFileFormat;
  records: PredictionRecord[];
  problems: PredictionFileProblem[];
}

// ---------------------------------------------------------------------------------------------
// Schemas

/** One line of the JSONL format. Unknown fields are errors, so a typo is reported, not dropped. */
export const ZPredictionLineSchema = z.strictObject({
  episode_id: zInt().positive().nullish(),
  episode: z.string().trim().min(1).nullish(),
  source: z.string().trim().min(1).nullish(),
  query_frame: zInt().min(0).nullish(),
  query_time: z.number().min(0).nullish(),
  /** The model's text; a bare number (a reward model's score) is read as that answer. */
  output: z.preprocess((v) => (typeof v === "number" && Number.isFinite(v) ? String(v) : v), z.string()),
  question_type: z.enum(["progress", "completion", "contrastive"]).nullish(),
  /** Contrastive: the frame the query frame is compared with (0 ≤ reference_frame ≤ query frame). */
  reference_frame: zInt().min(0).nullish(),
  /** The model's probability (0–1) that the task has succeeded by the query frame. */
  success_prob: z.number().min(0).max(1).nullish(),
  question: z.string().nullish(),
  sampled_frames: z.array(zInt().min(0)).nullish(),
  /** The model saw the whole trajectory, frames after the query frame included (a dense reward model). */
  full_trajectory: z.boolean().nullish(),
  score: z.number().nullish(),
});

/**
 * The fields read from a PRIMO record. Loose: PRIMO records carry many other fields (prompt,
 * options, data_type, reward, …), which are ignored.
 */
const ZPrimoRecordSchema = z.looseObject({
  episode_id: zInt().positive().nullish(),
  episode: z.string().trim().min(1).nullish(),
  source: z.string().trim().min(1).nullish(),
  query_frame: zInt().min(0).nullish(),
  frame_index: zInt().min(0).nullish(),
  query_time: z.number().min(0).nullish(),
  sampled_frames: z.array(zInt().min(0)).nullish(),
  score: z.number().nullish(),
  problem: z.string().nullish(),
  problem_type: z.string().nullish(),
  solution: z.string().nullish(),
  output: z.string().nullish(),
  prediction: z.string().nullish(),
  process: z.string().nullish(),
  answer: z.string().nullish(),
  path: z.string().nullish(),
  current_frame_path: z.string().nullish(),
});
type PrimoRecord = z.infer<typeof ZPrimoRecordSchema>;

const JSONL_FIELDS = Object.keys(ZPredictionLineSchema.shape);

/** PRIMO/Video-R1 problem types the app can score, by lower-cased, trimmed name (eval_local.py lower-cases too). */
const PROBLEM_TYPES: Record<string, QuestionType> = { numerical: "PROGRESS", regression: "PROGRESS", boolean: "COMPLETION" };

/** Paths longer than this are not matched against the user's pattern (keeps a slow pattern cheap). */
const MAX_PATH_CHARS = 4096;

// ---------------------------------------------------------------------------------------------
// Format detection

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

interface Sniffed {
  format: PredictionFileFormat | null;
  /** The parsed document when the whole text is one JSON value. */
  json?: unknown;
  /** Why the whole text is not one JSON value, when it looked like JSON. */
  jsonError?: string;
}

/** primo-results or primo-samples, judged from the first few object records. */
function recordKind(items: unknown[]): PredictionFileFormat | null {
  let sawSample = false;
  for (const item of items.slice(0, 20)) {
    if (!isPlainObject(item)) continue;
    if ("output" in item || "prediction" in item) return "primo-results";
    if ("process" in item || "answer" in item) sawSample = true;
  }
  return sawSample ? "primo-samples" : null;
}

function firstNonBlankLine(text: string): { line: string; more: boolean } | null {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => l.trim() !== "");
  if (i < 0) return null;
  return { line: lines[i], more: lines.slice(i + 1).some((l) => l.trim() !== "") };
}

function sniff(rawText: string, filename?: string): Sniffed {
  const text = stripBom(rawText);
  const ext = /\.([a-z]+)$/i.exec(filename ?? "")?.[1]?.toLowerCase() ?? null;
  const isJsonlName = ext === "jsonl" || ext === "ndjson";
  const start = text.trimStart()[0];

  let json: unknown;
  let jsonError: string | undefined;
  let parsed = false;
  // Parsing the whole text is cheap for JSONL too: JSON.parse stops at the end of the first line.
  if (start === "[" || start === "{") {
    try {
      json = JSON.parse(text);
      parsed = true;
    } catch (err) {
      jsonError = `not valid JSON (${errorMessage(err)})`;
    }
  }
  if (parsed) {
    if (Array.isArray(json)) return { format: recordKind(json), json };
    if (isPlainObject(json)) {
      if (Array.isArray(json.results)) return { format: recordKind(json.results) ?? "primo-results", json };
      // A JSONL file with a single prediction (one line; a pretty-printed object is not JSONL).
      if ("output" in json && firstNonBlankLine(text)?.more === false) return { format: "jsonl" };
    }
    return { format: null, json };
  }

  const first = firstNonBlankLine(text);
  if (first) {
    try {
      const value: unknown = JSON.parse(first.line);
      if (isPlainObject(value) && (first.more || "output" in value)) return { format: "jsonl" };
    } catch {
      // fall through
    }
  }
  if (isJsonlName) return { format: "jsonl" };
  return { format: null, jsonError };
}

/** Which format a predictions file is in, from its content and (as a tie-breaker) its name; null when unclear. */
export function detectPredictionFormat(text: string, filename?: string): PredictionFileFormat | null {
  return sniff(text, filename).format;
}

// ---------------------------------------------------------------------------------------------
// Reading

export function readPredictions(text: string, opts: { format?: PredictionFileFormat; pathPattern?: string } = {}): ReadPredictionsResult {
  if (opts.format === "jsonl") return readJsonl(text);
  const sniffed = sniff(text);
  const format = opts.format ?? sniffed.format;
  if (!format) {
    return {
      format: "jsonl",
      records: [],
      problems: [
        {
          line: 0,
          message:
            sniffed.jsonError ??
            'cannot tell the file\'s format: expected JSON Lines (one prediction object per line), a PRIMO results file ({"results": [...]}) or a JSON list of PRIMO records with "output" or "answer"',
        },
      ],
    };
  }
  if (format === "jsonl") return readJsonl(text);
  return readPrimo(text, format, sniffed, opts.pathPattern);
}

function readJsonl(text: string): ReadPredictionsResult {
  const records: PredictionRecord[] = [];
  const problems: PredictionFileProblem[] = [];
  const lines = stripBom(text).split(/\r?\n/);
  let seen = 0;
  lines.forEach((raw, i) => {
    if (raw.trim() === "") return;
    seen++;
    const line = i + 1;
    const fail = (reasons: string[]) => problems.push({ line, message: `line ${line}: ${reasons.join("; ")}` });
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      fail([`not valid JSON (${errorMessage(err)})`]);
      return;
    }
    if (!isPlainObject(value)) {
      fail(["must be a JSON object describing one prediction"]);
      return;
    }
    const reasons = crossFieldReasons(value);
    const result = ZPredictionLineSchema.safeParse(value);
    if (!result.success) reasons.unshift(...result.error.issues.map((issue) => describeIssue(issue, value, JSONL_FIELDS)));
    if (reasons.length > 0 || !result.success) {
      fail(reasons);
      return;
    }
    const rec = result.data;
    records.push({
      line,
      episode: rec.episode_id != null ? { id: rec.episode_id } : { key: rec.episode!, ...(rec.source ? { source: rec.source } : {}) },
      queryFrame: rec.query_frame ?? null,
      queryTime: rec.query_frame != null ? null : (rec.query_time ?? null),
      questionType: rec.question_type === "completion" ? "COMPLETION" : rec.question_type === "contrastive" ? "CONTRASTIVE" : "PROGRESS",
      question: rec.question ?? null,
      output: rec.output,
      sampledFrames: rec.sampled_frames ?? null,
      fullTrajectory: rec.full_trajectory === true,
      score: rec.score ?? null,
      referenceAnswer: null,
      ...(rec.reference_frame != null ? { referenceFrame: rec.reference_frame } : {}),
      ...(rec.success_prob != null ? { successProb: rec.success_prob } : {}),
    });
  });
  if (seen === 0) problems.push({ line: 0, message: "the file holds no predictions" });
  return { format: "jsonl", records, problems };
}

const given = (obj: Record<string, unknown>, key: string) => obj[key] !== undefined && obj[key] !== null;

/** The either/or rules of the JSONL format, checked on the raw object so they are listed with type errors. */
function crossFieldReasons(obj: Record<string, unknown>): string[] {
  const reasons: string[] = [];
  const hasId = given(obj, "episode_id");
  const hasKey = given(obj, "episode");
  if (hasId && hasKey) reasons.push('give only one of "episode_id" and "episode"');
  else if (!hasId && !hasKey) reasons.push('give "episode_id" (the app\'s episode id) or "episode" (the episode\'s key in its source dataset)');
  if (hasId && given(obj, "source")) reasons.push('"source" only goes with "episode" (an "episode_id" is already unique)');
  const hasFrame = given(obj, "query_frame");
  const hasTime = given(obj, "query_time");
  if (hasFrame && hasTime) reasons.push('give only one of "query_frame" and "query_time"');
  else if (!hasFrame && !hasTime) reasons.push('give "query_frame" (0-based frame) or "query_time" (seconds from the episode start)');
  const contrastive = obj.question_type === "contrastive";
  if (contrastive && !given(obj, "reference_frame")) reasons.push('a "contrastive" line needs "reference_frame" (the frame the query frame is compared with)');
  if (!contrastive && given(obj, "reference_frame")) reasons.push('"reference_frame" only goes with "question_type": "contrastive"');
  return reasons;
}

// ---------------------------------------------------------------------------------------------
// PRIMO JSON files

const PATTERN_EXAMPLE = '"(?<episode>[^/]+)/clip_(?<frame>\\d+)\\.mp4$"';

function readPrimo(text: string, format: "primo-results" | "primo-samples", sniffed: Sniffed, pathPattern: string | undefined): ReadPredictionsResult {
  const records: PredictionRecord[] = [];
  const problems: PredictionFileProblem[] = [];
  const done = () => ({ format, records, problems });

  let pattern: PathPattern | null = null;
  if (pathPattern !== undefined && pathPattern.trim() !== "") {
    const compiled = compilePathPattern(pathPattern);
    if (!compiled.ok) {
      problems.push({ line: 0, message: compiled.reason });
      return done();
    }
    pattern = compiled.pattern;
  }

  let doc = sniffed.json;
  if (doc === undefined) {
    try {
      doc = JSON.parse(stripBom(text));
    } catch (err) {
      problems.push({ line: 0, message: `not valid JSON (${errorMessage(err)})` });
      return done();
    }
  }
  const items = Array.isArray(doc) ? doc : isPlainObject(doc) && Array.isArray(doc.results) ? doc.results : null;
  if (!items) {
    problems.push({ line: 0, message: 'the file must be a JSON list of records or an object with a "results" list' });
    return done();
  }
  if (items.length === 0) {
    problems.push({ line: 0, message: "the file holds no records" });
    return done();
  }

  items.forEach((item, i) => {
    const line = i + 1;
    const fail = (reasons: string[]) => problems.push({ line, message: `record ${line}: ${reasons.join("; ")}` });
    if (!isPlainObject(item)) {
      fail(["must be a JSON object"]);
      return;
    }
    const parsed = ZPrimoRecordSchema.safeParse(item);
    if (!parsed.success) {
      fail(parsed.error.issues.map((issue) => describeIssue(issue, item, [])));
      return;
    }
    const rec = parsed.data;
    const reasons: string[] = [];

    let questionType: QuestionType | null = null;
    if (rec.problem_type == null) {
      reasons.push('"problem_type" is missing (expected "numerical", "regression" or "boolean")');
    } else {
      questionType = PROBLEM_TYPES[rec.problem_type.trim().toLowerCase()] ?? null;
      if (!questionType) reasons.push(`problem_type ${JSON.stringify(rec.problem_type)} is not a progress or completion question`);
    }

    const output = format === "primo-results" ? resultOutput(rec, reasons) : sampleOutput(rec, reasons);
    const place = placeRecord(rec, pattern, reasons);

    if (reasons.length > 0 || !questionType || output === null || !place) {
      fail(reasons);
      return;
    }
    records.push({
      line,
      episode: place.episode,
      queryFrame: place.queryFrame,
      queryTime: place.queryTime,
      questionType,
      question: rec.problem ?? null,
      output,
      sampledFrames: rec.sampled_frames ?? null,
      fullTrajectory: false,
      score: rec.score ?? null,
      referenceAnswer: referenceAnswer(rec.solution),
    });
  });
  return done();
}

/** eval_local.py stores the raw text in "output"; "prediction" (the extracted answer) is the fallback. */
function resultOutput(rec: PrimoRecord, reasons: string[]): string | null {
  if (rec.output != null) return rec.output;
  if (rec.prediction != null) return rec.prediction;
  reasons.push('no model output: the record has neither "output" nor "prediction"');
  return null;
}

/**
 * generate_cot_vllm.py stores the extracted answer (without tags) in "answer" and the reasoning as
 * "process" = "<think>…</think>" (only when the model wrote one). The raw output is rebuilt the way
 * the SFT target is built: process + "\n" + "<answer>…</answer>". An "answer" that already holds
 * an <answer> tag is used as it is.
 */
function sampleOutput(rec: PrimoRecord, reasons: string[]): string | null {
  if (rec.answer == null) {
    reasons.push(
      rec.solution != null
        ? 'no model answer ("answer"): this looks like a training sample (it has only the ground-truth "solution"), not a prediction'
        : 'no model answer: the record has no "answer" field',
    );
    return null;
  }
  const answer = rec.answer.includes("<answer>") ? rec.answer : `<answer>${rec.answer}</answer>`;
  return rec.process ? `${rec.process}\n${answer}` : answer;
}

function referenceAnswer(solution: string | null | undefined): string | null {
  if (solution == null) return null;
  const open = solution.indexOf("<answer>");
  const close = open < 0 ? -1 : solution.indexOf("</answer>", open + 8);
  const text = (close >= 0 ? solution.slice(open + 8, close) : solution).trim();
  return text === "" ? null : text;
}

interface Placement {
  episode: EpisodeRef;
  queryFrame: number | null;
  queryTime: number | null;
}

/** Episode and query point: explicit fields first, then the path pattern for what is still missing. */
function placeRecord(rec: PrimoRecord, pattern: PathPattern | null, reasons: string[]): Placement | null {
  const before = reasons.length;
  let episode: EpisodeRef | null = null;
  if (rec.episode_id != null && rec.episode != null) reasons.push('give only one of "episode_id" and "episode"');
  else if (rec.episode_id != null) episode = { id: rec.episode_id };
  else if (rec.episode != null) episode = { key: rec.episode, ...(rec.source ? { source: rec.source } : {}) };

  let queryFrame: number | null = null;
  let queryTime: number | null = null;
  if (rec.query_frame != null && rec.frame_index != null && rec.query_frame !== rec.frame_index) {
    reasons.push(`"query_frame" (${rec.query_frame}) and "frame_index" (${rec.frame_index}) disagree`);
  }
  const frame = rec.query_frame ?? rec.frame_index ?? null;
  if (frame !== null && rec.query_time != null) reasons.push('give only one of "query_frame" (or "frame_index") and "query_time"');
  else if (frame !== null) queryFrame = frame;
  else if (rec.query_time != null) queryTime = rec.query_time;
  if (reasons.length > before) return null;

  const needEpisode = episode === null;
  const needPoint = queryFrame === null && queryTime === null;
  if (!needEpisode && !needPoint) return { episode: episode!, queryFrame, queryTime };

  const missing = [needEpisode ? "episode" : null, needPoint ? "query frame" : null].filter(Boolean).join(" and ");
  const candidates = (["path", "current_frame_path"] as const)
    .map((field) => ({ field, value: rec[field] }))
    .filter((c): c is { field: "path" | "current_frame_path"; value: string } => typeof c.value === "string" && c.value !== "");
  const shown = candidates.map((c) => `"${c.field}" ${quote(c.value)}`).join(" and ");

  if (!pattern) {
    const fields = [needEpisode ? '"episode_id" or "episode"' : null, needPoint ? '"query_frame", "frame_index" or "query_time"' : null]
      .filter(Boolean)
      .join(" and ");
    reasons.push(
      `no ${missing}: give ${fields}, or set a path pattern (e.g. ${PATTERN_EXAMPLE}) matched against the record's "path"` +
        (shown ? ` (here ${shown})` : ""),
    );
    return null;
  }
  if (candidates.length === 0) {
    reasons.push(`no ${missing}: the record has no "path" or "current_frame_path" for the path pattern to read`);
    return null;
  }

  let match: Record<string, string | undefined> | null = null;
  let matched: (typeof candidates)[number] | null = null;
  for (const c of candidates) {
    if (c.value.length > MAX_PATH_CHARS) continue;
    match = pattern.exec(c.value);
    if (match) {
      matched = c;
      break;
    }
  }
  if (!match || !matched) {
    reasons.push(`no ${missing}: the path pattern ${JSON.stringify(pattern.source)} does not match ${shown}`);
    return null;
  }
  const groups = match;
  const where = `the path pattern matched "${matched.field}" ${quote(matched.value)}`;

  if (needEpisode) {
    const key = groups.episode?.trim() ?? "";
    if (key === "") reasons.push(`${where} but captured no episode`);
    else {
      const source = rec.source ?? (groups.source?.trim() || undefined);
      episode = { key, ...(source ? { source } : {}) };
    }
  }
  if (needPoint) {
    if (pattern.hasFrame) {
      const f = groups.frame;
      if (f === undefined || !/^\d+$/.test(f)) reasons.push(`${where} but its frame ${f === undefined ? "group captured nothing" : `${quote(f)} is not a whole number`}`);
      else queryFrame = Number(f);
    } else if (pattern.hasTime) {
      const t = groups.time;
      if (t === undefined || !/^(\d+(\.\d+)?|\.\d+)$/.test(t)) reasons.push(`${where} but its time ${t === undefined ? "group captured nothing" : `${quote(t)} is not a number of seconds`}`);
      else queryTime = Number(t);
    } else {
      reasons.push('no query frame: give "query_frame", "frame_index" or "query_time", or add a (?<frame>…) or (?<time>…) group to the path pattern');
    }
  }
  if (reasons.length > before || !episode) return null;
  return { episode, queryFrame, queryTime };
}

// ---------------------------------------------------------------------------------------------
// Turning zod issues into sentences a person can act on (helpers shared with the manifest reader: lib/import/issue-text.ts).

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

/** Fields whose schema is an integer: zod reports a non-number there as "expected number". */
const INT_FIELDS = new Set(["episode_id", "query_frame", "frame_index", "sampled_frames"]);

function describeIssue(issue: z.core.$ZodIssue, raw: unknown, allowed: string[]): string {
  const field = fieldName(issue.path);
  switch (issue.code) {
    case "invalid_type": {
      const value = valueAt(raw, issue.path);
      if (value === undefined) return `${field} is required`;
      const hint = issue.path[0] === "episode_id" && typeof value === "string" ? '; use "episode" for a key in the source dataset' : "";
      const expected = issue.expected === "number" && INT_FIELDS.has(String(issue.path[0])) ? "int" : issue.expected;
      return `${field} must be ${EXPECTED[expected] ?? expected} (got ${describeValue(value)})${hint}`;
    }
    case "unrecognized_keys":
      return issue.keys
        .map((k) => {
          const guess = closest(k, allowed);
          return `unknown field "${k}"${guess ? ` (did you mean "${guess}"?)` : ""}; allowed fields: ${allowed.join(", ")}`;
        })
        .join("; ");
    case "too_small": {
      if (issue.origin === "string") return `${field} must not be empty`;
      return `${field} must be ${issue.inclusive ? "at least" : "greater than"} ${String(issue.minimum)} (got ${describeValue(valueAt(raw, issue.path))})`;
    }
    case "invalid_value":
      return `${field} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")} (got ${describeValue(valueAt(raw, issue.path))})`;
    default:
      return `${field}: ${issue.message}`;
  }
}
