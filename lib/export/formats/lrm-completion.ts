/** lrm-completion: LRM task completion: is the task complete in this state (yes/no)? See lrm-common.ts. */
import { z } from "zod";
import { baseProvenance, framePath, mediaDirOf } from "@/lib/export/records";
import type { LrmCompletionSample } from "@/lib/export/samples";
import { defineFormat } from "./format";
import { lrmImages, lrmMediaNeedsOf, lrmSnippet, lrmTarMembers } from "./lrm-common";
import { Findings } from "./rules";

export const ZLrmCompletionRecordSchema = z.object({
  id: z.string(),
  instruction: z.string(),
  init_image: z.string(),
  image: z.string(),
  label: z.enum(["yes", "no"]),
  complete: z.boolean(),
  progress: z.number().min(0).max(100),
  provenance: z.record(z.string(), z.unknown()),
});
export type LrmCompletionRecord = z.infer<typeof ZLrmCompletionRecordSchema>;

export const lrmCompletion = defineFormat<LrmCompletionSample, LrmCompletionRecord>({
  id: "lrm-completion",
  label: "LRM completion",
  description: "Is the task complete? yes/no.",
  reader: { trainer: "Large Reward Models (own layout)", source: "papers/large-reward-models.md §III-C" },
  items: "lrm-completion",
  file: "jsonl",
  webdataset: true,
  provenanceSidecar: false,
  hfConfig: true,
  schema: ZLrmCompletionRecordSchema,
  build: (items) =>
    items.map((x) => {
      const dir = mediaDirOf(x);
      const provenance = baseProvenance("lrm-completion", x.id, x.episode, [x.initFrame, x.frame], x.progress);
      const record = {
        id: x.id, instruction: x.episode.task.instruction, init_image: framePath(dir, x.initFrame), image: framePath(dir, x.frame),
        label: (x.complete ? "yes" : "no") as "yes" | "no", complete: x.complete, progress: x.progress, provenance: provenance as unknown as Record<string, unknown>,
      };
      return { id: x.id, record, provenance };
    }),
  mediaNeeds: lrmMediaNeedsOf,
  tarMembers: lrmTarMembers,
  tarMemberNames: () => ["frame.jpg", "init.jpg"],
  cardNote: "Large Reward Models style completion: is the task complete in this state, `label` yes / no (positives only from successful episodes).",
  cardSnippet: () => lrmSnippet("lrm-completion"),
  emptyReason: (s) => `completion samples need episodes with a known outcome: ${s.successOrFailure} of ${s.episodes} have SUCCESS or FAILURE`,
  conform: (r, media) => {
    const f = new Findings();
    const p = ZLrmCompletionRecordSchema.safeParse(r);
    if (!p.success) for (const i of p.error.issues) f.add("record schema", `${i.path.join(".")}: ${i.message}`);
    else if ((r.label === "yes") !== r.complete) f.add("label and complete agree", `label ${r.label}, complete ${r.complete}`);
    lrmImages(f, [r.init_image, r.image], media);
    return f.result();
  },
});
