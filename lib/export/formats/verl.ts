/**
 * verl: verl RLHFDataset rows (parquet): `data_source`, `prompt` (chat list), `images`, `videos`,
 * `ability`, `reward_model` {style: "rule", ground_truth}, `extra_info`. Reader rules
 * (volcengine/verl @ b178a3cd56f58b2d502255daba591e92833930a7):
 * - verl/utils/dataset/rl_dataset.py RLHFDataset._build_messages: every "<image>" / "<video>" in
 *   a message's string content takes the next image / video (asserting there is one), and at the
 *   end image_offset == len(images) and video_offset == len(videos) (AssertionError otherwise);
 *   an image is a dict spread into {"type": "image", **image} (a "bytes" key would be opened as
 *   bytes), a video a dict spread into {"type": "video", **video}.
 * - verl/utils/dataset/vision_utils.py process_video: a video must be a dict with "video"; when it
 *   carries "nframes" or "fps" itself, those decide sampling (qwen-vl-utils smart_nframes), else
 *   the dataset's settings. So each row's video carries `nframes` = its frame count: verl reads
 *   every V_seq frame, and with real clip timing its temporal ids see the episode's own time.
 * - examples/data_preprocess/geo3k.py: the row layout, `extra_info.index`.
 * Media paths are opened as they are (relative to the working directory): run from the export folder.
 */
import { z } from "zod";
import { chat, parts, sampleProvenance, type ChatMessage } from "@/lib/export/records";
import type { ReleaseSplit, Sample } from "@/lib/export/types";
import { REWARD_PY, REWARD_PY_PATH } from "@/lib/primo/reward-py";
import { defineFormat } from "./format";
import { ZChatMessageSchema, checkTagCounts } from "./chat-common";
import { Findings, checkMedia, checkQwenVideo, isObject, sampleMediaNeeds } from "./rules";

export const VERL_ABILITY = "robot_task_progress";

export const ZVerlRecordSchema = z.object({
  data_source: z.string(),
  prompt: z.array(ZChatMessageSchema),
  images: z.array(z.object({ image: z.string() }).strict()),
  videos: z.array(z.object({ video: z.union([z.string(), z.array(z.string())]), nframes: z.number().int().optional() }).strict()),
  ability: z.string(),
  reward_model: z.object({ style: z.literal("rule"), ground_truth: z.string() }),
  extra_info: z.object({
    split: z.enum(["train", "test"]) as z.ZodType<ReleaseSplit>,
    index: z.number().int(),
    id: z.string(),
    episode_id: z.number().int(),
    episode_key: z.string(),
    query_frame: z.number().int(),
    progress: z.number(),
    answer: z.string(),
    question: z.string(),
    /** The clip's rate "num/den" and how long it plays; how long the frames it shows take in the episode. */
    clip_fps: z.string(),
    clip_seconds: z.number(),
    episode_seconds: z.number(),
  }),
});
export type VerlRecord = z.infer<typeof ZVerlRecordSchema>;

export const verl = defineFormat<Sample, VerlRecord>({
  id: "verl",
  label: "verl RL",
  description: "prompt, reward_model and extra_info (parquet).",
  reader: { trainer: "verl", source: "volcengine/verl verl/utils/dataset/rl_dataset.py, vision_utils.py @ b178a3c" },
  items: "samples",
  file: "parquet",
  webdataset: false,
  provenanceSidecar: true,
  // `datasets` picks one builder for a folder's configs (JSON here: its parquet config fails with
  // "JSON parse error"), so verl is read the way verl reads it, with the parquet builder.
  hfConfig: false,
  schema: ZVerlRecordSchema,
  build: (items, o) =>
    items.map((s, index) => {
      const p = parts(s, o.videoMode);
      const c = chat(s);
      const prov = sampleProvenance("verl", s);
      return {
        id: s.id,
        record: {
          data_source: o.verlDataSource ?? "critic-studio/progress",
          prompt: [c.system, c.user],
          images: [{ image: p.init }, { image: p.current }],
          videos: [typeof p.video === "string" ? { video: p.video, nframes: s.videoFrames.length } : { video: p.video }],
          ability: VERL_ABILITY,
          reward_model: { style: "rule", ground_truth: p.answer },
          extra_info: {
            split: s.episode.split,
            index,
            id: s.id,
            episode_id: s.episode.episodeId,
            episode_key: s.episode.key,
            query_frame: s.queryFrame,
            progress: s.progress,
            answer: p.answer,
            question: s.question,
            clip_fps: prov.clip_fps!,
            clip_seconds: prov.clip_seconds!,
            episode_seconds: prov.episode_seconds!,
          },
        },
        provenance: prov,
      };
    }),
  mediaNeeds: sampleMediaNeeds,
  cardNote: "verl parquet rows: `data_source`, `prompt` (chat list), `images`, `videos` (each with `nframes`, so every V_seq frame is read), `ability`, `reward_model` (`style`: rule, `ground_truth`), `extra_info`.",
  cardSnippet: (ctx) =>
    [
      "```sh",
      ctx.config.mediaRoot ? `# media paths are absolute, under ${ctx.config.mediaRoot}` : "cd <export folder>   # media paths are relative to it: every worker must run from here (or export with mediaRoot)",
      `python -m verl.trainer.main_ppo data.train_files=[${ctx.shardGlob("train")}] data.val_files=[${ctx.shardGlob("test")}] \\`,
      "  data.image_key=images data.video_key=videos \\",
      "  custom_reward_function.path=<export folder>/reward.py custom_reward_function.name=verl_compute_score …   # PRIMO's rewards",
      "```",
      "```python",
      "from datasets import load_dataset",
      `ds = load_dataset("parquet", data_files={${ctx.groups.map((g) => `"${g.group}": "<export folder>/${ctx.shardGlob(g.group)}"`).join(", ")}})`,
      "```",
    ].join("\n"),
  rootFiles: () => [{ path: REWARD_PY_PATH, text: REWARD_PY }],
  emptyReason: (s) => (s.episodes === 0 ? "the release has no episodes" : "no query frames were generated"),
  conform: (r, media, o) => {
    const f = new Findings();
    // verl never resolves a relative path: qwen-vl-utils opens it against the worker's working directory (docs/trainer-readers.md).
    if (!o.mediaRoot) f.note = { warning: "verl opens media paths against each worker's working directory: run every worker from the export folder, or set the export's media root (mediaRoot) to the absolute folder the export will be in." };
    const parsed = ZVerlRecordSchema.safeParse(r);
    if (!parsed.success) {
      for (const i of parsed.error.issues) f.add("RLHFDataset row layout (geo3k.py)", `${i.path.join(".")}: ${i.message}`);
      return f.result();
    }
    checkTagCounts(f, "_build_messages: image_offset == len(images), video_offset == len(videos)", r.prompt as ChatMessage[], r.images.length, r.videos.length);
    for (const img of r.images) {
      if (isObject(img) && "bytes" in img) f.add("process_image", "an image dict with a bytes key is opened as bytes");
      checkMedia(f, "process_image: fetch_image opens the path", img.image, media, "image");
    }
    for (const v of r.videos) {
      const ele = v.nframes !== undefined ? { nframes: v.nframes } : {};
      checkQwenVideo(f, "process_video: qwen-vl-utils smart_nframes", v.video, media, ele);
    }
    return f.result();
  },
});
