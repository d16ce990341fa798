/**
 * easyr1: EasyR1 RL rows (JSONL): `prompt`, `answer`, and `images` OR `videos`. Reader rules
 * (hiyouga/EasyR1 verl/utils/dataset.py @ b44b311b669bf1fd1aa2fc36f2251482ba33cb16):
 * - RLHFDataset._build_messages: if the row has the image key, the prompt is split on "<image>"
 *   into image and text parts and the videos are NEVER read; only a row without it is split on
 *   "<video>". A row with both loses its video without an error and keeps "<video>" as text, so
 *   a row here carries exactly one of the two keys:
 *   - easyr1Media "images" (default): I_init, every V_seq frame and I_curr as images, one
 *     "<image>" each, labelled in the prompt (PRIMO's order; no temporal encoding of the frames);
 *   - easyr1Media "video": the V_seq clip alone with one "<video>" (I_init and I_curr are its
 *     first and last frames for generated samples).
 * - The processor needs one image (video) per "<image>" ("<video>") part.
 * - process_video: qwen-vl-utils fetch_video({"video", "min_pixels", "max_pixels", "fps":
 *   video_fps (2.0)}), so the clip obeys smart_nframes. image_dir joins relative paths.
 */
import { z } from "zod";
import { assertNoPlaceholders, framePath, mediaDirOf, mediaNeeds, parts, sampleProvenance, userText, type RecordOptions } from "@/lib/export/records";
import type { Sample } from "@/lib/export/types";
import { defineFormat } from "./format";
import { REWARD_PY, REWARD_PY_PATH } from "@/lib/primo/reward-py";
import { Findings, checkMedia, checkQwenVideo, countTag } from "./rules";

export const ZEasyR1RecordSchema = z.union([
  z.object({ prompt: z.string(), answer: z.string(), images: z.array(z.string()) }).strict(),
  z.object({ prompt: z.string(), answer: z.string(), videos: z.array(z.string()) }).strict(),
]);
export type EasyR1Record = z.infer<typeof ZEasyR1RecordSchema>;

const mediaOf = (o: RecordOptions) => o.easyr1Media ?? "images";

function imagesPrompt(s: Sample): string {
  return `Initial state: <image>\nProcess video frames: ${"<image>".repeat(s.videoFrames.length)}\nCurrent state: <image>\n${userText(s)}`;
}

export const easyr1 = defineFormat<Sample, EasyR1Record>({
  id: "easyr1",
  label: "EasyR1 RL",
  description: "prompt, answer and images or a video (JSONL).",
  reader: { trainer: "EasyR1", source: "hiyouga/EasyR1 verl/utils/dataset.py @ b44b311" },
  items: "samples",
  file: "jsonl",
  webdataset: false,
  provenanceSidecar: true,
  hfConfig: true,
  schema: ZEasyR1RecordSchema,
  build: (items, o) =>
    items.map((s) => {
      const text = userText(s);
      assertNoPlaceholders(s.id, [text]);
      const p = parts(s, "clip");
      const dir = mediaDirOf(s);
      const record: EasyR1Record =
        mediaOf(o) === "video"
          ? { prompt: `<video>${text}`, answer: p.answer, videos: [p.video as string] }
          : { prompt: imagesPrompt(s), answer: p.answer, images: [p.init, ...s.videoFrames.map((f) => framePath(dir, f)), p.current] };
      return { id: s.id, record, provenance: sampleProvenance("easyr1", s) };
    }),
  mediaNeeds: (s, o) => (mediaOf(o) === "video" ? mediaNeeds(s, "clip") : mediaNeeds(s, "frames")),
  cardNote:
    "EasyR1 rows: `prompt`, `answer` (the bare number), and `images` (I_init, every V_seq frame, I_curr; one `<image>` each) or, with easyr1Media \"video\", `videos` (the V_seq clip, one `<video>`): EasyR1 reads images or videos, never both.",
  cardSnippet: (ctx) =>
    [
      "```yaml",
      "# EasyR1 config",
      "data:",
      `  train_files: <export folder>/${ctx.shardGlob("train").replace(/\/[^/]*$/, "")}`,
      `  val_files: <export folder>/${ctx.shardGlob("test").replace(/\/[^/]*$/, "")}`,
      "  prompt_key: prompt",
      "  answer_key: answer",
      ctx.config.easyr1Media === "video" ? "  video_key: videos" : "  image_key: images",
      "  image_dir: <export folder>   # media paths are relative to it",
      "worker:",
      "  reward:",
      "    reward_type: sequential",
      "    reward_function: <export folder>/reward.py:easyr1_compute_score   # PRIMO's rewards",
      "```",
    ].join("\n"),
  rootFiles: () => [{ path: REWARD_PY_PATH, text: REWARD_PY }],
  emptyReason: (s) => (s.episodes === 0 ? "the release has no episodes" : "no query frames were generated"),
  conform: (r, media) => {
    const f = new Findings();
    const parsed = ZEasyR1RecordSchema.safeParse(r);
    if (!parsed.success) {
      f.add("_build_messages reads images OR videos", parsed.error.issues.map((i) => `${i.path.join(".") || "record"}: ${i.message}`).join("; "));
      return f.result();
    }
    if ("images" in r) {
      if (countTag(r.prompt, "<video>") > 0) f.add("_build_messages: with images, <video> stays text", "the prompt has a <video> tag but the row has images");
      const tags = countTag(r.prompt, "<image>");
      if (tags !== r.images.length) f.add("one image per <image> part", `${tags} <image> tag(s) for ${r.images.length} image(s)`);
      for (const img of r.images) checkMedia(f, "images exist under image_dir", img, media, "image");
    } else {
      if (countTag(r.prompt, "<image>") > 0) f.add("_build_messages: without images, <image> stays text", "the prompt has an <image> tag but the row has no images");
      const tags = countTag(r.prompt, "<video>");
      if (tags !== r.videos.length) f.add("one video per <video> part", `${tags} <video> tag(s) for ${r.videos.length} video(s)`);
      for (const v of r.videos) checkQwenVideo(f, "process_video: qwen-vl-utils fetch_video at video_fps 2", v, media, { fps: 2 });
    }
    return f.result();
  },
});
