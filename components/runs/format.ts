// Pure helpers for the prediction-run pages: numbers, progress text, problem lists, form →
// request bodies and problem+json → field errors. No React, so they are unit-tested.

import { compilePathPattern } from "@/lib/predictions/path-pattern";
import { PREDICTION_FILE_FORMATS, PREDICTION_FORMAT_LABEL, type PredictionFileFormat } from "@/lib/predictions/formats/ids";
import type { JobStatus } from "@/lib/contract/runs";

/** Same limit as MAX_PREDICTION_FILE_BYTES on the server (a server-only module, so not importable here). */
export const MAX_PREDICTION_FILE_BYTES = 200 * 1024 * 1024;
/** How many problems a list shows before "and N more". */
export const PROBLEMS_SHOWN = 50;

/** A run's job status: the JobStatus enum of prisma/schema.prisma, as the contract names it. */
export type RunStatus = JobStatus;
export const ACTIVE_STATUSES: readonly string[] = ["QUEUED", "RUNNING"];
export const isActive = (status: string) => ACTIVE_STATUSES.includes(status);

// ------------------------------------------------------------------------------------------
// Numbers

/** `part / whole` as "12.5 %"; "—" when there is nothing to divide by. */
export function percentOf(part: number, whole: number, digits = 1): string {
  if (!whole || !Number.isFinite(part) || !Number.isFinite(whole)) return "—";
  return `${((part / whole) * 100).toFixed(digits)} %`;
}

/** A share in 0..1 as "12.5 %"; "—" for null (the metric is undefined there). */
export function formatShare(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "—" : `${(v * 100).toFixed(digits)} %`;
}

/** A plain number with fixed decimals; "—" for null. */
export function formatNumber(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "—" : v.toFixed(digits);
}

/** A correlation in -1..1 with its sign always shown ("+0.812", "−0.120"). */
export function formatCorrelation(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const s = Math.abs(v).toFixed(3);
  return v < 0 && s !== "0.000" ? `−${s}` : `+${s}`;
}

// ------------------------------------------------------------------------------------------
// Run progress ({ total, done, failed, message } for endpoint runs)

