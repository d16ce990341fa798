// Imports end to end against PostgreSQL: real fixtures, real ffprobe, one transaction per batch.
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createImportJob, runImportJob } from "@/lib/imports/run-import";
import * as fx from "@/tests/fixtures/build-fixtures";
import { freshDir, resetDb } from "./helpers";
import { transcodeVideoFile } from "@/lib/media/transcode";
import { probeVideo } from "@/lib/media/probe";
import { ffmpegInputFor } from "@/lib/media/storage";


async function importPath(p: string) {
  const job = await createImportJob({ actor: null, path: p });
  const r = await runImportJob(job.id);
  const row = await db.importJob.findUniqueOrThrow({ where: { id: job.id } });
  return { ...r, row };
}

const counts = async () => ({
  episodes: await db.episode.count(),
  videos: await db.episodeVideo.count(),
  files: await db.videoFile.count(),
  segments: await db.segment.count(),
});

describe("import", () => {
  beforeEach(resetDb);

  it("imports a LeRobot v3 dataset whose episodes share one mp4, and re-import adds nothing", async () => {
    const f = await fx.buildLeRobotV3Fixture(freshDir("v3"));
    const first = await importPath(f.root);
    expect(first.ok).toBe(true);
    const eps = await db.episode.findMany({ include: { videos: true }, orderBy: { sourceKey: "asc" } });
    expect(eps.length).toBe(f.episodes.length);
    // Episodes after the first start later inside the shared file.
    const starts = eps.flatMap((e) => e.videos.map((v) => v.startSec));
    expect(Math.max(...starts)).toBeGreaterThan(0);
    expect(new Set(eps.flatMap((e) => e.videos.map((v) => v.videoFileId))).size).toBeLessThan(eps.length * 2);
    const before = await counts();
    const again = await importPath(f.root);
    expect(again.ok).toBe(true);
    expect(again.summary?.episodesCreated).toBe(0);
    expect(await counts()).toEqual(before);
  });

  it("pre-fills AgiBot segments from action_config and records where they came from", async () => {
    const f = await fx.buildAgiBotFixture(freshDir("agibot"));
    const r = await importPath(f.root);
    expect(r.ok).toBe(true);
    const ann = await db.annotation.findMany({ include: { segments: true } });
    expect(ann.length).toBeGreaterThan(0);
    expect(ann.every((a) => a.origin === "AGIBOT_ACTION_CONFIG")).toBe(true);
    expect(ann.every((a) => a.segments.length > 0)).toBe(true);
  });

  it("rejects a malformed JSONL line with its line number and writes nothing", async () => {
    const f = await fx.buildMalformedManifestFixture(freshDir("bad-jsonl"));
    const r = await importPath(f.manifestPath);
    expect(r.ok).toBe(false);
    expect(r.row.status).toBe("FAILED");
    expect(r.problems!.some((p) => typeof p.line === "number" && p.line > 0)).toBe(true);
    expect(await counts()).toEqual({ episodes: 0, videos: 0, files: 0, segments: 0 });
  });

  it("names a missing video and writes nothing", async () => {
    const f = await fx.buildManifestMissingVideoFixture(freshDir("missing"));
    const r = await importPath(f.manifestPath);
    expect(r.ok).toBe(false);
    // The problem names the manifest line and the video it could not find.
    const text = r.problems!.map((p) => `${p.file}:${p.line ?? ""} ${p.reason}`).join("\n");
    expect(text).toContain(path.basename(f.missingVideo));
    expect(r.problems!.some((p) => p.file === "manifest.jsonl" && typeof p.line === "number")).toBe(true);
    expect(await db.episode.count()).toBe(0);
  });

  it("names a corrupt parquet file and writes nothing", async () => {
    const f = await fx.buildCorruptParquetLeRobotV3Fixture(freshDir("corrupt"));
    const r = await importPath(f.root);
    expect(r.ok).toBe(false);
    expect(r.problems!.some((p) => p.file.endsWith(path.basename(f.corruptFile)))).toBe(true);
    expect(await db.episode.count()).toBe(0);
  });

  it("refuses a video path that escapes the dataset root", async () => {
    const f = await fx.buildPathTraversalManifestFixture(freshDir("traversal"));
    const r = await importPath(f.manifestPath);
    expect(r.ok).toBe(false);
    expect(r.problems!.some((p) => /escapes/.test(p.reason))).toBe(true);
    expect(await db.episode.count()).toBe(0);
  });

  it("flags an mp4v video as not browser-playable and queues it for conversion", async () => {
    const f = await fx.buildMp4vManifestFixture(freshDir("mp4v"));
    const r = await importPath(f.manifestPath);
    expect(r.ok).toBe(true);
    const file = await db.videoFile.findFirstOrThrow({ where: { codec: "mpeg4" } });
    expect(file.browserPlayable).toBe(false);
    expect(file.transcodeStatus).toBe("PENDING");
    // The conversion job makes an H.264 copy with every frame kept.
    await transcodeVideoFile(file.id);
    const done = await db.videoFile.findUniqueOrThrow({ where: { id: file.id } });
    expect(done.transcodeStatus).toBe("DONE");
    expect(done.transcodeProgress).toBe(1);
    expect(done.playbackUri).toMatch(/^media:transcodes\//);
    const out = await probeVideo(await ffmpegInputFor(done.playbackUri!));
    expect(out.codec).toBe("h264");
    expect(out.browserPlayable).toBe(true);
    expect(out.frameCount).toBe(file.frameCount);
  });

  it("refuses a dataset path outside the import folders", async () => {
    await expect(createImportJob({ actor: null, path: "/etc" })).rejects.toThrow(/outside the import folders/);
  });
});
