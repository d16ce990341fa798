// The registry of prediction-file formats: one module per format (./format.ts is the interface).
// Adding a format = one module + one line in FORMATS (detection runs in this order: the first
// module whose `detect` holds reads the file) + its id in PredictionFileFormat + a section in
// docs/predictions-format.md. Pure.
import { detectPredictionFormat, readPredictions, stripBom, type PredictionFileFormat as TextFormat } from "../read-predictions";
import { denseArray } from "./dense-array";
import type { FormatContext, PredictionFile, PredictionFileFormat, PredictionFormatModule, ReadOptions, ReadResult } from "./format";
import { PREDICTION_FORMAT_LABEL } from "./ids";
import { lrmVlmScores } from "./lrm-vlm-scores";
import { roboreward } from "./roboreward";
import { robometer } from "./robometer";
import { sarmProgress } from "./sarm-progress";

export type { FrameMapping, PredictionFile, PredictionFileFormat, ReadOptions, ReadResult } from "./format";

/** Critic Studio JSONL and the two PRIMO layouts: lib/predictions/read-predictions.ts. */
function textFormat(id: TextFormat, source: string): PredictionFormatModule {
  return {
    id,
    label: PREDICTION_FORMAT_LABEL[id],
    source,
    // One sniff of the text for the three text formats.
    detect: (ctx) => ctx.memo("text-format", () => detectPredictionFormat(ctx.text(), ctx.file.name)) === id,
    read: (ctx, opts) => readPredictions(ctx.text(), { format: id, pathPattern: opts.pathPattern }),
  };
}

export const FORMATS: readonly PredictionFormatModule[] = [
  sarmProgress,
  lrmVlmScores,
  robometer,
  roboreward,
  textFormat("primo-results", "PRIMO-R1 src/eval/eval_local.py"),
  textFormat("primo-samples", "PRIMO-R1 src/generate_cot_vllm.py"),
  textFormat("jsonl", "docs/predictions-format.md"),
  denseArray,
];

export const FORMAT_IDS = FORMATS.map((f) => f.id) as [PredictionFileFormat, ...PredictionFileFormat[]];

export function formatModule(id: PredictionFileFormat): PredictionFormatModule {
  const m = FORMATS.find((f) => f.id === id);
  if (!m) throw new Error(`no prediction format ${id}`);
  return m;
}

function context(file: PredictionFile): FormatContext {
  let text: string | undefined;
  let json: ReturnType<FormatContext["json"]> | undefined;
  const memos = new Map<string, unknown>();
  const ctx: FormatContext = {
    file,
    memo: <T,>(key: string, compute: () => T): T => {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
    text: () => {
      if (text === undefined) text = stripBom(new TextDecoder("utf-8").decode(file.bytes));
      return text;
    },
    json: () => {
      if (json === undefined) {
        const t = ctx.text();
        const start = t.trimStart()[0];
        if (start !== "[" && start !== "{") json = { ok: false, error: "not a JSON document" };
        else {
          try {
            json = { ok: true, value: JSON.parse(t) as unknown };
          } catch (err) {
            json = { ok: false, error: `not valid JSON (${err instanceof Error ? err.message : String(err)})` };
          }
        }
      }
      return json;
    },
  };
  return ctx;
}

/** Which format a file is in, or null when no module recognises it. */
export function detectFormat(file: PredictionFile): PredictionFileFormat | null {
  const ctx = context(file);
  return FORMATS.find((f) => f.detect(ctx))?.id ?? null;
}

const UNKNOWN =
  "cannot tell the file's format: expected Critic Studio JSON Lines, a PRIMO results or samples file, Robometer records (progress_pred), " +
  "an LRM vlm_scores.json, a SARM sarm_progress.parquet, RoboReward answers (ANSWER: n) or a dense per-frame array (.npy or a JSON list); " +
  "choose the format if it is one of these";

/** Reads a predictions file in the given format, or the detected one. */
export async function readPredictionFile(file: PredictionFile, opts: ReadOptions & { format?: PredictionFileFormat } = {}): Promise<ReadResult> {
  const ctx = context(file);
  const reader = opts.format ? formatModule(opts.format) : FORMATS.find((f) => f.detect(ctx));
  if (!reader) {
    const j = ctx.json();
    return { format: "jsonl", records: [], problems: [{ line: 0, message: !j.ok && j.error.startsWith("not valid JSON") && !/\n\s*[{[]/.test(ctx.text().trim()) ? j.error : UNKNOWN }] };
  }
  return reader.read(ctx, opts);
}
