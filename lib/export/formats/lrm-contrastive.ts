/** lrm-contrastive: LRM temporal-contrastive pairs: two keyframes of one episode, which is further along. See lrm-common.ts. */
import { z } from "zod";
import { baseProvenance, framePath, mediaDirOf } from "@/lib/export/records";
import type { LrmContrastivePair } from "@/lib/export/samples";
import { defineFormat } from "./format";
import { lrmImages, lrmMediaNeedsOf, lrmSnippet, lrmTarMembers } from "./lrm-common";
import { Findings } from "./rules";

export const ZLrmContrastiveRecordSchema = z.object({
  id: z.string(),
  instruction: z.string(),
  init_image: z.string(),
  images: z.tuple([z.string(), z.string()]),
  /** Which shown image is further along: 1 = the first, 2 = the second. */
  label: z.union([z.literal(1), z.literal(2)]),
  frames: z.tuple([z.number().int(), z.number().int()]),
  progress: z.tuple([z.number(), z.number()]),
  provenance: z.record(z.string(), z.unknown()),
});
export type LrmContrastiveRecord = z.infer<typeof ZLrmContrastiveRecordSchema>;

export const lrmContrastive = defineFormat<LrmContrastivePair, LrmContrastiveRecord>({
  id: "lrm-contrastive",
  label: "LRM temporal contrastive",
  description: "Pairs of frames: which is further along.",
  reader: { trainer: "Large Reward Models (own layout)", source: "papers/large-reward-models.md §III-B" },
  items: "lrm-contrastive",
  file: "jsonl",
  webdataset: true,
  provenanceSidecar: false,
  hfConfig: true,
  schema: ZLrmContrastiveRecordSchema,
  build: (items) =>
    items.map((x) => {
      const dir = mediaDirOf(x);
      const [a, b] = x.shownFrames;
      const progressOf = (f: number) => (f === x.earlierFrame ? x.earlierProgress : x.laterProgress);
      const progress: [number, number] = [progressOf(a), progressOf(b)];
      const provenance = baseProvenance("lrm-contrastive", x.id, x.episode, [x.initFrame, a, b], progress);
      const record = {
        id: x.id, instruction: x.episode.task.instruction, init_image: framePath(dir, x.initFrame), images: [framePath(dir, a), framePath(dir, b)] as [string, string],
        label: x.further, frames: [a, b] as [number, number], progress, provenance: provenance as unknown as Record<string, unknown>,
      };
      return { id: x.id, record, provenance };
    }),
  mediaNeeds: lrmMediaNeedsOf,
  tarMembers: lrmTarMembers,
  tarMemberNames: () => ["first.jpg", "init.jpg", "second.jpg"],
  cardNote: "Large Reward Models style temporal-contrastive pairs: two frames of one episode, `label` 1 or 2 says which shown image is further along.",
  cardSnippet: () => lrmSnippet("lrm-contrastive"),
  emptyReason: (s) => (s.episodes === 0 ? "the release has no episodes" : "no episode has keyframes with different progress (annotate subtasks)"),
  conform: (r, media) => {
    const f = new Findings();
    const p = ZLrmContrastiveRecordSchema.safeParse(r);
    if (!p.success) for (const i of p.error.issues) f.add("record schema", `${i.path.join(".")}: ${i.message}`);
    else if (!(r.progress[r.label - 1] > r.progress[2 - r.label])) f.add("label names the further frame", `label ${r.label} but progress ${r.progress.join(" / ")}`);
    lrmImages(f, [r.init_image, ...r.images], media);
    return f.result();
  },
});