export interface RunProgress {
  total: number;
  done: number;
  failed: number;
  message: string;
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** Reads the run's progress JSON; null when it holds no count (imported runs store `{}`). */
export function readProgress(raw: unknown): RunProgress | null {
  if (!raw || typeof raw !== "object") return null;
  const p = raw as Record<string, unknown>;
  if (typeof p.total !== "number") return null;
  return { total: num(p.total), done: num(p.done), failed: num(p.failed), message: typeof p.message === "string" ? p.message : "" };
}

/** "12/40, 1 failed" */
export function progressText(p: RunProgress): string {
  return `${p.done}/${p.total}, ${p.failed} failed`;
}

/** Share of samples finished (answered or failed), 0..1, for a progress bar. */
export function progressFraction(p: RunProgress): number {
  if (p.total <= 0) return 0;
  return Math.min(1, (p.done + p.failed) / p.total);
}

/** A stopped endpoint run can be resumed when some samples never ran or failed. */
export function canResume(run: { origin: string; status: string; progress: unknown }): boolean {
  if (run.origin !== "endpoint") return false;
  if (run.status === "FAILED" || run.status === "CANCELLED") return true;
  if (run.status !== "SUCCEEDED") return false;
  const p = readProgress(run.progress);
  return !!p && (p.failed > 0 || p.done < p.total);
}

export const canCancel = (run: { origin: string; status: string }) => run.origin === "endpoint" && isActive(run.status);

/** Ids of runs that were active in `before` and are no longer in `after` (their numbers changed for good). */
export function finishedRuns(before: readonly { id: number; status: string }[] | undefined, after: readonly { id: number; status: string }[]): number[] {
  if (!before) return [];
  const now = new Map(after.map((r) => [r.id, r.status]));
  return before.filter((r) => isActive(r.status) && now.has(r.id) && !isActive(now.get(r.id)!)).map((r) => r.id);
}

// ------------------------------------------------------------------------------------------
// Problems (import problems carry a line number, model-run problems a sample label)

export interface ProblemItem {
  line?: number;
  sample?: string;
  message: string;
}

/** Splits a problem into where it is ("line 4", "record 2", "file", "episode 3 frame 40") and what it is. */
export function describeProblem(p: ProblemItem): { where: string; text: string } {
  const msg = String(p.message ?? "");
  if (p.sample) return { where: p.sample, text: msg };
  // Reader messages start with their own place ("line 4: …", "record 2: …"); don't say it twice.
  const m = /^(line|record) (\d+): ([\s\S]*)$/.exec(msg);
  if (m && (p.line === undefined || Number(m[2]) === p.line)) return { where: `${m[1]} ${m[2]}`, text: m[3] };
  if (typeof p.line === "number" && p.line > 0) return { where: `line ${p.line}`, text: msg };
  return { where: "file", text: msg };
}

/** Reads a stored `problems` JSON array defensively. */
export function readProblems(raw: unknown): ProblemItem[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((p): p is Record<string, unknown> => !!p && typeof p === "object")
    .map((p) => ({
      line: typeof p.line === "number" ? p.line : undefined,
      sample: typeof p.sample === "string" ? p.sample : undefined,
      message: typeof p.message === "string" ? p.message : JSON.stringify(p),
    }));
}

/** The first PROBLEMS_SHOWN problems and how many more there are (`total` may exceed the list: the server keeps 1000). */
export function firstProblems<T>(problems: readonly T[], total = problems.length, shown = PROBLEMS_SHOWN): { items: T[]; more: number } {
  const items = problems.slice(0, shown);
  return { items, more: Math.max(0, total - items.length) };
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// ------------------------------------------------------------------------------------------
// problem+json → form errors

export interface ProblemLike {
  status?: number;
  problem?: { detail?: string; title?: string; invalid_params?: Array<{ name: string; reason: string }> };
  message?: string;
}

export interface FormErrors {
  /** The error's headline (the server's detail). */
  summary: string | null;
  /** Field name → reason, for the fields the form knows. */
  fields: Record<string, string>;
  /** invalid_params the form has no field for (shown under the summary). */
  other: Array<{ name: string; reason: string }>;
}

/** The invalid_param name as the form knows it: "query.confirm" → "confirm", "episodes.limit" stays. */
export const paramName = (name: string) => name.replace(/^(query|path|body)\./, "");

/**
 * Sorts a problem+json error's invalid_params into the form's fields. A param belongs to a
 * field when its name is the field or starts with "<field>." (zod paths such as "episodes.ids.2").
 */
export function formErrors(err: unknown, knownFields: readonly string[]): FormErrors {
  if (!err) return { summary: null, fields: {}, other: [] };
  const e = err as ProblemLike;
  const params = e.problem?.invalid_params ?? [];
  const fields: Record<string, string> = {};
  const other: FormErrors["other"] = [];
  for (const p of params) {
    const name = paramName(p.name);
    const field = knownFields.find((f) => name === f || name.startsWith(`${f}.`));
    if (field) fields[field] = fields[field] ? `${fields[field]} ${p.reason}` : p.reason;
    else other.push({ name, reason: p.reason });
  }
  const summary = e.problem?.detail ?? e.problem?.title ?? e.message ?? "Something went wrong.";
  return { summary, fields, other };
}

// ------------------------------------------------------------------------------------------
// Import form

/** Checks a path pattern with the server's own compiler (lib/predictions/path-pattern.ts). Returns a message, or null when the pattern is usable. */
export function checkPathPattern(pattern: string): string | null {
  if (!pattern.trim()) return null;
  const r = compilePathPattern(pattern);
  if (r.ok) return null;
  const reason = r.reason.replace(/^the path pattern is not a valid regular expression \((.*)\)$/, "Not a valid regular expression: $1");
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

/** The existing run a name refers to (names are compared as the server stores them: trimmed). */
export function matchRun<T extends { name: string }>(runs: readonly T[] | undefined, name: string): T | undefined {
  const n = name.trim();
  return n ? runs?.find((r) => r.name === n) : undefined;
}

export interface ImportFormValues {
  run: string;
  modelName: string;
  description: string;
  /** "" leaves it to the server: answers above 1 mean 0–100; a file that fits both gets a question back. */
  scale: "" | "100" | "1";
  format: "" | PredictionFileFormat;
  pathPattern: string;
  /** Dense arrays and Robometer records: "", "all", "linspace-int", "linspace-rint" or frame indices. */
  frames: string;
  /** Dense arrays: the episode a bare array scores. */
  episode: string;
  /** SARM: "" (the only head in the file), "progress_sparse" or "progress_dense". */
  column: string;
  /** The source dataset of episodes named by key only. */
  source: string;
}

/**
 * The multipart fields of an import, without the file. Into an existing run the scale and
 * model are the run's own, so they are not sent (a different scale would be a 409).
 */
export function importFields(v: ImportFormValues, existing: boolean): Array<[string, string]> {
  const out: Array<[string, string]> = [["run", v.run.trim()]];
  if (!existing) {
    out.push(["modelName", v.modelName.trim()]);
    if (v.scale) out.push(["scale", v.scale]);
  }
  if (v.description.trim()) out.push(["description", v.description]);
  if (v.format) out.push(["format", v.format]);
  if (v.pathPattern.trim()) out.push(["pathPattern", v.pathPattern.trim()]);
  for (const k of ["frames", "episode", "column", "source"] as const) if (v[k].trim()) out.push([k, v[k].trim()]);
  return out;
}

// ------------------------------------------------------------------------------------------
// Run-a-model form

/** "12, 15 40" → ids and the pieces that are not positive whole numbers. */
export function parseEpisodeIds(text: string): { ids: number[]; bad: string[] } {
  const ids: number[] = [];
  const bad: string[] = [];
  for (const piece of text.split(/[\s,;]+/).filter(Boolean)) {
    if (/^\d+$/.test(piece) && Number(piece) > 0 && Number.isSafeInteger(Number(piece))) {
      const n = Number(piece);
      if (!ids.includes(n)) ids.push(n);
    } else bad.push(piece);
  }
  return { ids, bad };
}

export interface StartRunFormValues {
  endpointId: string;
  name: string;
  description: string;
  mode: "filter" | "ids";
  environmentId: string;
  taskId: string;
  split: string;
  ids: string;
  limit: string;
  queriesPerEpisode: string;
  framesPerSample: string;
  imageWidth: "320" | "640";
  camera: string;
}

export type StartRunBody = {
  endpointId: number;
  name: string;
  description: string;
  episodes: { ids?: number[]; environmentId?: number; taskId?: number; split?: string; limit: number };
  queriesPerEpisode: number;
  framesPerSample: number;
  imageWidth: 320 | 640;
  camera?: string;
};

const int = (s: string) => (s.trim() === "" ? NaN : Number(s));

/** Form values → POST /api/runs body, or field errors found before asking the server. */
export function startRunBody(v: StartRunFormValues): { body: StartRunBody } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (!v.endpointId) errors.endpointId = "Choose an endpoint.";
  if (!v.name.trim()) errors.name = "Name the run.";
  const episodes: StartRunBody["episodes"] = { limit: int(v.limit) };
  if (!Number.isInteger(episodes.limit) || episodes.limit < 1 || episodes.limit > 10_000) errors["episodes.limit"] = "A whole number from 1 to 10000.";
  if (v.mode === "ids") {
    const { ids, bad } = parseEpisodeIds(v.ids);
    if (bad.length) errors["episodes.ids"] = `Not episode ids: ${bad.slice(0, 5).join(", ")}${bad.length > 5 ? ", …" : ""}.`;
    else if (ids.length === 0) errors["episodes.ids"] = "List at least one episode id.";
    episodes.ids = ids;
  } else {
    if (v.environmentId) episodes.environmentId = Number(v.environmentId);
    if (v.taskId) episodes.taskId = Number(v.taskId);
    if (v.split) episodes.split = v.split;
    if (!v.environmentId && !v.taskId && !v.split) errors.episodes = "Choose an environment, a task or a split (or list episode ids).";
  }
  const q = int(v.queriesPerEpisode);
  if (!Number.isInteger(q) || q < 1 || q > 100) errors.queriesPerEpisode = "A whole number from 1 to 100.";
  const f = int(v.framesPerSample);
  if (!Number.isInteger(f) || f < 2 || f > 64) errors.framesPerSample = "A whole number from 2 to 64.";
  if (Object.keys(errors).length) return { errors };
  return {
    body: {
      endpointId: Number(v.endpointId),
      name: v.name.trim(),
      description: v.description,
      episodes,
      queriesPerEpisode: q,
      framesPerSample: f,
      imageWidth: v.imageWidth === "320" ? 320 : 640,
      ...(v.camera.trim() ? { camera: v.camera.trim() } : {}),
    },
  };
}

// ------------------------------------------------------------------------------------------
// Endpoint form

export interface EndpointFormValues {
  name: string;
  baseUrl: string;
  model: string;
  apiKey: string;
  removeKey: boolean;
  videoMode: "frames" | "video";
  requestsPerMinute: string;
  concurrency: string;
  maxTokens: string;
  temperature: string;
  timeoutSec: string;
}

export const ENDPOINT_DEFAULTS: EndpointFormValues = {
  name: "",
  baseUrl: "",
  model: "",
  apiKey: "",
  removeKey: false,
  videoMode: "frames",
  requestsPerMinute: "60",
  concurrency: "2",
  maxTokens: "1024",
  temperature: "0.1",
  timeoutSec: "120",
};

/**
 * Form values → POST/PATCH body. The key is write-only: a blank field sends nothing (the stored
 * key stays), "Remove key" sends null. Every other field is always sent, because the server's
 * update schema fills in defaults for fields left out.
 */
export function endpointBody(v: EndpointFormValues, editing: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: v.name.trim(),
    baseUrl: v.baseUrl.trim(),
    model: v.model.trim(),
    videoMode: v.videoMode,
    requestsPerMinute: Number(v.requestsPerMinute),
    concurrency: Number(v.concurrency),
    maxTokens: Number(v.maxTokens),
    temperature: Number(v.temperature),
    timeoutSec: Number(v.timeoutSec),
  };
  if (editing && v.removeKey) body.apiKey = null;
  else if (v.apiKey !== "") body.apiKey = v.apiKey;
  return body;
}

// ------------------------------------------------------------------------------------------
// Run config (what the detail page shows of `config`)

export function configSummary(origin: string, config: unknown): Array<[string, string]> {
  const c = (config && typeof config === "object" ? config : {}) as Record<string, unknown>;
  const out: Array<[string, string]> = [];
  if (origin === "endpoint") {
    const ep = (c.endpoint ?? {}) as Record<string, unknown>;
    if (ep.name) out.push(["Endpoint", `${String(ep.name)} (${String(ep.model ?? "")}${ep.baseUrl ? ` at ${String(ep.baseUrl)}` : ""})`]);
    if (ep.videoMode) out.push(["Frames sent as", ep.videoMode === "video" ? "one video" : "separate images"]);
    if (Array.isArray(c.episodeIds)) out.push(["Episodes", String(c.episodeIds.length)]);
    if (typeof c.queriesPerEpisode === "number") out.push(["Queries per episode", String(c.queriesPerEpisode)]);
    if (typeof c.framesPerSample === "number") out.push(["Frames per sample", String(c.framesPerSample)]);
    if (typeof c.imageWidth === "number") out.push(["Image width", `${c.imageWidth} px`]);
    out.push(["Camera", typeof c.camera === "string" && c.camera ? c.camera : "main camera"]);
  } else {
    if (typeof c.importedFormat === "string") out.push(["Imported format", c.importedFormat]);
    if (typeof c.pathPattern === "string" && c.pathPattern) out.push(["Path pattern", c.pathPattern]);
  }
  return out;
}

export const ORIGIN_LABEL: Record<string, string> = {
  endpoint: "Model endpoint",
  ...Object.fromEntries(PREDICTION_FILE_FORMATS.map((f) => [f, `Import (${PREDICTION_FORMAT_LABEL[f]})`])),
};

export const SPLIT_OPTIONS: ReadonlyArray<readonly [string, string]> = [
  ["ID", "In-domain"],
  ["OOD_CROSS_TASK", "OOD cross-task"],
  ["OOD_CROSS_ENV", "OOD cross-environment"],
  ["TRAIN", "Training episodes"],
];

// ------------------------------------------------------------------------------------------
// Optimistic cache edits on the runs list ({ items })

export function renameInList<T extends { id: number; name: string }>(list: { items: T[] } | undefined, id: number, name: string) {
  return list && { ...list, items: list.items.map((r) => (r.id === id ? { ...r, name } : r)) };
}

export function removeFromList<T extends { id: number }>(list: { items: T[] } | undefined, id: number) {
  return list && { ...list, items: list.items.filter((r) => r.id !== id) };
}

export function setStatusInList<T extends { id: number; status: string }>(list: { items: T[] } | undefined, id: number, status: string) {
  return list && { ...list, items: list.items.map((r) => (r.id === id ? { ...r, status } : r)) };
}

/** Checks an import before upload; field name → message (empty when it can be sent). */
export function validateImport(v: ImportFormValues, file: { name: string; size: number } | null, existing: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!file) errors.file = "Choose a predictions file (.jsonl or .json).";
  else if (file.size > MAX_PREDICTION_FILE_BYTES) errors.file = `The file is ${(file.size / 1024 / 1024).toFixed(0)} MB; the limit is ${MAX_PREDICTION_FILE_BYTES / 1024 / 1024} MB.`;
  else if (file.size === 0) errors.file = "The file is empty.";
  if (!v.run.trim()) errors.run = "Name the run.";
  if (!existing && !v.modelName.trim()) errors.modelName = "Say which model made these predictions (required for a new run).";
  const pattern = checkPathPattern(v.pathPattern);
  if (pattern) errors.pathPattern = pattern;
  return errors;
}

/**
 * When nothing at all could be imported the server answers 400 with the file's problems as
 * invalid_params named "line N" (the first 50) and the total in its detail. Those belong in a
 * problems list, not next to a form field.
 */
export function importErrorProblems(err: unknown): { problems: ProblemItem[]; total: number } {
  const e = err as ProblemLike | null;
  const params = e?.problem?.invalid_params ?? [];
  const problems: ProblemItem[] = [];
  for (const p of params) {
    const m = /^line (\d+)$/.exec(p.name);
    if (m) problems.push({ line: Number(m[1]), message: p.reason });
  }
  const counted = /(\d+) problems?/.exec(e?.problem?.detail ?? "");
  return { problems, total: Math.max(problems.length, counted ? Number(counted[1]) : 0) };
}
