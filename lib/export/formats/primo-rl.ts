/**
 * primo-rl: PRIMO R1 / Video-R1 GRPO records, a JSON list per shard: the question, the
 * ground-truth answer and the media, for every generated sample. Loader: PRIMO R1's GRPO script
 * (and Video-R1's src/r1-v/src/open_r1/grpo.py it derives from); rules in primo-common.ts.
 */
import { defineFormat } from "./format";
import { REWARD_PY, REWARD_PY_PATH } from "@/lib/primo/reward-py";
import { ZPrimoRlRecordSchema, primoConfigProblem, primoConform, primoFields, type PrimoRlRecord } from "./primo-common";
import { Findings, sampleMediaNeeds, sampleTarMemberNames, sampleTarMembers } from "./rules";
import { sampleProvenance } from "@/lib/export/records";
import type { Sample } from "@/lib/export/types";

export const primoRl = defineFormat<Sample, PrimoRlRecord>({
  id: "primo-rl",
  label: "PRIMO / Video-R1 RL",
  description: "Question and ground-truth answer per sample, for GRPO (JSON).",
  reader: { trainer: "PRIMO R1 / Video-R1 GRPO", source: "tulerfeng/Video-R1 src/r1-v/src/open_r1/grpo.py @ 59d65c3 (see docs/trainer-readers.md)" },
  items: "samples",
  file: "json",
  webdataset: true,
  provenanceSidecar: true,
  hfConfig: true,
  schema: ZPrimoRlRecordSchema,
  build: (items, o) => items.map((s) => ({ id: s.id, record: primoFields(s, o), provenance: sampleProvenance("primo-rl", s) })),
  mediaNeeds: sampleMediaNeeds,
  tarMembers: sampleTarMembers,
  tarMemberNames: sampleTarMemberNames,
  cardNote:
    "PRIMO / Video-R1 RL records (JSON list): `problem`, `problem_type`, `solution` (`<answer>NN</answer>`), `path` (the V_seq clip), `data_type`, `init_frame_path`, `current_frame_path`.",
  cardSnippet: (ctx) =>
    [
      "```python",
      "from datasets import load_dataset",
      'ds = load_dataset("<export folder>", "primo-rl")',
      "```",
      ctx.config.mediaRoot
        ? `PRIMO R1 GRPO: pass a shard (\`${ctx.shardGlob("train")}\`) as the dataset; media paths are absolute, under \`${ctx.config.mediaRoot}\`: put the export folder there.`
        : `PRIMO R1's GRPO trainer opens "/" + path[1:], so it needs absolute media paths: export with a media root (mediaRoot) where the folder will be on the training machine. Video-R1 (cwd + "/Video-R1-data" + path[1:]) and the SFT loader resolve relative paths against their data root.`,
      "The rewards: `reward.py` at the export root holds PRIMO's `accuracy_reward` and `format_reward` (grpo.py's rules, each sample by its own problem_type): register them as the GRPO script's reward functions.",
    ].join("\n"),
  rootFiles: () => [{ path: REWARD_PY_PATH, text: REWARD_PY }],
  emptyReason: (s) => (s.episodes === 0 ? "the release has no episodes" : "no query frames were generated"),
  configProblem: primoConfigProblem,
  conform: (r, media, o) => {
    const f = new Findings();
    primoConform(f, r, media, o, "grpo");
    return f.result();
  },
});
