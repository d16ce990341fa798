/**
 * benchmark: PRIMO evaluation records per benchmark split (ID, OOD cross-task, OOD
 * cross-environment), test episodes only, in the PRIMO RL shape. Loader: PRIMO R1's
 * eval_local.py, which runs records in batches of 64 and writes `<answer>error</answer>` for a
 * whole batch when one record fails to load, so every record must pass (primo-common.ts).
 */
import { defineFormat } from "./format";
import { ZPrimoRlRecordSchema, primoConfigProblem, primoConform, primoFields, type PrimoRlRecord } from "./primo-common";
import { Findings, sampleMediaNeeds, sampleTarMemberNames, sampleTarMembers } from "./rules";
import { sampleProvenance } from "@/lib/export/records";
import type { ReleaseSplitTag, Sample } from "@/lib/export/types";

export const BENCHMARK_GROUPS = ["ID", "OOD_CROSS_TASK", "OOD_CROSS_ENV"] as const satisfies readonly ReleaseSplitTag[];
export type BenchmarkGroup = (typeof BENCHMARK_GROUPS)[number];

export const benchmark = defineFormat<Sample, PrimoRlRecord>({
  id: "benchmark",
  label: "Benchmark",
  description: "Evaluation files per benchmark split (ID, OOD).",
  reader: { trainer: "PRIMO R1 evaluation", source: "10-OASIS-01/PRIMO-R1 src/eval/eval_local.py (see docs/trainer-readers.md)" },
  items: "benchmark",
  file: "json",
  webdataset: true,
  provenanceSidecar: true,
  hfConfig: true,
  schema: ZPrimoRlRecordSchema,
  build: (items, o) =>
    items.map((s) => {
      if (s.episode.split !== "test" || s.episode.splitTag === "TRAIN") throw new RangeError(`sample ${s.id} is from a training episode; the benchmark holds test episodes only`);
      return { id: s.id, record: primoFields(s, o), provenance: sampleProvenance("benchmark", s) };
    }),
  mediaNeeds: sampleMediaNeeds,
  tarMembers: sampleTarMembers,
  tarMemberNames: sampleTarMemberNames,
  cardNote: "Benchmark files per split (ID, OOD cross-task, OOD cross-environment): PRIMO evaluation records of test episodes.",
  cardSnippet: (ctx) =>
    [
      "```python",
      "from datasets import load_dataset",
      'ds = load_dataset("<export folder>", "benchmark")  # splits: ' + (ctx.groups.map((g) => g.group).join(", ") || "none"),
      "```",
      "PRIMO R1 `eval_local.py`: point it at one split's JSON file and run from the export folder. Score `numerical` answers with the metric you report, one per column (see the app's leaderboard).",
    ].join("\n"),
  emptyReason: (s) => (s.testEpisodes === 0 ? "the release has no test episodes (hold out an environment or tasks, or give the in-domain share a value)" : "no query frames were generated for test episodes"),
  configProblem: primoConfigProblem,
  conform: (r, media, o) => {
    const f = new Findings();
    primoConform(f, r, media, o, "eval");
    return f.result();
  },
});
