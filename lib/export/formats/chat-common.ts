/**
 * What the chat-message formats (llamafactory, ms-swift, verl) share: the PRIMO system prompt,
 * a user turn `<image><video><image>` + the PRIMO user text (initial image, video, current image:
 * PRIMO's order) and, for SFT, the assistant target; and the rule every one of their readers
 * applies to it: the placeholders in the messages match the media lists one to one
 * (LLaMA-Factory mm_plugin._validate_messages, ms-swift's tag replacement, verl
 * RLHFDataset._build_messages).
 */
import { z } from "zod";
import { chat, parts, sampleProvenance, type BuiltRecord, type ChatMessage, type RecordOptions } from "@/lib/export/records";
import type { ExportFormat, Sample } from "@/lib/export/types";
import { Findings, countTag } from "./rules";

export const ZChatMessageSchema = z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string() });

/** An SFT row: system, user (media placeholders + PRIMO text), assistant; images I_init and I_curr, one video (LLaMA-Factory and ms-swift read the same layout). */
export const ZChatSftRecordSchema = z.object({
  messages: z.array(ZChatMessageSchema),
  images: z.array(z.string()),
  /** One video: a clip path, or the list of its frame paths. */
  videos: z.array(z.union([z.string(), z.array(z.string())])),
});
export type ChatSftRecord = z.infer<typeof ZChatSftRecordSchema>;

export function chatSftRecords(format: ExportFormat, items: readonly Sample[], o: RecordOptions): BuiltRecord<ChatSftRecord>[] {
  return items.map((s) => {
    const p = parts(s, o.videoMode);
    const c = chat(s);
    return { id: s.id, record: { messages: [c.system, c.user, c.assistant], images: [p.init, p.current], videos: [p.video] }, provenance: sampleProvenance(format, s) };
  });
}

/** `<image>` / `<video>` placeholders across messages equal the number of images / videos. */
export function checkTagCounts(f: Findings, rule: string, messages: readonly ChatMessage[], images: number, videos: number): void {
  const text = messages.map((m) => m.content);
  const imageTags = text.reduce((n, t) => n + countTag(t, "<image>"), 0);
  const videoTags = text.reduce((n, t) => n + countTag(t, "<video>"), 0);
  if (imageTags !== images) f.add(rule, `${imageTags} <image> placeholder(s) for ${images} image(s)`);
  if (videoTags !== videos) f.add(rule, `${videoTags} <video> placeholder(s) for ${videos} video(s)`);
}

/** An optional system message, then user and assistant turns alternating, ending with the assistant (SFT). */
export function checkSftRoles(f: Findings, rule: string, messages: readonly ChatMessage[]): void {
  const turns = messages[0]?.role === "system" ? messages.slice(1) : messages;
  const bad = turns.findIndex((m, i) => m.role !== (i % 2 === 0 ? "user" : "assistant"));
  if (bad >= 0) f.add(rule, `turn ${bad + 1} is "${turns[bad].role}", expected "${bad % 2 === 0 ? "user" : "assistant"}": the example is skipped`);
  else if (turns.length === 0 || turns.length % 2 !== 0) f.add(rule, `${turns.length} turn(s) after the system message: an even number is needed, or the example is skipped`);
}
