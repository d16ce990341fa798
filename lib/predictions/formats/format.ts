// The interface every prediction-file format implements (the registry is ./index.ts). Pure: no
// Prisma, no Node APIs, so a format can be read and tested anywhere.
//
// A format module reads one uploaded file into prediction records, each placed on an episode and
// a query frame, with every problem found (a line, record or entry it could not read). It says
// the answer scale when its file says it (a reward model's 0–1 scores), so the import never has
// to guess; and it never drops an entry silently: an entry it cannot turn into a record is a
// problem.
import type { PredictionFileProblem, PredictionRecord } from "../read-predictions";
import { compilePathPattern, type PathPattern } from "../path-pattern";
import { pyRound } from "@/lib/export/readers/qwen-vl-utils";

export type { PredictionFileProblem, PredictionRecord };

import type { PredictionFileFormat } from "./ids";

export type { PredictionFileFormat };

/** The uploaded file, with its text and JSON parsed at most once. */
export interface PredictionFile {
  bytes: Uint8Array;
  /** The file's name as uploaded (a tie-breaker for detection, and the episode of a bare array). */
  name?: string;
}

/** How the per-frame values of a dense array are placed on an episode's frames. */
export type FrameMapping = { kind: "all" } | { kind: "linspace-int" } | { kind: "linspace-rint" } | { kind: "indices"; frames: number[] };

export interface ReadOptions {
  /** Regular expression with (?<episode>…) (and, for PRIMO files, (?<frame>…) or (?<time>…)). */
  pathPattern?: string;
  /** Dense arrays: the episode the values belong to, when the file does not say it. */
  episode?: string;
  /** Dense arrays: which frames the values are for. */
  frames?: FrameMapping;
  /** The column (or head) to read when the file holds several (SARM: progress_sparse or progress_dense). */
  column?: string;
  /** The source dataset of episodes the file names only by key (SARM's episode_index, a dense array's name). */
  source?: string;
}

export interface ReadResult {
  format: PredictionFileFormat;
  records: PredictionRecord[];
  problems: PredictionFileProblem[];
  /** The answer scale the file states (1: 0–1), when its format fixes it; with where that is said. */
  scale?: { value: 1 | 100; why: string };
  /**
   * A question the import must ask before reading on (the file could be read two ways): the field
   * to give and what to say. The import answers 400 with it and writes nothing.
   */
  question?: { field: string; message: string };
  /** The column that was read, when the file holds several. */
  column?: string;
}

/** Lengths of the episodes a file names, for formats whose frame mapping needs them (linspace). */
export type EpisodeLengths = (ref: { key: string }) => number | undefined;

export interface FormatContext {
  file: PredictionFile;
  text(): string;
  /** The whole text as one JSON value, or why it is not one. */
  json(): { ok: true; value: unknown } | { ok: false; error: string };
  /** A value computed once per file (detection work several modules share). */
  memo<T>(key: string, compute: () => T): T;
}

export interface PredictionFormatModule {
  id: PredictionFileFormat;
  /** Shown in the import form's format list. */
  label: string;
  /** Where the layout comes from (project, commit, file), as cited in docs/predictions-format.md. */
  source: string;
  /** True when the content is in this format (checked in the registry's order). */
  detect(ctx: FormatContext): boolean;
  read(ctx: FormatContext, opts: ReadOptions): ReadResult | Promise<ReadResult>;
}

// ---------------------------------------------------------------------------------------------
// Helpers the modules share

export { isPlainObject } from "../read-predictions";

export const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * A number as an answer text the parser reads back to the same double: "0.45", "1", "-1". Never
 * with an exponent (String(3e-7) is "3e-7", which is not a bare number): small values are written
 * out with 17 significant digits and trailing zeros dropped.
 */
export function answerText(v: number): string {
  if (v === 0) return "0";
  const s = String(v);
  if (!/e/i.test(s) || !Number.isFinite(v)) return s;
  const digits = Math.min(100, Math.max(0, 17 - Math.floor(Math.log10(Math.abs(v)))));
  const t = v.toFixed(digits);
  return t.includes(".") ? t.replace(/\.?0+$/, "") : t;
}

