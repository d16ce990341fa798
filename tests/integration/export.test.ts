// Releases and exports end to end: a release of frame-coded episodes goes through review and
// publication, is exported in every format, and the shards are loaded with Hugging Face
// `datasets` (Python from the local package index, tests/python/check_export.py), which decodes
// every image and clip and checks it shows the frame its record names. Also: two exports with
// the same seed give identical manifests, and an export whose worker process is killed
// mid-way resumes to the same checksums.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createRelease, getRelease, previewRelease, releaseDiff, releaseSnapshot, transitionRelease, updateRelease } from "@/lib/releases/releases";
import { cancelExport, getExport, resumeExport, startExport } from "@/lib/export/export-service";
import { runExportInProcess, runExportStep, UNIT_ATTEMPTS, UnitRetry } from "@/lib/export/export-job";
import { EXPORT_FORMATS as ALL_FORMATS } from "@/lib/export/formats/ids";
import { formatModule } from "@/lib/export/formats";

/** The shard formats (the LeRobot dataset has its own tests: lerobot-export.test.ts). */
const EXPORT_FORMATS = ALL_FORMATS.filter((f) => formatModule(f).file !== "dataset");
import type { TExportConfigInput } from "@/lib/export/config";
import type { SessionUser } from "@/lib/auth/session";
import { POST as transitionRoute } from "@/app/api/releases/[id]/transitions/route";
import { importFrameLab, publishFrameLab, seededUsers } from "@/tests/fixtures/frame-lab-release";
import { call, resetDb, signedInCookies } from "./helpers";
import { REWARD_PY, REWARD_PY_PATH } from "@/lib/primo/reward-py";
import { primoAccuracyReward, primoFormatReward } from "@/lib/primo/rewards";

const PYTHON = process.env.CRITIC_PYTHON ?? path.resolve(".data/pyenv/bin/python");

let lead: SessionUser;
let researcher: SessionUser;
let releaseId: number;
const starts: Record<string, number> = {};

const drive = (steps: Parameters<typeof runExportInProcess>[0]) => runExportInProcess(steps);

async function exportOnce(config: TExportConfigInput) {
  const e = await startExport({ user: lead, releaseId, config, enqueueJobs: false });
  await drive([{ exportId: e.id, step: "plan" }]);
  const done = await getExport(e.id);
  expect(done.status, done.error ?? "").toBe("SUCCEEDED");
  const dir = done.outputUri!.slice("local:".length);
  return { id: e.id, dir, manifest: readFileSync(path.join(dir, "manifest.json"), "utf8") };
}

