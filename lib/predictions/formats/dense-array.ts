// Dense per-frame arrays: one value per scored frame, as a .npy file (NumPy's format, read with
// npyjs) or JSON, with the frame mapping given by the import (the file does not hold it):
//
//   .npy            a 1-D float array (or shape (T, 1)), e.g. the `<stem>_rewards.npy` that
//                   robometer/robometer @ c7f38e2 scripts/example_inference.py saves;
//   [0.1, 0.2, …]   a JSON list of numbers;
//   {"ep_7": […], "ep_9": […]}   a JSON object of such lists, keyed by episode.
//
// The episode of a bare array is the import's `episode`, else the file's name without its
// extension and a trailing "_rewards" (ep_7_rewards.npy → ep_7). The frames are the import's
// `frames`: every frame (the array has one value per frame), np.linspace(0, N−1, T) cast to int
// (decord's sampling, as Robometer's example inference reads a video), np.rint of it (Robometer's
// dataset sampling), or explicit indices. Without it, an array as long as its episode is read
// frame by frame, and any other asks. A dense array comes from a model that saw the whole
// sequence it scored, so its predictions are kept non-causal. Its scale is not stated: the
// import detects it or asks.
import { parse as parseNpy } from "npyjs";
import { answerText, baseName, isFiniteNumber, isPlainObject, rewardRecord, type FormatContext, type PredictionFormatModule, type PredictionRecord, type ReadResult } from "./format";
import { PREDICTION_FORMAT_LABEL } from "./ids";

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const isNpy = (b: Uint8Array) => b.length >= 10 && NPY_MAGIC.every((m, i) => b[i] === m);
const isNumberList = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0 && v.slice(0, 50).every((x) => isFiniteNumber(x) || x === null);

function jsonArrays(v: unknown): Map<string | null, unknown[]> | null {
  if (isNumberList(v)) return new Map([[null, v]]);
  if (isPlainObject(v)) {
    const entries = Object.entries(v);
    if (entries.length > 0 && entries.every(([, x]) => isNumberList(x))) return new Map(entries.map(([k, x]) => [k, x as unknown[]]));
  }
  return null;
}

function defaultEpisode(name: string | undefined): string | null {
  if (!name) return null;
  const stem = baseName(name).replace(/_rewards$/, "");
  return stem || null;
}

export const denseArray: PredictionFormatModule = {
  id: "dense-array",
  label: PREDICTION_FORMAT_LABEL["dense-array"],
  source: "NumPy .npy format; robometer/robometer @ c7f38e2 scripts/example_inference.py (<stem>_rewards.npy)",
  detect(ctx) {
    if (isNpy(ctx.file.bytes)) return true;
    const j = ctx.json();
    return j.ok && jsonArrays(j.value) !== null;
  },
  read(ctx: FormatContext, opts): ReadResult {
    const out: ReadResult = { format: "dense-array", records: [], problems: [] };
    let arrays: Map<string | null, unknown[]>;
    const { bytes } = ctx.file;
    if (isNpy(bytes)) {
      try {
        const npy = parseNpy(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
        const shape = npy.shape;
        if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) {
          out.problems.push({ line: 0, message: `the array has shape (${shape.join(", ")}); a dense per-frame array is 1-D, one value per frame` });
          return out;
        }
        if (!/^f[248]$/.test(npy.dtype) && !/^[iu][1248]$/.test(npy.dtype)) {
          out.problems.push({ line: 0, message: `the array's dtype is ${npy.dtype}; expected floats` });
          return out;
        }
        const data = npy.data as unknown as ArrayLike<number | bigint>;
        const declared = shape.reduce((a, b) => a * b, 1);
        if (data.length !== declared) {
          out.problems.push({ line: 0, message: `the array's header says ${declared} values (shape (${shape.join(", ")})) but the file holds ${data.length}: it is truncated or padded` });
          return out;
        }
        arrays = new Map([[null, Array.from(data, (x) => Number(x))]]);
      } catch (err) {
        out.problems.push({ line: 0, message: `not a readable .npy file (${err instanceof Error ? err.message : String(err)})` });
        return out;
      }
    } else {
      const j = ctx.json();
      const found = j.ok ? jsonArrays(j.value) : null;
      if (!found) {
        out.problems.push({ line: 0, message: j.ok ? 'expected a JSON list of numbers, or an object of such lists keyed by episode ({"ep_7": [0.1, …]})' : j.error });
        return out;
      }
      arrays = found;
    }
    const frames = opts.frames;
    let line = 0;
    for (const [key, values] of arrays) {
      const episodeKey = key ?? opts.episode?.trim() ?? defaultEpisode(ctx.file.name);
      const label = key === null ? "the array" : `"${key}"`;
      if (!episodeKey) {
        out.question = { field: "episode", message: "The array does not say which episode it scores: give the episode's key." };
        return out;
      }
      if (frames?.kind === "indices" && frames.frames.length !== values.length) {
        out.problems.push({ line: 0, message: `${label} has ${values.length} values but ${frames.frames.length} frame indices were given; they must pair one to one` });
        line += values.length;
        continue;
      }
      values.forEach((v, k) => {
        line++;
        const where = `${label}[${k}]`;
        if (!isFiniteNumber(v)) {
          out.problems.push({ line, message: `${where}: ${v === null ? "null" : "NaN"}, not a score` });
          return;
        }
        const base: Omit<PredictionRecord, "queryFrame"> & { queryFrame: number | null } = rewardRecord({
          line,
          where,
          episode: { key: episodeKey, ...(opts.source ? { source: opts.source } : {}) },
          queryFrame: null,
          questionType: "PROGRESS",
          output: answerText(v),
          answer: answerText(v),
          fullTrajectory: true,
        });
        // What the model saw is not in the file: no sampled frames are recorded (only that it saw more than frame t).
        if (frames?.kind === "indices") out.records.push({ ...base, queryFrame: frames.frames[k]! });
        else {
          const rule = frames?.kind === "all" ? "all" : frames?.kind === "linspace-int" ? "linspace-int" : frames?.kind === "linspace-rint" ? "linspace-rint" : "all-or-ask";
          out.records.push({ ...base, sample: { index: k, count: values.length, rule } });
        }
      });
    }
    return out;
  },
};