export function quote(text: string, max = 80): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** The last path component without its extension: "…/traj_0000_00" → "traj_0000_00", "ep_3.mp4" → "ep_3". */
export function baseName(path: string): string {
  const last = path.replace(/[\\/]+$/, "").split(/[\\/]/).pop() ?? path;
  return last.replace(/\.[A-Za-z0-9]+$/, "");
}

/**
 * The episode a trajectory-level record names through a path: the user's path pattern's
 * (?<episode>…) (and (?<source>…)) when given, else the path's last component. A reason when the
 * pattern does not match.
 */
export function episodeFromPath(path: string, pattern: PathPattern | null): { key: string; source?: string } | { reason: string } {
  if (!pattern) {
    const key = baseName(path);
    return key ? { key } : { reason: `cannot tell the episode from the path ${quote(path)}` };
  }
  const m = pattern.exec(path);
  const key = m?.episode?.trim();
  if (!m || !key) return { reason: `the path pattern ${JSON.stringify(pattern.source)} does not match ${quote(path)}` };
  const source = m.source?.trim();
  return { key, ...(source ? { source } : {}) };
}

/** Compiles the optional path pattern; a whole-file problem when it is unusable. */
export function optionalPattern(source: string | undefined, problems: PredictionFileProblem[]): PathPattern | null | false {
  if (source === undefined || source.trim() === "") return null;
  const compiled = compilePathPattern(source);
  if (compiled.ok) return compiled.pattern;
  problems.push({ line: 0, message: compiled.reason });
  return false;
}

/** A record with the fields a reward-model format does not use left at their defaults. */
export function rewardRecord(r: Partial<PredictionRecord> & Pick<PredictionRecord, "line" | "where" | "episode" | "queryFrame" | "questionType" | "output">): PredictionRecord {
  return {
    queryTime: null,
    question: null,
    sampledFrames: null,
    fullTrajectory: false,
    score: null,
    referenceAnswer: null,
    ...r,
  };
}

/** numpy.rint rounds half to even, like Python's round() (ported once, in the qwen-vl-utils reader). */
export const rint = pyRound;

/**
 * numpy.linspace(0, length − 1, n), then rounded (np.rint) or cast to int (truncation,
 * `dtype=int`, decord's sampling): the frames a tool reads when it takes n frames of an episode.
 * numpy computes i · step with step = (length − 1) / (n − 1), and sets the last sample to the stop
 * exactly (numpy/_core/function_base.py linspace).
 */
export function linspaceFrames(length: number, n: number, round: "rint" | "int"): number[] {
  if (n <= 0) return [];
  const stop = length - 1;
  if (n === 1) return [0];
  const step = stop / (n - 1);
  const r = round === "rint" ? rint : Math.trunc;
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? stop : r(i * step)));
}

/**
 * Robometer's `linspace_subsample_frames` (robometer/robometer @ c7f38e2
 * robometer/data/datasets/helpers.py L277–339): every frame when the episode has no more than n;
 * its last frame when n is 1; otherwise np.rint(np.linspace(0, N−1, n)) with the first and last
 * frames enforced and the indices kept non-decreasing. Null when n values cannot be that sampling
 * of N frames (fewer frames than values).
 */
export function robometerFrames(length: number, n: number): number[] | null {
  if (length <= n) return n === length ? Array.from({ length }, (_, i) => i) : null;
  if (n === 1) return [length - 1];
  const idx = linspaceFrames(length, n, "rint");
  idx[0] = 0;
  idx[idx.length - 1] = length - 1;
  for (let k = 1; k < idx.length; k++) {
    if (idx[k]! < idx[k - 1]!) idx[k] = idx[k - 1]!;
    if (idx[k]! >= length) idx[k] = length - 1;
  }
  return idx;
}
