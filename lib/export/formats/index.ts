/**
 * The registry of export formats: one module per format (see format.ts for what a module holds),
 * listed once here. The order is the order the UI, the card and the CLI show them in. Adding a
 * format is one new module and one line below.
 */
import type { ExportFormatModule, FormatItem } from "./format";
import { EXPORT_FORMATS, type ExportFormat } from "./ids";
import { withMediaRoot, type BuiltRecord, type RecordOptions } from "@/lib/export/records";
import { primoSft } from "./primo-sft";
import { primoRl } from "./primo-rl";
import { llamafactory } from "./llamafactory";
import { msSwift } from "./ms-swift";
import { easyr1 } from "./easyr1";
import { verl } from "./verl";
import { lrmProgress } from "./lrm-progress";
import { lrmContrastive } from "./lrm-contrastive";
import { lrmCompletion } from "./lrm-completion";
import { benchmark } from "./benchmark";
import { lerobot } from "./lerobot";

export const FORMATS = {
  "primo-sft": primoSft,
  "primo-rl": primoRl,
  llamafactory,
  "ms-swift": msSwift,
  easyr1,
  verl,
  "lrm-progress": lrmProgress,
  "lrm-contrastive": lrmContrastive,
  "lrm-completion": lrmCompletion,
  benchmark,
  lerobot,
} satisfies Record<ExportFormat, ExportFormatModule<any, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The record type of a format, and the items it is built from. */
export type FormatRecord<F extends ExportFormat> = (typeof FORMATS)[F] extends ExportFormatModule<infer _I, infer R> ? R : never;
export type FormatInput<F extends ExportFormat> = (typeof FORMATS)[F] extends ExportFormatModule<infer I, infer _R> ? I : never;

export { EXPORT_FORMATS, type ExportFormat };

/** The module of a format. */
export function formatModule(id: ExportFormat): ExportFormatModule {
  const m = (FORMATS as Record<ExportFormat, ExportFormatModule>)[id];
  if (!m) throw new RangeError(`unknown export format ${String(id)}`);
  return m;
}

/**
 * Records of one format, in input order. Throws RangeError on an input the format cannot take
 * (a chain format without a chain, the benchmark with a training episode, a media placeholder in
 * the text of a placeholder format) and on duplicate ids.
 */
export function buildRecords<F extends ExportFormat>(format: F, items: readonly FormatInput<F>[] | readonly FormatItem[], options: RecordOptions): BuiltRecord<FormatRecord<F>>[] {
  // Media paths are built relative to the export folder; a media root is applied here, once, for every format.
  const out = (formatModule(format).build(items as never, options) as BuiltRecord<FormatRecord<F>>[]).map((b) => (options.mediaRoot ? { ...b, record: withMediaRoot(b.record, options.mediaRoot) } : b));
  const seen = new Set<string>();
  for (const r of out) {
    if (seen.has(r.id)) throw new RangeError(`duplicate record id ${r.id} in ${format}`);
    seen.add(r.id);
  }
  return out;
}

export type { ExportFormatModule } from "./format";
