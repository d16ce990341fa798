/**
 * The ids of the registered export formats, in the order the UI, the card and the CLI show them.
 * index.ts maps each id to its module (a Record over these ids, so the compiler refuses an id
 * without a module and a module without an id). Kept apart from the modules so that the export
 * configuration schema can name the ids without importing every module.
 */
export const EXPORT_FORMATS = [
  "primo-sft",
  "primo-rl",
  "llamafactory",
  "ms-swift",
  "easyr1",
  "verl",
  "lrm-progress",
  "lrm-contrastive",
  "lrm-completion",
  "benchmark",
  "lerobot",
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
