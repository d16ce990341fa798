/**
 * llamafactory: LLaMA-Factory SFT records in the sharegpt layout with OpenAI-style role tags
 * (JSONL), registered by dataset_info.json at the export root. Reader rules (hiyouga/LLaMA-Factory
 * @ ff6d4d12eeb035d6ce06805a5733dd7b29f2ac30):
 * - src/llamafactory/data/converter.py SharegptDatasetConverter: a first "system" message is the
 *   system prompt; then turn i must be user (even i) or assistant (odd i), and the number of turns
 *   even; otherwise the example is SKIPPED with a warning ("Skipping this abnormal example").
 *   _find_medias: media paths are joined to media_dir (default dataset_dir) when that file exists.
 * - src/llamafactory/data/mm_plugin.py _validate_messages: the number of "<image>" / "<video>"
 *   across messages must equal len(images) / len(videos), else ValueError.
 *   _get_video_sample_indices: a video file gives min(total frames, video_maxlen (128),
 *   max(1, floor(duration · video_fps (2.0)))) frames, np.linspace(0, T - 1, n); a list of frame
 *   paths is taken as it is; Qwen2VLPlugin pads an odd count by repeating the last frame.
 */
import type { ChatMessage } from "@/lib/export/records";
import type { Sample } from "@/lib/export/types";
import { defineFormat, type MediaInfo } from "./format";
import { ZChatSftRecordSchema, chatSftRecords, checkSftRoles, checkTagCounts, type ChatSftRecord } from "./chat-common";
import { Findings, checkMedia, sampleMediaNeeds, sampleTarMemberNames, sampleTarMembers } from "./rules";

export const ZLlamaFactoryRecordSchema = ZChatSftRecordSchema;
export type LlamaFactoryRecord = ChatSftRecord;

/** LLaMA-Factory's defaults (data_args / processor args): video_fps 2.0, video_maxlen 128. */
export const LLAMAFACTORY_VIDEO_FPS = 2.0;
export const LLAMAFACTORY_VIDEO_MAXLEN = 128;

/** A dataset_info.json entry for one group of shards (a folder, relative to dataset_dir = the export root). */
export function llamaFactoryDatasetInfo(name: string, fileName: string) {
  return {
    [name]: {
      file_name: fileName,
      formatting: "sharegpt",
      columns: { messages: "messages", images: "images", videos: "videos" },
      tags: { role_tag: "role", content_tag: "content", user_tag: "user", assistant_tag: "assistant", system_tag: "system" },
    },
  };
}

export const llamafactory = defineFormat<Sample, LlamaFactoryRecord>({
  id: "llamafactory",
  label: "LLaMA-Factory SFT",
  description: "ShareGPT-style messages with videos and dataset_info.json.",
  reader: { trainer: "LLaMA-Factory", source: "hiyouga/LLaMA-Factory src/llamafactory/data/converter.py, mm_plugin.py @ ff6d4d1" },
  items: "chains",
  file: "jsonl",
  webdataset: true,
  provenanceSidecar: true,
  hfConfig: true,
  schema: ZLlamaFactoryRecordSchema,
  build: (items, o) => chatSftRecords("llamafactory", items, o),
  mediaNeeds: sampleMediaNeeds,
  tarMembers: sampleTarMembers,
  tarMemberNames: sampleTarMemberNames,
  cardNote: "LLaMA-Factory sharegpt records: `messages` (system, user, assistant), `images` (initial, current), `videos` (the V_seq). `dataset_info.json` at the export root registers them.",
  cardSnippet: (ctx) =>
    [
      "```yaml",
      "# LLaMA-Factory training config",
      "dataset_dir: <export folder>   # holds dataset_info.json; media paths are relative to it",
      `dataset: ${ctx.groups.map((g) => `critic_${g.group}`).join(",") || "critic_train"}`,
      "template: qwen2_vl",
      "video_fps: 2.0                # the reader takes floor(duration x video_fps) frames of each clip",
      "```",
    ].join("\n"),
  rootFiles: (ctx) => [
    {
      path: "dataset_info.json",
      text: JSON.stringify(Object.assign({}, ...ctx.groups.map((g) => llamaFactoryDatasetInfo(`critic_${g.group}`, `llamafactory/${g.group}`))), null, 2) + "\n",
    },
  ],
  emptyReason: (s) => `SFT formats use accepted chains: ${s.acceptedChains} in this release (accept chains in Chain review, then make a new release version)`,
  conform: (r, media) => {
    const f = new Findings();
    const parsed = ZLlamaFactoryRecordSchema.safeParse(r);
    if (!parsed.success) {
      for (const i of parsed.error.issues) f.add("sharegpt columns messages / images / videos", `${i.path.join(".")}: ${i.message}`);
      return f.result();
    }
    checkSftRoles(f, "converter.py SharegptDatasetConverter role order", r.messages as ChatMessage[]);
    checkTagCounts(f, "mm_plugin.py _validate_messages", r.messages as ChatMessage[], r.images.length, r.videos.length);
    for (const img of r.images) checkMedia(f, "images exist under dataset_dir", img, media, "image");
    for (const v of r.videos) {
      if (Array.isArray(v)) {
        let ok = v.length > 0;
        for (const p of v) ok = checkMedia(f, "video frames exist under dataset_dir", p, media, "image") && ok;
        if (ok) f.note = { framesRead: v.length + (v.length % 2), framesHeld: v.length };
      } else if (checkMedia(f, "videos exist under dataset_dir", v, media, "video")) {
        const info = media(v) as Extract<MediaInfo, { kind: "video" }>;
        const n = Math.min(info.frames, LLAMAFACTORY_VIDEO_MAXLEN, Math.max(1, Math.floor(info.seconds * LLAMAFACTORY_VIDEO_FPS)));
        f.note = { framesRead: n + (n % 2), framesHeld: info.frames, secondsSeen: info.seconds };
      }
    }
    return f.result();
  },
});
