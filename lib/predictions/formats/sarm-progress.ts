// SARM's `sarm_progress.parquet`, as LeRobot writes it (huggingface/lerobot @
// 7427f31801f944f5ec9ce53cda02862ce7d1638b, src/lerobot/rewards/sarm/compute_rabc_weights.py
// `compute_sarm_progress`, L649–675; documented in docs/source/sarm.mdx L443–464):
//
//   one row per dataset frame, sorted by "index":
//   index int64 (global frame), episode_index int64, frame_index int64 (within the episode),
//   progress_sparse float32 and/or progress_dense float32 (0–1; NaN where inference failed),
//   schema metadata {reward_model_path}.
//
// Which progress columns exist depends on --head-mode (sparse by default, dense, or both). With
// both the import asks which head to read (`column`). Each value is the model's prediction for the
// centre frame of a two-sided window (n_obs_steps = 8, frame_gap = 30: frames t−120 … t+120), so
// it saw frames after t: the predictions are kept non-causal. With --stride N only every N-th
// frame was queried and the rest interpolated; the file does not say so. NaN values (null in the
// file: pa.Table.from_pandas turns NaN into null) are problems.
// The episode key is episode_index, as LeRobot datasets are imported (lib/import/readers/lerobot-v3.ts).
import { parquetMetadata, parquetReadObjects, parquetSchema } from "hyparquet";
import { answerText, rewardRecord, type FormatContext, type PredictionFormatModule, type ReadResult } from "./format";
import { PREDICTION_FORMAT_LABEL } from "./ids";

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"
const HEADS = ["progress_sparse", "progress_dense"] as const;

function isParquet(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && MAGIC.every((b, i) => bytes[i] === b) && MAGIC.every((b, i) => bytes[bytes.length - 4 + i] === b);
}

const asNumber = (v: unknown): number | null => (typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : null);

export const sarmProgress: PredictionFormatModule = {
  id: "sarm-progress",
  label: PREDICTION_FORMAT_LABEL["sarm-progress"],
  source: "huggingface/lerobot @ 7427f31 src/lerobot/rewards/sarm/compute_rabc_weights.py",
  detect(ctx) {
    return isParquet(ctx.file.bytes);
  },
  async read(ctx: FormatContext, opts): Promise<ReadResult> {
    const out: ReadResult = { format: "sarm-progress", records: [], problems: [], scale: { value: 1, why: "SARM progress is on 0–1 (normalize_stage_tau)" } };
    const { bytes } = ctx.file;
    if (!isParquet(bytes)) {
      out.problems.push({ line: 0, message: "not a parquet file (a sarm_progress.parquet starts and ends with PAR1)" });
      return out;
    }
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    let columns: string[];
    let rows: Record<string, unknown>[];
    try {
      const metadata = parquetMetadata(file);
      columns = parquetSchema(metadata).children.map((c) => c.element.name);
      const missing = ["episode_index", "frame_index"].filter((c) => !columns.includes(c));
      const heads = HEADS.filter((h) => columns.includes(h));
      if (missing.length || heads.length === 0) {
        out.problems.push({
          line: 0,
          message: `a sarm_progress.parquet has the columns episode_index, frame_index and progress_sparse and/or progress_dense; this file has ${columns.join(", ")}`,
        });
        return out;
      }
      let head = opts.column;
      if (head !== undefined && !heads.includes(head as (typeof HEADS)[number])) {
        out.problems.push({ line: 0, message: `column ${JSON.stringify(head)} is not in the file; it has ${heads.join(" and ")}` });
        return out;
      }
      if (head === undefined) {
        if (heads.length > 1) {
          out.question = {
            field: "column",
            message: "The file holds both SARM heads (progress_sparse and progress_dense): say which one to import as this run (one run per head).",
          };
          return out;
        }
        head = heads[0]!;
      }
      rows = (await parquetReadObjects({ file, metadata, columns: ["episode_index", "frame_index", head] })) as Record<string, unknown>[];
      out.column = head;
    } catch (err) {
      out.problems.push({ line: 0, message: `not a readable parquet file (${err instanceof Error ? err.message : String(err)})` });
      return out;
    }
    const head = out.column!;
    if (rows.length === 0) out.problems.push({ line: 0, message: "the file holds no rows" });
    rows.forEach((row, i) => {
      const line = i + 1;
      const ep = asNumber(row.episode_index);
      const frame = asNumber(row.frame_index);
      const v = asNumber(row[head]);
      const where = `row ${line} (episode_index ${ep ?? "?"}, frame_index ${frame ?? "?"})`;
      if (ep === null || frame === null || !Number.isInteger(ep) || !Number.isInteger(frame) || frame < 0) {
        out.problems.push({ line, message: `${where}: episode_index and frame_index must be whole numbers` });
        return;
      }
      if (v === null || !Number.isFinite(v)) {
        // SARM writes NaN where inference failed; the pandas round trip of its writer stores it as null.
        out.problems.push({ line, message: `${where}: ${head} has no value (${v === null ? "null" : "NaN"}: SARM's mark for a frame whose inference failed)` });
        return;
      }
      // The stored value exactly (a float32 read as the double it is), as pandas/pyarrow read it.
      const text = answerText(v);
      out.records.push(
        rewardRecord({
          line,
          where,
          episode: { key: String(ep), ...(opts.source ? { source: opts.source } : {}) },
          queryFrame: frame,
          questionType: "PROGRESS",
          output: text,
          answer: text,
          fullTrajectory: true,
        }),
      );
    });
    return out;
  },
};
