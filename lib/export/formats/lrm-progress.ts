/** lrm-progress: LRM absolute progress, one row per keyframe (11 per episode at t/T = 0, 0.1, …, 1). See lrm-common.ts. */
import { z } from "zod";
import { baseProvenance, framePath, mediaDirOf } from "@/lib/export/records";
import type { LrmProgressSample } from "@/lib/export/samples";
import { defineFormat } from "./format";
import { lrmImages, lrmMediaNeedsOf, lrmSnippet, lrmTarMembers } from "./lrm-common";
import { Findings } from "./rules";

export const ZLrmProgressRecordSchema = z.object({
  id: z.string(),
  instruction: z.string(),
  init_image: z.string(),
  image: z.string(),
  /** LRM stage / 10: one of 0, 0.1, …, 1. */
  label: z.number().min(0).max(1),
  stage: z.number().int().min(0).max(10),
  /** Annotation ground truth 0–100, unrounded. */
  progress: z.number().min(0).max(100),
  normalised_time: z.number().min(0).max(1),
  keyframe: z.number().int().min(0).max(10),
  provenance: z.record(z.string(), z.unknown()),
});
export type LrmProgressRecord = z.infer<typeof ZLrmProgressRecordSchema>;

export const lrmProgress = defineFormat<LrmProgressSample, LrmProgressRecord>({
  id: "lrm-progress",
  label: "LRM absolute progress",
  description: "Progress at 11 keyframes per episode.",
  reader: { trainer: "Large Reward Models (own layout)", source: "papers/large-reward-models.md §III-A" },
  items: "lrm-progress",
  file: "jsonl",
  webdataset: true,
  provenanceSidecar: false,
  hfConfig: true,
  schema: ZLrmProgressRecordSchema,
  build: (items) =>
    items.map((x) => {
      const dir = mediaDirOf(x);
      const provenance = baseProvenance("lrm-progress", x.id, x.episode, [x.initFrame, x.frame], x.progress);
      const record = {
        id: x.id, instruction: x.episode.task.instruction, init_image: framePath(dir, x.initFrame), image: framePath(dir, x.frame),
        label: x.stage / 10, stage: x.stage, progress: x.progress, normalised_time: x.normalisedTime, keyframe: x.keyframe, provenance: provenance as unknown as Record<string, unknown>,
      };
      return { id: x.id, record, provenance };
    }),
  mediaNeeds: lrmMediaNeedsOf,
  tarMembers: lrmTarMembers,
  tarMemberNames: () => ["frame.jpg", "init.jpg"],
  cardNote: "Large Reward Models style absolute progress at 11 keyframes (normalised time 0, 0.1, …, 1): `label` is the stage / 10, `progress` the annotation's 0–100.",
  cardSnippet: () => lrmSnippet("lrm-progress"),
  emptyReason: (s) => (s.episodes === 0 ? "the release has no episodes" : "no keyframes"),
  conform: (r, media) => {
    const f = new Findings();
    const p = ZLrmProgressRecordSchema.safeParse(r);
    if (!p.success) for (const i of p.error.issues) f.add("record schema", `${i.path.join(".")}: ${i.message}`);
    lrmImages(f, [r.init_image, r.image], media);
    return f.result();
  },
});
