// The LeRobot v3.0 export end to end against PostgreSQL: import a dataset, annotate through the
// annotation service (segments, outcomes, a failure with its reason), approve, release, publish,
// export with writeLerobotDataset + the server DatasetIo, then re-import the exported folder with
// the app's own importer and compare. The exported parquet files are read with pyarrow, pandas and
// Hugging Face `datasets` the way lerobot does (tests/python/check_lerobot.py). Three sources:
// a LeRobot v3 dataset (its frames and hard-linked videos reused), AgiBot (whole files: the
// per-camera mp4 is a stream copy) and a manifest whose episodes share one mp4 (cut and re-encoded),
// whose videos are checked frame by frame with the fixtures' frame codes.
import { execFile, spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/auth/session";
import type { Outcome } from "@/lib/annotation/types";
import { createImportJob, runImportJob } from "@/lib/imports/run-import";
import { claimEpisode } from "@/lib/annotations/claim-episode";
import { saveAnnotation } from "@/lib/annotations/save-annotation";
import { transitionAnnotation } from "@/lib/annotations/transition-annotation";
import { createRelease, getRelease, releaseSnapshot, transitionRelease } from "@/lib/releases/releases";
import { writeLerobotDataset } from "@/lib/export/lerobot/write-dataset";
import { datasetIo } from "@/lib/export/lerobot/dataset-io";
import { readRows } from "@/lib/export/lerobot/parquet";
import * as fx from "@/tests/fixtures/build-fixtures";
import { seedUsers } from "@/prisma/seed/users";
import { freshDir, resetDb } from "./helpers";

const run = promisify(execFile);
const PYTHON = process.env.CRITIC_PYTHON ?? path.resolve(".data/pyenv/bin/python");

async function users(): Promise<Record<"ANNOTATOR" | "RESEARCHER" | "LEAD", SessionUser>> {
  const ids = await seedUsers();
  const of = async (role: "ANNOTATOR" | "RESEARCHER" | "LEAD") => {
    const u = await db.user.findUniqueOrThrow({ where: { id: ids.get(role)! } });
    return { id: u.id, email: u.email, name: u.name, role: u.role } as SessionUser;
  };
  return { ANNOTATOR: await of("ANNOTATOR"), RESEARCHER: await of("RESEARCHER"), LEAD: await of("LEAD") };
}

async function importPath(p: string, environment?: string) {
  const job = await createImportJob({ actor: null, path: p, environment });
  const r = await runImportJob(job.id);
  if (!r.ok) throw new Error(`import of ${p} failed: ${JSON.stringify(r.problems?.slice(0, 5))}`);
  return db.source.findFirstOrThrow({ where: { uri: (await db.importJob.findUniqueOrThrow({ where: { id: job.id } })).sourceUri } });
}

type Plan = { segments: [number, number, string][]; outcome: Outcome; failureReason?: string };

/** Claims, edits, submits (annotator) and approves (lead) one episode through the annotation service. */
async function annotate(u: Awaited<ReturnType<typeof users>>, episodeId: number, plan: Plan) {
  const { annotationId } = await claimEpisode({ user: u.ANNOTATOR, episodeId });
  const a = await db.annotation.findUniqueOrThrow({ where: { id: annotationId } });
  await saveAnnotation({
    user: u.ANNOTATOR,
    id: annotationId,
    baseVersion: a.version,
    snapshot: {
      segments: plan.segments.map(([startFrame, endFrame, label], i) => ({ key: `k${episodeId}-${i}`, startFrame, endFrame, label })),
      outcome: plan.outcome,
      failureReason: plan.failureReason ?? null,
      note: "",
      qualityFlags: [],
    },
  });
  await transitionAnnotation({ user: u.ANNOTATOR, id: annotationId, action: "submit" });
  await transitionAnnotation({ user: u.LEAD, id: annotationId, action: "approve" });
}

/** A release of every approved episode, all in train, taken to PUBLISHED. */
async function publishAll(u: Awaited<ReturnType<typeof users>>, name: string): Promise<number> {
  const r = await createRelease({
    user: u.RESEARCHER,
    input: { name, notes: "", definition: { environmentIds: [], taskIds: [], episodeIds: [], onlyWithAcceptedChains: false }, splits: { heldOutEnvironmentIds: [], testTaskIds: [], idTestPercent: 0, seed: 1 } },
  });
  await transitionRelease({ user: u.RESEARCHER, id: r.id, action: "submit" });
  const frozen = await getRelease(r.id);
  await transitionRelease({ user: u.LEAD, id: r.id, action: "approve", contentHash: frozen.contentHash! });
  await transitionRelease({ user: u.LEAD, id: r.id, action: "publish", contentHash: frozen.contentHash! });
  return r.id;
}

/** Episodes of a source with their approved (or imported) annotation, by source key. */
async function episodesOf(sourceId: number) {
  const eps = await db.episode.findMany({
    where: { sourceId },
    include: {
      task: true,
      videos: { orderBy: { camera: "asc" } },
      annotations: { include: { segments: { orderBy: { startFrame: "asc" } }, versions: { orderBy: { version: "desc" }, take: 1 } }, orderBy: { id: "desc" } },
    },
  });
  return eps.sort((a, b) => Number(a.sourceKey) - Number(b.sourceKey) || (a.sourceKey < b.sourceKey ? -1 : 1));
}

const segs = (a: { segments: { startFrame: number; endFrame: number; label: string }[] } | undefined) => (a?.segments ?? []).map((s) => [s.startFrame, s.endFrame, s.label]);

/** pyarrow / pandas / datasets checks of the exported folder (tests/python/check_lerobot.py). */
function pythonCheck(dir: string) {
  const r = spawnSync(PYTHON, ["tests/python/check_lerobot.py", dir], { encoding: "utf8", timeout: 300_000 });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

/** The frame code of every frame of an mp4 (the fixtures' layout: 16 blocks of 10 px in the top half). */
async function frameCodes(file: string, width: number, height: number): Promise<number[]> {
  const { stdout } = await run("ffmpeg", ["-v", "error", "-i", file, "-f", "rawvideo", "-pix_fmt", "gray", "-"], { encoding: "buffer", maxBuffer: 1 << 28 });
  const size = width * height;
  const codes: number[] = [];
  for (let o = 0; o + size <= stdout.length; o += size) {
    let code = 0;
    for (let b = 0; b < 16; b++) {
      const x = b * 10 + 5;
      const y = Math.floor(height / 6);
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += stdout[o + (y + dy) * width + x + dx]!;
      if (sum / 9 >= 128) code += 2 ** b;
    }
    codes.push(code);
  }
  return codes;
}

async function packetTimes(file: string): Promise<number[]> {
  const { stdout } = await run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time", "-of", "csv=p=0", file]);
  return stdout.split("\n").filter((l) => l.trim()).map((l) => Number(l.replace(/,$/, ""))).sort((a, b) => a - b);
}

/** The DatasetIo of a staging folder, recording how each camera's mp4 was made (copy / re-encode). */
function recordingIo(staging: string) {
  const io = datasetIo(staging);
  const modes: string[] = [];
  const concat = io.concatVideos.bind(io);
  io.concatVideos = async (parts, rel) => {
    const r = await concat(parts, rel);
    modes.push(r.mode);
    return r;
  };
  return { io, modes };
}

describe("LeRobot v3.0 export", () => {
  beforeEach(resetDb);

  it("round-trips a LeRobot v3 release: segments, outcomes, failure reasons, tasks and frames; videos hard-linked", async () => {
    const u = await users();
    const f = await fx.buildLeRobotV3Fixture(freshDir("lerobot-src"));
    const source = await importPath(f.root);
    const original = await episodesOf(source.id);
    expect(original.map((e) => e.sourceKey)).toEqual(["0", "1", "2", "3"]);
    const plans: Record<string, Plan> = {
      "0": { segments: [[0, 14, "reach"], [15, 29, "grasp"], [30, 44, "place"]], outcome: "SUCCESS" },
      "1": { segments: [[0, 19, "reach"], [20, 39, "grasp"]], outcome: "FAILURE", failureReason: "Grasp failed" },
      "2": { segments: [[0, 10, "reach"], [11, 23, "grasp"], [24, 35, "place"]], outcome: "SUCCESS" },
      // A gap between subtasks (frames 21-29) and after the last one: subtask_index -1 there.
      "3": { segments: [[5, 20, "reach"], [30, 50, "place"]], outcome: "UNSURE" },
    };
    for (const e of original) await annotate(u, e.id, plans[e.sourceKey]!);
    const releaseId = await publishAll(u, "LeRobot round trip");
    const snapshot = await releaseSnapshot(releaseId);
    expect(snapshot).toHaveLength(4);
    expect(snapshot.every((e) => e.source?.kind === "LEROBOT_V3")).toBe(true);

    const staging = freshDir("lerobot-export");
    const written = await writeLerobotDataset(snapshot, datasetIo(staging));
    expect(written.count).toBe(4);
    expect(written.frames).toBe(195);
    expect(written.warnings).toEqual([]);
    const out = path.join(staging, "lerobot");

    // Source videos are hard links (same inode), under the same chunk/file paths.
    for (const rel of f.files.videos) expect(statSync(path.join(out, rel)).ino).toBe(statSync(path.join(f.root, rel)).ino);
    expect(written.files.map((x) => x.path)).toEqual(expect.arrayContaining([...f.files.videos.map((v) => `lerobot/${v}`), "lerobot/meta/info.json", "lerobot/sarm_progress.parquet"]));

    // The source's frame columns came along with their values.
    const srcData = await readRows(readFileSync(path.join(f.root, f.files.data[0]!)));
    const outData = await readRows(readFileSync(path.join(out, "data/chunk-000/file-000.parquet")));
    expect(outData.parsed.columns).toEqual([...srcData.parsed.columns, "subtask_index"]);
    expect(outData.rows.slice(0, 45).map((r) => r["observation.state"])).toEqual(srcData.rows.slice(0, 45).map((r) => r["observation.state"]));
    const ep3 = outData.rows.filter((r) => Number(r.episode_index) === 3).map((r) => Number(r.subtask_index));
    expect(ep3.slice(0, 5)).toEqual([-1, -1, -1, -1, -1]);
    expect(ep3.slice(21, 30)).toEqual(Array(9).fill(-1));
    expect(ep3[30]).toBe(ep3[50]);
    expect(ep3.slice(51)).toEqual([-1, -1, -1]);

    // Re-import with the app's importer (own environment so task keys cannot collide).
    const again = await importPath(out, "LeRobot re-import");
    const back = await episodesOf(again.id);
    expect(back.map((e) => e.sourceKey)).toEqual(["0", "1", "2", "3"]);
    for (const [i, e] of (await episodesOf(source.id)).entries()) {
      const b = back[i]!;
      const approved = e.annotations.find((a) => a.status === "APPROVED");
      const imported = b.annotations[0];
      expect(b.lengthFrames).toBe(e.lengthFrames);
      expect(b.fps).toBe(e.fps);
      expect(b.task.instruction).toBe(e.task.instruction);
      expect(b.outcome).toBe(plans[e.sourceKey]!.outcome);
      expect(imported?.outcome).toBe(plans[e.sourceKey]!.outcome);
      expect(segs(imported)).toEqual(segs(approved));
      expect(segs(imported)).toEqual(plans[e.sourceKey]!.segments);
      const snap = imported?.versions[0]?.snapshot as { failureReason: string | null } | undefined;
      expect(snap?.failureReason ?? null).toBe(plans[e.sourceKey]!.failureReason ?? null);
      expect(b.videos.map((v) => [v.camera, v.startSec, v.startFrame, v.frameCount])).toEqual(e.videos.map((v) => [v.camera, v.startSec, v.startFrame, v.frameCount]));
      expect((b.metadata as { episode_index: number }).episode_index).toBe(i);
    }
    const tasks = await db.task.findMany({ where: { environment: { name: "LeRobot re-import" } }, orderBy: { key: "asc" } });
    expect(tasks.map((t) => [t.key, t.instruction])).toEqual(fx.LEROBOT_V3_TASKS.map((t, i) => [String(i), t]));

    const py = pythonCheck(out);
    expect(py).toMatch(/lerobot check ok/);
  });

  it("writes a new dataset for AgiBot episodes: one stream-copied mp4 per camera, frame-exact", async () => {
    const u = await users();
    const f = await fx.buildAgiBotFixture(freshDir("agibot-src"));
    const source = await importPath(f.root);
    await db.annotation.updateMany({ where: { annotatorId: null }, data: { status: "APPROVED", outcome: "SUCCESS" } });
    const releaseId = await publishAll(u, "AgiBot");
    const snapshot = await releaseSnapshot(releaseId);
    expect(snapshot).toHaveLength(3);

    const staging = freshDir("agibot-export");
    const { io, modes } = recordingIo(staging);
    const written = await writeLerobotDataset(snapshot, io);
    expect(modes).toEqual(["copy", "copy"]);
    expect(written.frames).toBe(60 + 76 + 60);
    const out = path.join(staging, "lerobot");
    const info = JSON.parse(readFileSync(path.join(out, "meta/info.json"), "utf8"));
    expect(Object.keys(info.features).filter((k) => info.features[k].dtype === "video").sort()).toEqual(["observation.images.hand_left_color", "observation.images.head_color"]);
    expect(info.features["observation.images.head_color"].info["video.codec"]).toBe("h264");

    // Episodes in key order, each restarting the file's frame code at 0 (whole files joined).
    const eps = await readRows(readFileSync(path.join(out, "meta/episodes/chunk-000/file-000.parquet")));
    const lengths = eps.rows.map((r) => Number(r.length));
    const expected = lengths.flatMap((len) => Array.from({ length: len }, (_, k) => k));
    for (const key of ["observation.images.head_color", "observation.images.hand_left_color"]) {
      const mp4 = path.join(out, `videos/${key}/chunk-000/file-000.mp4`);
      expect(await frameCodes(mp4, 160, 120)).toEqual(expected);
      const pts = await packetTimes(mp4);
      expect(pts).toHaveLength(expected.length);
      pts.forEach((t, j) => expect(Math.abs(t - j / 30)).toBeLessThan(1e-4));
      let offset = 0;
      for (const r of eps.rows) {
        expect(r[`videos/${key}/from_timestamp`]).toBeCloseTo(offset / 30, 9);
        offset += Number(r.length);
        expect(r[`videos/${key}/to_timestamp`]).toBeCloseTo(offset / 30, 9);
      }
    }

    // Re-import: the AgiBot segments come back as they were approved.
    const original = await episodesOf(source.id);
    const again = await importPath(out, "AgiBot re-import");
    const back = await db.episode.findMany({ where: { sourceId: again.id }, include: { annotations: { include: { segments: { orderBy: { startFrame: "asc" } } } }, task: true } });
    const byKey = new Map(back.map((b) => [Number(b.sourceKey), b]));
    const sorted = [...original].sort((a, b) => (a.sourceKey < b.sourceKey ? -1 : 1));
    sorted.forEach((e, i) => {
      const b = byKey.get(i)!;
      expect(b.lengthFrames).toBe(e.lengthFrames);
      expect(b.task.instruction).toBe(e.task.instruction);
      expect(segs(b.annotations[0])).toEqual(segs(e.annotations[0]));
    });
    expect(pythonCheck(out)).toMatch(/lerobot check ok/);
  });

  it("cuts and re-encodes manifest episodes that share one mp4, frame-exact, keeping outcomes and failure reasons", async () => {
    const u = await users();
    const f = await fx.buildManifestFixture(freshDir("manifest-src"));
    const source = await importPath(f.manifestPath);
    await db.annotation.updateMany({ where: { annotatorId: null }, data: { status: "APPROVED", outcome: "SUCCESS" } });
    const eps = await episodesOf(source.id);
    const byKey = new Map(eps.map((e) => [e.sourceKey, e]));
    await annotate(u, byKey.get("kitchen-002")!.id, { segments: [[0, 29, "grasp mug"], [30, 44, "place mug in sink"]], outcome: "FAILURE", failureReason: "Object dropped" });
    await annotate(u, byKey.get("kitchen-003")!.id, { segments: [[0, 44, "wipe"]], outcome: "SUCCESS" });
    const releaseId = await publishAll(u, "Kitchen");
    const snapshot = await releaseSnapshot(releaseId);
    expect(snapshot.map((e) => e.key).sort()).toEqual(["kitchen-001", "kitchen-002", "kitchen-003"]);

    const staging = freshDir("manifest-export");
    const { io, modes } = recordingIo(staging);
    const written = await writeLerobotDataset(snapshot, io);
    expect(modes).toEqual(["re-encode"]);
    // kitchen-001's wrist camera is not in every episode.
    expect(written.warnings.join("\n")).toMatch(/observation\.images\.wrist/);
    const out = path.join(staging, "lerobot");
    const mp4 = path.join(out, "videos/observation.images.front/chunk-000/file-000.mp4");
    // kitchen-001 (its own file, frames 0-59), kitchen-002 (shared file 0-44), kitchen-003 (shared file 45-89).
    const expected = [...Array.from({ length: 60 }, (_, k) => k), ...Array.from({ length: 45 }, (_, k) => k), ...Array.from({ length: 45 }, (_, k) => 45 + k)];
    expect(await frameCodes(mp4, 160, 120)).toEqual(expected);
    const pts = await packetTimes(mp4);
    expect(pts).toHaveLength(150);
    pts.forEach((t, j) => expect(Math.abs(t - j / 30)).toBeLessThan(1e-4));

    const rows = (await readRows(readFileSync(path.join(out, "meta/episodes/chunk-000/file-000.parquet")))).rows;
    expect(rows.map((r) => [r.source_key, r.outcome, r.failure_reason ?? null])).toEqual([
      ["kitchen-001", "SUCCESS", null],
      ["kitchen-002", "FAILURE", "Object dropped"],
      ["kitchen-003", "SUCCESS", null],
    ]);
    const again = await importPath(out, "Kitchen re-import");
    const back = await episodesOf(again.id);
    expect(back.map((b) => [b.sourceKey, b.lengthFrames, b.outcome, b.task.instruction])).toEqual([
      ["0", 60, "SUCCESS", "Put the mug in the sink."],
      ["1", 45, "FAILURE", "Put the mug in the sink."],
      ["2", 45, "SUCCESS", "Wipe the counter."],
    ]);
    expect(segs(back[1]!.annotations[0])).toEqual([
      [0, 29, "grasp mug"],
      [30, 44, "place mug in sink"],
    ]);
    expect((back[1]!.annotations[0]!.versions[0]!.snapshot as { failureReason: string }).failureReason).toBe("Object dropped");
    expect(pythonCheck(out)).toMatch(/lerobot check ok/);
  });
});
