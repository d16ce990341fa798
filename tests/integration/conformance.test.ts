// Reader conformance tier: releases of the episodes that break trainers' readers (a query at
// frame 0, a one-query export, a 3-frame episode, a 20-minute episode, a release with no accepted
// chains) are exported in every record format, and every record of every shard, read back from
// disk, is put through its trainer's reader rules (ported and cited in lib/export/formats/) against
// the media files as written. The export job applies the same rules itself; here they are applied
// again to what a trainer would actually open.
import { readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { parquetReadObjects } from "hyparquet";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { SessionUser } from "@/lib/auth/session";
import { createRelease, getRelease, transitionRelease } from "@/lib/releases/releases";
import { getExport, previewExport, startExport } from "@/lib/export/export-service";
import { runExportInProcess } from "@/lib/export/export-job";
import { EXPORT_FORMATS, type ExportFormat } from "@/lib/export/formats/ids";
import { formatModule } from "@/lib/export/formats";
import { conformAll, loadMedia, mediaPathsOf, ReaderRefusal } from "@/lib/export/conformance";
import { extractClip } from "@/lib/export/extract-media";
import type { TExportConfigInput } from "@/lib/export/config";
import { withoutMediaRoot, type BuiltRecord } from "@/lib/export/records";
import { buildConformanceFixture } from "@/tests/fixtures/build-fixtures";
import { seededUsers } from "@/tests/fixtures/frame-lab-release";
import { resetDb } from "./helpers";

const RECORD_FORMATS = EXPORT_FORMATS.filter((f) => formatModule(f).file !== "dataset");
const CHAIN_FORMATS = RECORD_FORMATS.filter((f) => formatModule(f).items === "chains");

let lead: SessionUser;
let researcher: SessionUser;
let withChains: number;
let noChains: number;

async function publish(name: string): Promise<number> {
  const task = await db.task.findFirstOrThrow({ where: { key: "lift" } });
  const r = await createRelease({
    user: researcher,
    input: { name, notes: "", definition: { environmentIds: [], taskIds: [], episodeIds: [], onlyWithAcceptedChains: false }, splits: { heldOutEnvironmentIds: [], testTaskIds: [task.id], idTestPercent: 0, seed: 1 } },
  });
  await transitionRelease({ user: researcher, id: r.id, action: "submit" });
  const frozen = await getRelease(r.id);
  await transitionRelease({ user: lead, id: r.id, action: "approve", contentHash: frozen.contentHash! });
  await transitionRelease({ user: lead, id: r.id, action: "publish", contentHash: frozen.contentHash! });
  return r.id;
}

async function exportDir(releaseId: number, config: TExportConfigInput): Promise<string> {
  const e = await startExport({ user: lead, releaseId, config, enqueueJobs: false });
  await runExportInProcess([{ exportId: e.id, step: "plan" }]);
  const done = await getExport(e.id);
  expect(done.status, done.error ?? "").toBe("SUCCEEDED");
  return done.outputUri!.slice("local:".length);
}

const toNumbers = (v: unknown): unknown =>
  typeof v === "bigint" ? Number(v) : Array.isArray(v) ? v.map(toNumbers) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toNumbers(x)])) : v;

/** Every record of a format as a trainer reads it from the shard files. */
async function recordsOnDisk(dir: string, format: ExportFormat): Promise<BuiltRecord<unknown>[]> {
  const out: BuiltRecord<unknown>[] = [];
  const root = path.join(dir, format);
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    let rows: unknown[];
    if (file.endsWith(".json")) rows = JSON.parse(readFileSync(file, "utf8"));
    else if (file.endsWith(".jsonl")) rows = readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    else if (file.endsWith(".parquet")) {
      const buf = readFileSync(file);
      rows = (await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer })).map(toNumbers);
    } else continue;
    rows.forEach((record, i) => out.push({ id: `${path.relative(dir, file)}#${i}`, record, provenance: undefined as never }));
  }
  return out;
}

