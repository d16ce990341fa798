// What an export is asked to produce. Validated once when the export is created and stored on
// the export job, so every worker (and a resume days later) works from the same configuration.
import { z } from "zod";
import { zInt } from "@/lib/server/schemas";
import { EXPORT_FORMATS } from "./formats/ids";

export const ZQueryScheduleSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("count"), count: zInt().min(1).max(1000) }),
  z.object({ mode: z.literal("stride"), stride: zInt().min(1).max(100_000) }),
  z.object({ mode: z.literal("lrm") }),
]);

export const ZClipTimingSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("real") }),
  z.object({ mode: z.literal("fixed"), fps: z.number().positive().max(120) }),
]);

export const ZExportConfigSchema = z.object({
  formats: z.array(z.enum(EXPORT_FORMATS)).min(1, "Choose at least one format.").transform((f) => [...new Set(f)].sort()),
  queries: ZQueryScheduleSchema.default({ mode: "count", count: 8 }),
  /** At most this many V_seq frames (PRIMO: 16 for training, 32 for evaluation). */
  maxFrames: zInt().min(1).max(64).default(16),
  seed: zInt().min(0).max(2 ** 31 - 1).default(0),
  /** V_seq as one trimmed clip per sample (what the PRIMO/Video-R1 loaders read) or as a list of JPEG frames. */
  videoMode: z.enum(["frames", "clip"]).default("clip"),
  /** How long a V_seq clip plays: the episode's own elapsed time (default) or a fixed rate (see ClipTiming). */
  clipTiming: ZClipTimingSchema.default({ mode: "real" }),
  /**
   * EasyR1 builds its prompt from `images` OR `videos`, never both (verl/utils/dataset.py
   * _build_messages): "images" gives I_init, every V_seq frame and I_curr as images with one
   * <image> tag each; "video" gives the V_seq clip alone with one <video> tag.
   */
  easyr1Media: z.enum(["images", "video"]).default("images"),
  /**
   * Where the export folder will be on the training machine, as an absolute path: media paths in
   * records become `<mediaRoot>/media/…` (PRIMO R1's GRPO trainer and verl open paths as they are;
   * the default keeps them relative to the export folder).
   */
  mediaRoot: z
    .string()
    .regex(/^\/[^\0\n]*$/, "An absolute path, starting with /.")
    .refine((p) => !p.split("/").some((c) => c === "." || c === ".."), "Without . or .. parts.")
    .transform((p) => p.replace(/\/+$/, "") || "/")
    .nullable()
    .default(null),
  /** JSON/JSONL shards with a media folder, or WebDataset tars holding the media (verl is always parquet). */
  layout: z.enum(["files", "webdataset"]).default("files"),
  /** Samples per shard. */
  shardSize: zInt().min(1).max(1_000_000).default(1000),
  /** Width of exported images and clips in pixels (height follows); null keeps the video's own size. */
  imageWidth: zInt().min(64).max(4096).nullable().default(null),
  /** Where the finished export goes: the local exports folder, or the configured S3 bucket. */
  destination: z.enum(["local", "s3"]).default("local"),
});
export type TExportConfig = z.infer<typeof ZExportConfigSchema>;
export type TExportConfigInput = z.input<typeof ZExportConfigSchema>;
