/**
 * primo-sft: PRIMO R1 / Video-R1 SFT records with a reviewed chain of thought, a JSON list per
 * shard. Made from accepted chains only. Loader: PRIMO R1's SFT script (Video-R1
 * src/r1-v/src/open_r1/sft_video.py): target = process + "\n" + solution, so a record without
 * `process` raises; a record whose frame files are missing is skipped; only `select` records
 * train (the reference CoT generator sets select = reward > 0.6). Rules in primo-common.ts.
 */
import { z } from "zod";
import { checkFormat } from "@/lib/primo/parse-output";
import { cotTarget, sampleProvenance } from "@/lib/export/records";
import type { Sample } from "@/lib/export/types";
import { defineFormat } from "./format";
import { ZPrimoRlRecordSchema, primoConfigProblem, primoConform, primoFields } from "./primo-common";
import { Findings, sampleMediaNeeds, sampleTarMemberNames, sampleTarMembers } from "./rules";

export const ZPrimoSftRecordSchema = ZPrimoRlRecordSchema.extend({
  process: z.string().min(1),
  planning: z.string(),
  observation: z.string(),
  reasoning: z.string(),
  select: z.boolean(),
});
export type PrimoSftRecord = z.infer<typeof ZPrimoSftRecordSchema>;

export const primoSft = defineFormat<Sample, PrimoSftRecord>({
  id: "primo-sft",
  label: "PRIMO / Video-R1 SFT",
  description: "Chain-of-thought records from accepted chains (JSON).",
  reader: { trainer: "PRIMO R1 / Video-R1 SFT", source: "tulerfeng/Video-R1 src/r1-v/src/open_r1/sft_video.py @ 59d65c3 (see docs/trainer-readers.md)" },
  items: "chains",
  file: "json",
  webdataset: true,
  provenanceSidecar: true,
  hfConfig: true,
  schema: ZPrimoSftRecordSchema,
  build: (items, o) =>
    items.map((s) => {
      const t = cotTarget(s);
      const provenance = sampleProvenance("primo-sft", s);
      return { id: s.id, record: { ...primoFields(s, o), process: t.process, planning: t.planning, observation: t.observation, reasoning: t.reasoning, select: provenance.chain!.select }, provenance };
    }),
  mediaNeeds: sampleMediaNeeds,
  tarMembers: sampleTarMembers,
  tarMemberNames: sampleTarMemberNames,
  cardNote:
    "PRIMO / Video-R1 SFT records (JSON list) made from reviewed, accepted chains of thought: the RL fields plus `process`, `planning`, `observation`, `reasoning`, `select`. Target = `process + \"\\n\" + solution`.",
  cardSnippet: (ctx) =>
    [
      "```python",
      "from datasets import load_dataset",
      'ds = load_dataset("<export folder>", "primo-sft").filter(lambda r: r["select"])',
      "```",
      `PRIMO R1 / Video-R1 SFT (\`sft_video.py\`): pass a shard (\`${ctx.shardGlob("train")}\`) and run from the export folder. Train on records with \`select\` true (the reference rule: the chain's answer scores above 0.6).`,
    ].join("\n"),
  emptyReason: (s) => `SFT formats use accepted chains: ${s.acceptedChains} in this release (accept chains in Chain review, then make a new release version)`,
  configProblem: primoConfigProblem,
  conform: (r, media, o) => {
    const f = new Findings();
    primoConform(f, r, media, o, "sft");
    const parsed = ZPrimoSftRecordSchema.safeParse(r);
    if (!parsed.success) for (const i of parsed.error.issues) f.add("sft_video.py: process + \"\\n\" + solution is the target", `${i.path.join(".")}: ${i.message}`);
    else if (!checkFormat(`${r.process}\n${r.solution}`)) f.add("PRIMO format reward", "process + \"\\n\" + solution does not match the <think><planning>…</answer> format");
    return f.result();
  },
});