function checkWithDatasets(dir: string) {
  const r = spawnSync(PYTHON, ["tests/python/check_export.py", dir, JSON.stringify(starts)], { encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) throw new Error(`datasets check failed: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, { rows: number; checked: number }>;
}

beforeAll(async () => {
  expect(existsSync(PYTHON), `Python with datasets is expected at ${PYTHON} (scripts/test.ts sets it up)`).toBe(true);
  await resetDb();
  await signedInCookies();
  ({ lead, researcher } = await seededUsers());
  rmSync(path.join(env.dataDir, "exports"), { recursive: true, force: true });
  await importFrameLab(`export-${process.pid}`);
  for (const ev of await db.episodeVideo.findMany({ include: { episode: { select: { sourceKey: true } } } })) starts[ev.episode.sourceKey] = ev.startFrame;
  // One accepted chain on the shared-file episode, so the chain-of-thought formats have data.
  const ep = await db.episode.findFirstOrThrow({ where: { sourceKey: "fps-29.97-range" } });
  const run = await db.predictionRun.create({ data: { name: "primo", modelName: "PRIMO-R1" } });
  const p = await db.prediction.create({
    data: {
      runId: run.id, episodeId: ep.id, queryFrame: 40, sampledFrames: [0, 10, 20, 30, 40], rawOutput: "x", formatOk: true,
      planning: "Reach, then place.", observation: "The gripper holds the cube.", reasoning: "Two thirds done.", answerText: "67", progress: 67, value: 67, gtProgress: 67,
    },
  });
  await db.chainReview.create({ data: { predictionId: p.id, verdict: "ACCEPTED", planning: "Reach, then place.", observation: "The gripper holds the cube over the bowl.", reasoning: "Two thirds done.", answerText: "67" } });

  releaseId = await publishFrameLab({ researcher, lead, notes: "First cut." });
}, 300_000);

describe("releases", () => {
  it("freeze their content: later edits and direct writes never change a published release", async () => {
    const before = await releaseSnapshot(releaseId);
    expect(before.length).toBe(8);
    expect(before.find((e) => e.key === "fps-60")).toMatchObject({ split: "test", splitTag: "OOD_CROSS_TASK" });
    const seg = await db.segment.findFirstOrThrow({ where: { annotation: { episode: { sourceKey: "fps-25" } } }, orderBy: { startFrame: "asc" } });
    await db.segment.update({ where: { id: seg.id }, data: { label: "changed after publishing" } });
    expect(await releaseSnapshot(releaseId)).toEqual(before);
    // The database itself refuses to touch a published release.
    await expect(db.releaseEpisode.deleteMany({ where: { releaseId } })).rejects.toThrow(/published/);
    await expect(db.release.update({ where: { id: releaseId }, data: { notes: "rewritten" } })).rejects.toThrow(/published/);
    // The next version shows the edit in its diff.
    const v2 = await createRelease({ user: researcher, input: { name: "Frame lab", notes: "", definition: { environmentIds: [], taskIds: [], episodeIds: [], onlyWithAcceptedChains: false }, splits: (await getRelease(releaseId)).splits } });
    expect(v2.version).toBe(2);
    const { diff, previous } = await releaseDiff(v2.id);
    expect(previous?.id).toBe(releaseId);
    expect(diff.changed.map((c) => [c.key, c.kinds])).toEqual([["fps-25", ["labels"]]]);
    expect(diff.changed[0]!.changes[0]).toContain('label "first third" → "changed after publishing"');
  });

  it("refuse a notes save over someone else's, and a return to draft while an export of the frozen content runs", async () => {
    const r = await createRelease({ user: researcher, input: { name: "Concurrency", notes: "first", definition: { environmentIds: [], taskIds: [], episodeIds: [], onlyWithAcceptedChains: false }, splits: (await getRelease(releaseId)).splits } });
    const opened = (await getRelease(r.id)).updatedAt.toISOString();
    // The save returns what was saved (read after the commit).
    expect((await updateRelease({ user: researcher, id: r.id, changes: { notes: "second", baseUpdatedAt: opened } })).notes).toBe("second");
    // Someone who opened the release before that save is refused, and nothing is overwritten.
    await expect(updateRelease({ user: lead, id: r.id, changes: { notes: "stale", baseUpdatedAt: opened } })).rejects.toMatchObject({ kind: "conflict" });
    expect((await getRelease(r.id)).notes).toBe("second");
    // The history names what changed, not every field sent.
    const update = (await getRelease(r.id)).history.find((h) => h.action === "release.update");
    expect(update?.fields).toEqual(["notes"]);
    // A definition that leaves nothing to train on is flagged before it is saved.
    const envs = (await db.environment.findMany({ select: { id: true } })).map((e) => e.id);
    const preview = await previewRelease({ definition: { environmentIds: [], taskIds: [], episodeIds: [], onlyWithAcceptedChains: false }, splits: { heldOutEnvironmentIds: envs, testTaskIds: [], idTestPercent: 10, seed: 0 } });
    expect(preview.total.TRAIN).toBe(0);
    expect(preview.warnings).toContain("No episode is left for training: every episode is in a test split.");
    // Frame lab has one episode per task: each one held out as in-domain test leaves its task with no training episode.
    const own = await getRelease(r.id);
    expect(own.total.ID).toBeGreaterThan(0);
    expect(own.warnings.length).toBe(own.total.ID);
    for (const w of own.warnings) expect(w).toMatch(/is a training task, but all 1 of its episodes fell in the in-domain test share/);

    await transitionRelease({ user: researcher, id: r.id, action: "submit" });
    // Frozen, the release gives the same warnings as its preview did.
    expect([...(await getRelease(r.id)).warnings].sort()).toEqual([...own.warnings].sort());
    const e = await startExport({ user: lead, releaseId: r.id, config: { formats: ["primo-rl"], queries: { mode: "count", count: 1 } }, enqueueJobs: false });
    await expect(transitionRelease({ user: lead, id: r.id, action: "return", comment: "Wrong split." })).rejects.toMatchObject({ kind: "conflict", message: expect.stringContaining("Cancel it") });
    await cancelExport({ user: lead, id: e.id });
    await expect(transitionRelease({ user: lead, id: r.id, action: "return", comment: "Wrong split." })).resolves.toMatchObject({ status: "DRAFT" });
  });

  it("can be approved only by a lead (403), and a race is lost with 409", async () => {
    const cookies = await signedInCookies();
    const r = await createRelease({ user: researcher, input: { name: "Race", notes: "", definition: { environmentIds: [], taskIds: [], episodeIds: [], onlyWithAcceptedChains: false }, splits: { heldOutEnvironmentIds: [], testTaskIds: [], idTestPercent: 10, seed: 0 } } });
    await transitionRelease({ user: researcher, id: r.id, action: "submit" });
    const approve = (cookie: string) => call(transitionRoute as never, { method: "POST", url: `/api/releases/${r.id}/transitions`, params: { id: String(r.id) }, cookie, body: { action: "approve" } });
    const denied = await approve(cookies.ANNOTATOR);
    expect(denied.status).toBe(403);
    expect((await approve(cookies.RESEARCHER)).status).toBe(403);
    const both = await Promise.all([approve(cookies.LEAD), approve(cookies.ADMIN)]);
    expect(both.map((x) => x.status).sort()).toEqual([200, 409]);
    const audit = await db.auditLog.findMany({ where: { entityType: "release", entityId: String(r.id) }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["release.create", "release.submit", "release.approve"]);
  });
});

describe("exports", () => {
  it("write every format, loadable by Hugging Face datasets, every image and clip the exact frame", async () => {
    const files = await exportOnce({ formats: [...EXPORT_FORMATS], queries: { mode: "count", count: 4 }, maxFrames: 8, seed: 3, videoMode: "clip", shardSize: 7 });
    const manifest = JSON.parse(files.manifest);
    expect(manifest.release).toMatchObject({ id: releaseId, version: 1, status: "PUBLISHED", episodes: 8 });
    expect(manifest.seed).toBe(3);
    expect(Object.keys(manifest.counts).sort()).toEqual([...EXPORT_FORMATS].sort());
    expect(manifest.counts["primo-rl"]).toEqual({ test: expect.any(Number), train: expect.any(Number) });
    expect(manifest.counts["primo-sft"]).toEqual({ [(await releaseSnapshot(releaseId)).find((e) => e.key === "fps-29.97-range")!.split]: 1 });
    expect(manifest.counts.benchmark.ood_cross_task).toBe(4);
    // Every file on disk is in the manifest with its checksum, and nothing else is there.
    const onDisk: string[] = [];
    const walk = (d: string) => readdirSync(d, { withFileTypes: true }).forEach((x) => (x.isDirectory() ? walk(path.join(d, x.name)) : onDisk.push(path.relative(files.dir, path.join(d, x.name)))));
    walk(files.dir);
    expect(onDisk.sort()).toEqual([...manifest.files.map((f: { path: string }) => f.path), "manifest.json"].sort());
    const report = checkWithDatasets(files.dir);
    for (const [format, splits] of Object.entries(manifest.counts as Record<string, Record<string, number>>)) {
      for (const [split, n] of Object.entries(splits)) expect(report[`${format}/${split}`], `${format}/${split}`).toEqual({ rows: n, checked: n });
    }
  }, 600_000);

  it("as WebDataset tars hold each sample's images and clip", async () => {
    const files = await exportOnce({ formats: ["primo-rl", "lrm-contrastive"], queries: { mode: "lrm" }, maxFrames: 4, seed: 1, videoMode: "clip", layout: "webdataset", shardSize: 10 });
    const manifest = JSON.parse(files.manifest);
    expect(manifest.files.every((f: { path: string }) => !f.path.startsWith("media/"))).toBe(true);
    const report = checkWithDatasets(files.dir);
    expect(report["primo-rl/train"]!.checked).toBe(manifest.counts["primo-rl"].train);
    expect(report["lrm-contrastive/train"]!.checked).toBe(manifest.counts["lrm-contrastive"].train);
  }, 600_000);

  it("refuse a LeRobot export of episodes at several frame rates before it starts, saying why", async () => {
    await expect(startExport({ user: lead, releaseId, config: { formats: ["lerobot"] }, enqueueJobs: false })).rejects.toMatchObject({
      kind: "validation",
      invalidParams: [expect.objectContaining({ name: "config.formats", reason: expect.stringMatching(/LeRobot v3\.0 dataset: a LeRobot dataset has one frame rate, but the episodes have 7/) })],
    });
  });

  it("with the same seed give identical manifests", async () => {
    const config = { formats: ["easyr1", "verl", "lrm-progress"] as const, queries: { mode: "stride" as const, stride: 20 }, seed: 11, videoMode: "frames" as const, shardSize: 5 };
    const a = await exportOnce({ ...config, formats: [...config.formats] });
    const b = await exportOnce({ ...config, formats: [...config.formats] });
    expect(a.dir).not.toBe(b.dir);
    expect(b.manifest).toBe(a.manifest);
    const c = await exportOnce({ ...config, formats: [...config.formats], seed: 12 });
    expect(c.manifest).not.toBe(a.manifest);
  }, 600_000);

  it("ship PRIMO's rewards as reward.py, which scores the exported records as lib/primo does", async () => {
    const { dir } = await exportOnce({ formats: ["primo-rl", "easyr1", "verl"], queries: { mode: "count", count: 1 }, seed: 4, videoMode: "clip", shardSize: 50 });
    expect(readFileSync(path.join(dir, REWARD_PY_PATH), "utf8")).toBe(REWARD_PY);
    const r = spawnSync(PYTHON, ["tests/python/check_reward.py", dir], { encoding: "utf8", timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const scored = JSON.parse(r.stdout) as Record<string, Array<{ answer: string; completion: string; reward: number; format: number }>>;
    for (const fmt of ["primo-rl", "easyr1", "verl"]) {
      const rows = scored[fmt]!;
      expect(rows.length, fmt).toBeGreaterThan(0);
      for (const row of rows) {
        const solution = row.answer.startsWith("<answer>") ? row.answer : `<answer>${row.answer}</answer>`;
        expect(row.reward, `${fmt} ${row.completion}`).toBeCloseTo(primoAccuracyReward(row.completion, solution, "numerical"), 12);
        expect(row.format, `${fmt} ${row.completion}`).toBe(primoFormatReward(row.completion));
      }
      // The record's own answer scores 1, ten points off 0.9, a malformed chain 0 for format.
      expect(rows[0]!.reward).toBe(1);
      expect(rows[1]!.reward).toBeCloseTo(0.9, 12);
      expect(rows[5]!.format).toBe(0);
    }
  }, 300_000);

  it("try a failed unit again, and fail the export only when the unit keeps failing", async () => {
    const config: TExportConfigInput = { formats: ["primo-rl"], queries: { mode: "count", count: 2 }, seed: 5, videoMode: "clip", shardSize: 4 };
    // Take every episode's video away for a while (as a flaky network mount would).
    const files = [...new Set((await releaseSnapshot(releaseId)).map((e) => e.video!.uri.slice("file:".length)))];
    const away = (gone: boolean) => files.forEach((f) => renameSync(gone ? f : `${f}.away`, gone ? `${f}.away` : f));
    const e = await startExport({ user: lead, releaseId, config, enqueueJobs: false });
    const steps = await runExportStep({ exportId: e.id, step: "plan" });
    const first = steps[0]!;
    away(true);
    try {
      await expect(runExportStep(first)).rejects.toBeInstanceOf(UnitRetry);
      const unit = await db.exportUnit.findUniqueOrThrow({ where: { id: first.unitId! } });
      expect(unit).toMatchObject({ status: "QUEUED", attempts: 1 });
      expect(unit.error).toMatch(/^Attempt 1 failed: /);
      expect((await getExport(e.id)).status).toBe("RUNNING");
    } finally {
      away(false);
    }
    await drive(steps);
    const done = await getExport(e.id);
    expect(done.status, done.error ?? "").toBe("SUCCEEDED");
    expect((await db.exportUnit.findUniqueOrThrow({ where: { id: first.unitId! } })).attempts).toBe(2);

    // Gone for good: the unit is tried UNIT_ATTEMPTS times, then the export fails with its reason.
    const f = await startExport({ user: lead, releaseId, config, enqueueJobs: false });
    away(true);
    try {
      await expect(drive([{ exportId: f.id, step: "plan" }])).rejects.toThrow();
      const failed = await getExport(f.id);
      expect(failed.status).toBe("FAILED");
      expect(failed.failedUnit?.key).toMatch(/^media\//);
      expect(failed.error).toBe(failed.failedUnit?.error);
      expect((await db.exportUnit.findFirstOrThrow({ where: { exportId: f.id, status: "FAILED" } })).attempts).toBe(UNIT_ATTEMPTS);
    } finally {
      away(false);
    }
    // Once the videos are back, a resume finishes it with a fresh set of attempts.
    const { steps: again } = await resumeExport({ user: lead, id: f.id, enqueueJobs: false });
    await drive(again);
    expect((await getExport(f.id)).status).toBe("SUCCEEDED");
    expect((await getExport(f.id)).manifestSha256).toBe(done.manifestSha256);
  }, 300_000);

  it("resume an export whose worker died after its last unit but before moving it to the next phase", async () => {
    const config: TExportConfigInput = { formats: ["easyr1"], queries: { mode: "count", count: 2 }, seed: 2, videoMode: "clip", shardSize: 4 };
    for (const phase of ["MEDIA", "RECORDS"] as const) {
      const e = await startExport({ user: lead, releaseId, config, enqueueJobs: false });
      // Run the plan and every unit of the phase, then leave the export as such a worker would:
      // all units done, the phase not moved on, nothing queued.
      const queue: Parameters<typeof drive>[0] = [{ exportId: e.id, step: "plan" }];
      while (queue.length) {
        const step = queue.shift()!;
        const next = await runExportStep(step);
        const order = ["PLAN", "MEDIA", "RECORDS", "FINALIZE", "DONE"];
        if (order.indexOf((await getExport(e.id)).phase) > order.indexOf(phase)) {
          await db.exportJob.update({ where: { id: e.id }, data: { phase } });
          break;
        }
        queue.push(...next);
      }
      expect(await db.exportUnit.count({ where: { exportId: e.id, kind: phase === "MEDIA" ? "MEDIA" : "SHARD", status: { not: "SUCCEEDED" } } })).toBe(0);
      const { steps } = await resumeExport({ user: lead, id: e.id, enqueueJobs: false });
      expect(steps.length).toBeGreaterThan(0);
      await drive(steps);
      expect((await getExport(e.id)).status, phase).toBe("SUCCEEDED");
    }
  }, 600_000);

  it("finishes unattended after the worker running a unit is killed -9, to the same checksums", async () => {
    const config: TExportConfigInput = { formats: ["primo-rl", "easyr1", "lrm-completion"], queries: { mode: "count", count: 6 }, seed: 9, videoMode: "clip", shardSize: 10 };
    const reference = await exportOnce(config);
    const startWorker = () => {
      const w = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/worker.ts"], { env: { ...process.env, WORKER_IN_PROCESS: "false" }, stdio: ["ignore", "pipe", "pipe"] });
      let log = "";
      w.stdout.on("data", (d) => (log += d));
      w.stderr.on("data", (d) => (log += d));
      return { w, log: () => log };
    };
    const e = await startExport({ user: lead, releaseId, config });
    const a = startWorker();
    const deadline = Date.now() + 120_000;
    // Kill it while it runs a unit (its pg-boss job stays "active" for 30 minutes).
    for (;;) {
      const running = await db.exportUnit.count({ where: { exportId: e.id, status: "RUNNING" } });
      if (running > 0) break;
      const j = await getExport(e.id);
      if (j.status !== "RUNNING" && j.status !== "QUEUED") throw new Error(`the export ended (${j.status}) before the worker could be killed\n${a.log()}`);
      if (Date.now() > deadline) throw new Error(`the worker made no progress:\n${a.log()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    a.w.kill("SIGKILL");
    await new Promise((r) => a.w.once("exit", r));
    const killedAt = Date.now();
    expect((await getExport(e.id)).status).toBe("RUNNING");
    // Nobody resumes it: another worker process finds the stalled unit and finishes the export.
    const b = startWorker();
    try {
      let done = await getExport(e.id);
      while (done.status === "RUNNING" && Date.now() - killedAt < 120_000) {
        await new Promise((r) => setTimeout(r, 500));
        done = await getExport(e.id);
      }
      expect(done.status, b.log()).toBe("SUCCEEDED");
      console.log(`[export heal] finished ${((Date.now() - killedAt) / 1000).toFixed(1)} s after kill -9, unattended`);
      const manifest = readFileSync(path.join(done.outputUri!.slice("local:".length), "manifest.json"), "utf8");
      expect(manifest).toBe(reference.manifest);
      // The stalled unit says what happened to it.
      expect(b.log()).toMatch(/took up \d+ stalled step/);
    } finally {
      b.w.kill("SIGTERM");
      await new Promise((r) => b.w.once("exit", r));
    }
  }, 600_000);

  it("resume after the worker is killed mid-export, to the same checksums", async () => {
    const config: TExportConfigInput = { formats: ["primo-rl", "easyr1", "lrm-completion"], queries: { mode: "count", count: 6 }, seed: 5, videoMode: "clip", shardSize: 1 };
    const reference = await exportOnce(config);
    // A real worker process picks the export up from the queue.
    const e = await startExport({ user: lead, releaseId, config });
    const worker = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/worker.ts"], {
      env: { ...process.env, WORKER_IN_PROCESS: "false" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    worker.stdout.on("data", (d) => (log += d));
    worker.stderr.on("data", (d) => (log += d));
    const deadline = Date.now() + 120_000;
    for (;;) {
      const j = await getExport(e.id);
      if (j.phase === "RECORDS" && j.done > 0) break;
      if (j.status === "SUCCEEDED" || j.status === "FAILED") throw new Error(`the export ended (${j.status}) before the worker could be killed: ${j.error ?? ""}\n${log}`);
      if (Date.now() > deadline) throw new Error(`the worker made no progress:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    worker.kill("SIGKILL");
    await new Promise((r) => worker.once("exit", r));
    const killed = await getExport(e.id);
    expect(killed.status).toBe("RUNNING");
    expect(killed.done).toBeLessThan(killed.total);
    // Nothing that looks like a finished export exists yet.
    expect(killed.outputUri).toBeNull();
    const { steps } = await resumeExport({ user: lead, id: e.id, enqueueJobs: false });
    await drive(steps);
    const done = await getExport(e.id);
    expect(done.status).toBe("SUCCEEDED");
    const manifest = readFileSync(path.join(done.outputUri!.slice("local:".length), "manifest.json"), "utf8");
    expect(manifest).toBe(reference.manifest);
  }, 600_000);
});
