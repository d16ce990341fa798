/**
 * ms-swift: ms-swift's standard multimodal rows (JSONL): `messages`, `images`, `videos`. Reader
 * rules (modelscope/ms-swift @ 3602360a562313afbf2ef6065fdf61f271a2c5b9): the roles are an
 * optional system message, then user / assistant turns; each "<image>" / "<video>" tag in the
 * messages is replaced by the next image / video (the counts must match); Qwen-VL templates read
 * every video through qwen-vl-utils fetch_video({"video": …}) at its defaults (fps 2;
 * swift/template/templates/qwen.py replace_tag), a list of frames as a frame list.
 */
import type { ChatMessage } from "@/lib/export/records";
import type { Sample } from "@/lib/export/types";
import { defineFormat } from "./format";
import { ZChatSftRecordSchema, chatSftRecords, checkSftRoles, checkTagCounts, type ChatSftRecord } from "./chat-common";
import { Findings, checkMedia, checkQwenVideo, sampleMediaNeeds, sampleTarMemberNames, sampleTarMembers } from "./rules";

export const ZMsSwiftRecordSchema = ZChatSftRecordSchema;
export type MsSwiftRecord = ChatSftRecord;

export const msSwift = defineFormat<Sample, MsSwiftRecord>({
  id: "ms-swift",
  label: "ms-swift SFT",
  description: "messages with videos (JSONL).",
  reader: { trainer: "ms-swift", source: "modelscope/ms-swift swift/template/templates/qwen.py @ 3602360" },
  items: "chains",
  file: "jsonl",
  webdataset: true,
  provenanceSidecar: true,
  hfConfig: true,
  schema: ZMsSwiftRecordSchema,
  build: (items, o) => chatSftRecords("ms-swift", items, o),
  mediaNeeds: sampleMediaNeeds,
  tarMembers: sampleTarMembers,
  tarMemberNames: sampleTarMemberNames,
  cardNote: "ms-swift records: `messages` (system, user, assistant), `images` (initial, current), `videos` (the V_seq).",
  cardSnippet: (ctx) =>
    [
      "```sh",
      "cd <export folder>   # media paths are relative to it",
      `swift sft --model Qwen/Qwen2.5-VL-7B-Instruct --dataset ${ctx.shardGlob("train")} …`,
      "```",
    ].join("\n"),
  emptyReason: (s) => `SFT formats use accepted chains: ${s.acceptedChains} in this release (accept chains in Chain review, then make a new release version)`,
  conform: (r, media) => {
    const f = new Findings();
    const parsed = ZMsSwiftRecordSchema.safeParse(r);
    if (!parsed.success) {
      for (const i of parsed.error.issues) f.add("standard columns messages / images / videos", `${i.path.join(".")}: ${i.message}`);
      return f.result();
    }
    checkSftRoles(f, "roles: system?, then user / assistant", r.messages as ChatMessage[]);
    checkTagCounts(f, "one <image> / <video> tag per image / video", r.messages as ChatMessage[], r.images.length, r.videos.length);
    for (const img of r.images) checkMedia(f, "images exist", img, media, "image");
    for (const v of r.videos) checkQwenVideo(f, "qwen-vl-utils fetch_video (fps 2)", v, media);
    return f.result();
  },
});
