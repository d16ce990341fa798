// Records half of `npm run bench:export`: samples per second for records without media, the
// pure part of an export (plan, sample generation, record building, JSON/parquet encoding), on a
// synthetic release snapshot. The media half is bench/export-media.ts. Prints its figures; it
// does not judge them. BENCH_EPISODES overrides the snapshot size.
import type { SnapshotEpisode } from "../lib/export/types";
import { EXPORT_FORMATS } from "../lib/export/formats/ids";
import { ZExportConfigSchema } from "../lib/export/config";
import { planGroups } from "../lib/export/plan";
import { buildRecords, formatModule } from "../lib/export/formats";
import { inferShape, jsonLines, parquetBytes } from "../lib/export/writers";

const EPISODES = Number(process.env.BENCH_EPISODES ?? 5000);

function episode(i: number): SnapshotEpisode {
  const L = 300 + (i % 7) * 100;
  const cut = Math.floor(L / 3);
  return {
    episodeId: i + 1,
    key: `episode_${String(i).padStart(6, "0")}`,
    environment: { id: 1 + (i % 3), slug: `env-${i % 3}`, name: `Env ${i % 3}` },
    task: { id: 1 + (i % 24), key: `task-${i % 24}`, instruction: `Do task ${i % 24}.` },
    split: i % 5 === 0 ? "test" : "train",
    splitTag: i % 5 === 0 ? (["ID", "OOD_CROSS_TASK", "OOD_CROSS_ENV"] as const)[i % 3] : "TRAIN",
    lengthFrames: L,
    fps: 30,
    camera: "front",
    video: null,
    annotation: {
      id: i + 1,
      version: 1,
      outcome: i % 4 === 0 ? "FAILURE" : "SUCCESS",
      segments: [
        { startFrame: 0, endFrame: cut - 1, label: "reach" },
        { startFrame: cut, endFrame: 2 * cut - 1, label: "grasp" },
        ...(i % 4 === 0 ? [] : [{ startFrame: 2 * cut, endFrame: L - 1, label: "place" }]),
      ],
    },
    progress: { weighting: "EQUAL", canonicalSubtasks: ["reach", "grasp", "place"], typicalDurations: {} },
    chains:
      i % 10 === 0
        ? [{ predictionId: i, runName: "run", queryFrame: cut, sampledFrames: [], question: null, planning: "p", observation: "o", reasoning: "r", answer: "33", edited: false }]
        : [],
  };
}

const episodes = Array.from({ length: EPISODES }, (_, i) => episode(i));
const config = ZExportConfigSchema.parse({ formats: EXPORT_FORMATS.filter((f) => formatModule(f).file !== "dataset"), queries: { mode: "count", count: 8 }, maxFrames: 16, seed: 1 });
const t0 = performance.now();
const groups = planGroups(episodes, config);
const tPlan = performance.now();
let samples = 0;
let bytes = 0;
for (const g of groups) {
  const built = buildRecords(g.format, g.items as never, { videoMode: config.videoMode });
  const rows = built.map((b) => b.record as unknown as Record<string, unknown>);
  const shape = inferShape(rows);
  bytes += formatModule(g.format).file === "parquet" ? parquetBytes(rows, shape).byteLength : jsonLines(rows, shape).length;
  bytes += jsonLines(built.map((b) => b.provenance)).length;
  samples += built.length;
}
const t1 = performance.now();
console.log(`[bench:export] ${EPISODES.toLocaleString("en")} episodes, all ${config.formats.length} record formats: ${samples.toLocaleString("en")} records (${(bytes / 1e6).toFixed(0)} MB) in ${((t1 - t0) / 1000).toFixed(2)} s (plan ${((tPlan - t0) / 1000).toFixed(2)} s): ${Math.round(samples / ((t1 - t0) / 1000)).toLocaleString("en")} records/s without media`);