async function conformOnDisk(dir: string, format: ExportFormat, config: TExportConfigInput) {
  const records = await recordsOnDisk(dir, format);
  const paths = new Set<string>();
  for (const r of records) mediaPathsOf(withoutMediaRoot(r.record, config.mediaRoot), paths);
  const media = await loadMedia(dir, paths);
  return { records, summary: conformAll(format, records, media, { videoMode: config.videoMode ?? "clip", easyr1Media: config.easyr1Media, mediaRoot: config.mediaRoot }) };
}

beforeAll(async () => {
  await resetDb();
  ({ lead, researcher } = await seededUsers());
  rmSync(path.join(env.dataDir, "exports"), { recursive: true, force: true });
  const dir = path.join(env.importRoots[0]!, `conformance-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  const f = await buildConformanceFixture(dir);
  const { createImportJob, runImportJob } = await import("@/lib/imports/run-import");
  const job = await createImportJob({ actor: null, path: f.manifestPath });
  const r = await runImportJob(job.id);
  expect(r.ok, JSON.stringify(r.problems?.slice(0, 3))).toBe(true);
  await db.annotation.updateMany({ data: { status: "APPROVED", outcome: "SUCCESS" } });
  // Frozen before any chain is accepted: a release with no accepted chains.
  noChains = await publish("No chains");
  const ep = await db.episode.findFirstOrThrow({ where: { sourceKey: "plain-90" } });
  const run = await db.predictionRun.create({ data: { name: "primo", modelName: "PRIMO-R1" } });
  for (const [queryFrame, sampledFrames] of [[0, [0]], [45, [0, 15, 30, 45]], [89, [0, 30, 60, 89]]] as const) {
    const p = await db.prediction.create({
      data: { runId: run.id, episodeId: ep.id, queryFrame, sampledFrames: [...sampledFrames], rawOutput: "x", formatOk: true, planning: "Reach, then place.", observation: "The gripper moves.", reasoning: "By the subtasks.", answerText: "50", progress: 50, value: 50, gtProgress: 50 },
    });
    await db.chainReview.create({ data: { predictionId: p.id, verdict: "ACCEPTED", planning: "Reach, then place.", observation: "The gripper moves.", reasoning: "By the subtasks.", answerText: String(Math.round((queryFrame / 89) * 100)) } });
  }
  withChains = await publish("With chains");
}, 600_000);

describe("reader conformance", () => {
  for (const [name, config] of [
    ["8 queries per episode (frame-0 queries, a 3-frame and a 20-minute episode), real clip timing", { queries: { mode: "count", count: 8 }, maxFrames: 16 }],
    ["one query per episode, fixed 2 fps clips, EasyR1 as a video-only prompt, media under an absolute root", { queries: { mode: "count", count: 1 }, maxFrames: 16, clipTiming: { mode: "fixed", fps: 2 }, easyr1Media: "video", mediaRoot: "/data/exports/reader-lab" }],
  ] as const) {
    it(`every record of every format is read whole by its trainer: ${name}`, async () => {
      const cfg: TExportConfigInput = { formats: [...RECORD_FORMATS], seed: 2, shardSize: 5, ...config } as TExportConfigInput;
      const dir = await exportDir(withChains, cfg);
      const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
      for (const format of RECORD_FORMATS) {
        const { records, summary } = await conformOnDisk(dir, format, cfg);
        expect(records.length, format).toBe(Object.values(manifest.counts[format] as Record<string, number>).reduce((a, b) => a + b, 0));
        expect(records.length, format).toBeGreaterThan(0);
        expect(summary.refused, format).toBe(0);
        expect(manifest.readers[format].refused, format).toBe(0);
      }
      // EasyR1 rows carry images or videos, never both (its _build_messages reads only one).
      for (const { record } of await recordsOnDisk(dir, "easyr1")) expect("images" in (record as object) !== "videos" in (record as object)).toBe(true);
      expect(manifest.media_rules.query_frame_zero).toMatch(/frame 0 twice/);
      // Where a loader opens media paths as they are, the manifest says what to do, unless the paths are absolute.
      const root = (cfg as { mediaRoot?: string }).mediaRoot;
      const [first] = await recordsOnDisk(dir, "primo-rl");
      expect((first.record as { path: string }).path.startsWith(root ? `${root}/media/` : "media/")).toBe(true);
      for (const f of ["primo-rl", "verl"] as const) {
        if (root) expect(manifest.warnings[f], f).toEqual([]);
        else expect(manifest.warnings[f].join(" "), f).toMatch(/media root \(mediaRoot\)/);
      }
    }, 600_000);
  }

  it("a 1-frame clip, as exports made before, is refused by every qwen-vl-utils reader; a record with both images and videos by EasyR1", async () => {
    const cfg: TExportConfigInput = { formats: ["primo-rl", "verl", "benchmark", "easyr1"], queries: { mode: "count", count: 8 }, maxFrames: 16, seed: 2, easyr1Media: "video" };
    const dir = await exportDir(withChains, cfg);
    // Replace the frame-0 clip of the 3-frame episode by the 1-frame clip the old rule wrote.
    const prov = readFileSync(path.join(dir, "provenance/primo-rl/train/primo-rl-train-00000-of-00001.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const zero = prov.find((p) => p.episode_key === "short-3" && p.query_frame === 0);
    expect(zero.video_frames).toEqual([0, 0]);
    const [rec] = (await recordsOnDisk(dir, "primo-rl")).filter((r) => (r.record as { problem_id: string }).problem_id === zero.id);
    const clip = (rec.record as { path: string }).path;
    const v = await db.episodeVideo.findFirstOrThrow({ where: { episode: { sourceKey: "short-3" } }, include: { videoFile: true } });
    await extractClip({ input: v.videoFile.uri.replace(/^file:/, ""), startFrame: 0, fpsNum: 30, fpsDen: 1, frames: [0], outPath: path.join(dir, clip) });
    for (const format of ["primo-rl", "verl", "benchmark", "easyr1"] as const) {
      const records = await recordsOnDisk(dir, format);
      const paths = new Set<string>();
      for (const r of records) mediaPathsOf(r.record, paths);
      const media = await loadMedia(dir, paths);
      const old = records.filter((r) => JSON.stringify(r.record).includes(clip));
      if (format !== "benchmark") expect(old.length, format).toBe(1);
      if (old.length) expect(() => conformAll(format, old, media, { videoMode: "clip", easyr1Media: "video" }), format).toThrow(/nframes should in interval \[2, 1\]/);
    }
    // EasyR1 as exports made before wrote it: images AND videos.
    const media = await loadMedia(dir, [clip, "media/x.jpg"]);
    expect(() => conformAll("easyr1", [{ id: "old", record: { prompt: "<image><video><image>Q", answer: "0", images: ["media/x.jpg", "media/x.jpg"], videos: [clip] }, provenance: undefined as never }], media, { videoMode: "clip" })).toThrow(ReaderRefusal);
  }, 600_000);

  it("a release with no accepted chains: the preview says why the SFT formats are empty, and an export naming them is refused before it starts", async () => {
    const preview = await previewExport({ releaseId: noChains, config: {} });
    for (const f of CHAIN_FORMATS) {
      const p = preview.formats.find((x) => x.format === f)!;
      expect(p.total, f).toBe(0);
      expect(p.emptyReason, f).toMatch(/SFT formats use accepted chains: 0/);
    }
    expect(preview.formats.find((x) => x.format === "primo-rl")!.total).toBeGreaterThan(0);
    await expect(startExport({ user: lead, releaseId: noChains, config: { formats: ["primo-rl", "llamafactory"] }, enqueueJobs: false })).rejects.toMatchObject({
      kind: "validation",
      invalidParams: [expect.objectContaining({ name: "config.formats", reason: expect.stringMatching(/LLaMA-Factory SFT would hold no records: SFT formats use accepted chains: 0/) })],
    });
    const dir = await exportDir(noChains, { formats: RECORD_FORMATS.filter((f) => !CHAIN_FORMATS.includes(f)), queries: { mode: "count", count: 2 } });
    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
    for (const f of Object.keys(manifest.counts)) expect(Object.values(manifest.counts[f]).length, f).toBeGreaterThan(0);
  }, 600_000);
});
