// Export jobs: a release snapshot → training shards, media, manifest.json and a dataset card.
//
// An export is split into units that any number of worker processes share through the
// PostgreSQL job queue (queue `export`):
//   PLAN      one job computes the plan (lib/export/plan.ts) and inserts the units;
//   MEDIA     one unit per few episodes extracts every frame and clip they need, decoding each
//             video once (lib/export/extract-media.ts);
//   RECORDS   one unit per shard writes its records (and, for WebDataset, the media);
//   FINALIZE  one job writes README.md, dataset_info.json and manifest.json (with the sha256 of
//             every file), then publishes the folder.
// The last unit of a phase moves the export to the next with a conditional update, so exactly
// one worker starts the next phase. Every file is written under a temporary name and renamed
// when complete, and the export folder only gets its final name (or, on S3, its manifest) when
// everything is in it: a killed worker never leaves an export that looks complete. Resuming
// re-queues the units that did not finish; units are deterministic, so the result has the same
// checksums as an uninterrupted export.
import "server-only";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { recordAudit } from "@/lib/audit/record-audit";
import { enqueue, QUEUES } from "@/lib/jobs/queue";
import { ffmpegInputFor, S3_SETTINGS_NEEDED, s3Settings } from "@/lib/media/storage";
import { conflict, notFound, validationError } from "@/lib/server/errors";
import { releaseSnapshot } from "@/lib/releases/releases";
import { canonicalJson } from "@/lib/releases/snapshot";
import { ZExportConfigSchema, type TExportConfig, type TExportConfigInput } from "./config";
import { extractClips, extractFrames } from "./extract-media";
import { datasetCard } from "./dataset-card";
import { EPISODES_PER_MEDIA_UNIT, planGroups, planMedia, planShards, shardKey, type FormatGroup, type ShardRef } from "./plan";
import { buildRecords, isLrmFormat, llamaFactoryDatasetInfo, mediaNeeds, lrmMediaNeeds, type BuiltRecord, type LrmItem, type RecordOptions } from "./records";
import type { ExportFormat, Sample, SnapshotEpisode } from "./types";
import { describeFile, hfFeatures, inferShape, jsonArray, jsonLines, jsonWithShape, parquetBytes, writeFileAtomic, writeTarAtomic, type Shape, type TarEntry, type WrittenFile } from "./writers";
import { publishExport, exportsRoot } from "./destination";
import { exportProgress, RATE_WINDOW, type ExportProgress, type UnitTiming } from "./progress";

export const ZStartExportSchema = z.object({ config: ZExportConfigSchema });

type Step = { exportId: number; step: "plan" | "unit" | "finalize"; unitId?: number };

const JOB_OPTS = { retryLimit: 3, retryDelay: 5, expireInSeconds: 30 * 60 };
/** Finishing hashes and publishes every file (an S3 upload of a large export takes a while). */
const FINALIZE_OPTS = { ...JOB_OPTS, expireInSeconds: 6 * 60 * 60 };
/** Seconds before a failed unit is tried again on the queue (times its attempt number). */
const UNIT_RETRY_DELAY_S = 5;

/** Queues one step of an export, with the job options its kind needs. */
function enqueueStep(step: Step, startAfter?: number): Promise<void> {
  return enqueue(QUEUES.export, step, { ...(step.step === "finalize" ? FINALIZE_OPTS : JOB_OPTS), ...(startAfter ? { startAfter } : {}) });
}

export function stagingDir(exportId: number) {
  return path.join(exportsRoot(), ".partial", `export-${exportId}`);
}

function configOf(job: { config: unknown }): TExportConfig {
  return ZExportConfigSchema.parse(job.config);
}

/** Checks a configuration against a release before anything is queued. */
function configProblems(config: TExportConfig): { name: string; reason: string }[] {
  const problems: { name: string; reason: string }[] = [];
  if (config.layout === "webdataset" && config.videoMode === "frames" && config.formats.some((f) => !isLrmFormat(f) && f !== "verl")) {
    problems.push({ name: "config.layout", reason: "WebDataset shards hold one clip per sample: choose the clip video mode, or JSON files with a media folder for frame lists." });
  }
  if (config.destination === "s3" && !s3Settings()) {
    problems.push({ name: "config.destination", reason: `S3 is not configured on this server: set ${S3_SETTINGS_NEEDED}.` });
  }
  return problems;
}

export async function startExport(opts: { user: SessionUser | null; releaseId: number; config: TExportConfigInput; requestId?: string; enqueueJobs?: boolean }) {
  const release = await db.release.findUnique({ where: { id: opts.releaseId }, select: { id: true, status: true, name: true, version: true } });
  if (!release) throw notFound(`Release ${opts.releaseId}`);
  if (release.status === "DRAFT") throw conflict("A draft has no frozen content to export. Submit it for review first.");
  const parsed = ZExportConfigSchema.safeParse(opts.config);
  if (!parsed.success) throw validationError("The export configuration is not valid.", parsed.error.issues.map((i) => ({ name: ["config", ...i.path].join("."), reason: i.message })));
  const problems = configProblems(parsed.data);
  if (problems.length) throw validationError("The export configuration cannot be used.", problems);
  const job = await db.$transaction(async (tx) => {
    const j = await tx.exportJob.create({
      data: { releaseId: release.id, formats: parsed.data.formats, config: parsed.data as unknown as Prisma.InputJsonValue, seed: parsed.data.seed, createdById: opts.user?.id ?? null },
      select: { id: true },
    });
    await recordAudit({ actorId: opts.user?.id ?? null, action: "export.start", entityType: "export", entityId: j.id, detail: { releaseId: release.id, config: parsed.data }, requestId: opts.requestId }, tx);
    return j;
  });
  if (opts.enqueueJobs !== false) await enqueueStep({ exportId: job.id, step: "plan" });
  return getExport(job.id);
}

export async function getExport(id: number) {
  const j = await db.exportJob.findUnique({
    where: { id },
    include: { release: { select: { id: true, name: true, version: true, status: true } }, createdBy: { select: { id: true, name: true } } },
  });
  if (!j) throw notFound(`Export ${id}`);
  const units = await db.exportUnit.groupBy({ by: ["kind", "status"], where: { exportId: id }, _count: true, _sum: { samples: true, frames: true } });
  const failed = await db.exportUnit.findFirst({ where: { exportId: id, status: "FAILED" }, select: { key: true, error: true } });
  return {
    ...j,
    units: units.map((u) => ({ kind: u.kind, status: u.status, count: u._count, samples: u._sum.samples ?? 0, frames: u._sum.frames ?? 0 })),
    failedUnit: failed,
    progress: await progressOf(j),
  };
}

/** Fraction done and time left (lib/export/progress.ts), from the units' own timings. */
async function progressOf(j: { id: number; status: string; phase: string; total: number; done: number }): Promise<ExportProgress & { retrying: { key: string; error: string } | null }> {
  const remaining = { MEDIA: 0, SHARD: 0 };
  let recent: UnitTiming[] = [];
  let retrying: { key: string; error: string } | null = null;
  if (j.status === "RUNNING" && j.total > 0) {
    // A unit waiting to be tried again after a failure (its error says which attempt).
    const r = await db.exportUnit.findFirst({ where: { exportId: j.id, status: { in: ["QUEUED", "RUNNING"] }, error: { not: null } }, select: { key: true, error: true }, orderBy: { id: "asc" } });
    if (r) retrying = { key: r.key, error: r.error! };
    const left = await db.exportUnit.groupBy({ by: ["kind"], where: { exportId: j.id, status: { not: "SUCCEEDED" } }, _count: true });
    for (const l of left) remaining[l.kind === "MEDIA" ? "MEDIA" : "SHARD"] = l._count;
    recent = await db.$queryRaw<UnitTiming[]>`
      (SELECT kind, started_at AS "startedAt", finished_at AS "finishedAt" FROM export_units
        WHERE export_id = ${j.id} AND kind = 'MEDIA' AND status = 'SUCCEEDED' AND started_at IS NOT NULL ORDER BY finished_at DESC LIMIT ${RATE_WINDOW})
      UNION ALL
      (SELECT kind, started_at, finished_at FROM export_units
        WHERE export_id = ${j.id} AND kind = 'SHARD' AND status = 'SUCCEEDED' AND started_at IS NOT NULL ORDER BY finished_at DESC LIMIT ${RATE_WINDOW})`;
  }
  return { ...exportProgress({ status: j.status, phase: j.phase, total: j.total, done: j.done, remaining, recent, now: new Date() }), retrying };
}

export async function listExports(opts: { releaseId?: number } = {}) {
  const jobs = await db.exportJob.findMany({
    where: opts.releaseId ? { releaseId: opts.releaseId } : {},
    orderBy: { id: "desc" },
    take: 100,
    include: { release: { select: { id: true, name: true, version: true } }, createdBy: { select: { id: true, name: true } } },
  });
  return Promise.all(jobs.map(async (j) => ({ ...j, progress: await progressOf(j) })));
}

export async function cancelExport(opts: { user: SessionUser; id: number; requestId?: string }) {
  const moved = await db.exportJob.updateMany({ where: { id: opts.id, status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "CANCELLED", finishedAt: new Date() } });
  if (moved.count === 0) throw conflict("Only a queued or running export can be cancelled.");
  await recordAudit({ actorId: opts.user.id, action: "export.cancel", entityType: "export", entityId: opts.id, requestId: opts.requestId });
  return getExport(opts.id);
}

/** Queues again whatever did not finish: the plan, the units of the current phase, or the finish. */
export async function resumeExport(opts: { user: SessionUser | null; id: number; requestId?: string; enqueueJobs?: boolean }) {
  const j = await db.exportJob.findUnique({ where: { id: opts.id }, select: { status: true, phase: true } });
  if (!j) throw notFound(`Export ${opts.id}`);
  if (j.status === "SUCCEEDED") throw conflict("The export is complete.");
  const moved = await db.exportJob.updateMany({ where: { id: opts.id, status: { in: ["CANCELLED", "FAILED", "RUNNING", "QUEUED"] } }, data: { status: "RUNNING", error: null, finishedAt: null } });
  if (moved.count === 0) throw conflict("The export cannot be resumed now.");
  await recordAudit({ actorId: opts.user?.id ?? null, action: "export.resume", entityType: "export", entityId: opts.id, detail: { phase: j.phase }, requestId: opts.requestId });
  // A stopped export is resumed by someone who fixed something: its unfinished units get their
  // full number of attempts again. A running one (a crashed worker's) keeps its counts.
  const steps = await pendingSteps(opts.id, j.phase, j.status === "FAILED" || j.status === "CANCELLED");
  if (opts.enqueueJobs !== false) for (const s of steps) await enqueueStep(s);
  return { export: await getExport(opts.id), steps };
}

async function pendingSteps(exportId: number, phase: string, freshAttempts: boolean): Promise<Step[]> {
  if (phase === "PLAN") return [{ exportId, step: "plan" }];
  if (phase === "FINALIZE") return [{ exportId, step: "finalize" }];
  if (phase === "DONE") return [];
  const kind = phase === "MEDIA" ? "MEDIA" : "SHARD";
  await db.exportUnit.updateMany({ where: { exportId, kind, status: { not: "SUCCEEDED" } }, data: { status: "QUEUED", error: null, ...(freshAttempts ? { attempts: 0 } : {}) } });
  const units = await db.exportUnit.findMany({ where: { exportId, kind, status: "QUEUED" }, select: { id: true }, orderBy: { id: "asc" } });
  // Every unit finished but the worker died before moving the export on: move it on now.
  if (units.length === 0) return advance(exportId, phase === "MEDIA" ? "MEDIA" : "RECORDS");
  return units.map((u) => ({ exportId, step: "unit" as const, unitId: u.id }));
}

// ---- the queue handler ------------------------------------------------------------------------

/** Runs one step of an export. Returns the steps to queue next (the caller queues them). */
export async function runExportStep(step: Step): Promise<Step[]> {
  const job = await db.exportJob.findUnique({ where: { id: step.exportId }, select: { id: true, status: true, phase: true, releaseId: true, config: true } });
  if (!job || job.status === "CANCELLED" || job.status === "SUCCEEDED" || job.status === "FAILED") return [];
  try {
    if (step.step === "plan") return await planStep(job);
    if (step.step === "unit") return await unitStep(job, step.unitId!);
    return await finalizeStep(job);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (step.unitId) {
      // A unit that failed fewer than UNIT_ATTEMPTS times (counted in the database, so across
      // workers) goes back in line; the queue (or runExportInProcess) tries it again shortly.
      // Only a unit this attempt was running is requeued or failed: one another copy of the step
      // finished meanwhile stays finished (the retry then just moves the export on).
      const unit = await db.exportUnit.findUnique({ where: { id: step.unitId }, select: { attempts: true, key: true, status: true } });
      if (unit && unit.status !== "RUNNING") throw new UnitRetry(`${unit.key}: ${message}; it will be tried again.`, Math.max(1, unit.attempts));
      if (unit && unit.attempts < UNIT_ATTEMPTS) {
        const moved = await db.exportUnit.updateMany({ where: { id: step.unitId, status: "RUNNING" }, data: { status: "QUEUED", error: `Attempt ${unit.attempts} failed: ${message}`.slice(0, 2000) } });
        if (moved.count === 1) throw new UnitRetry(`${unit.key}: attempt ${unit.attempts} of ${UNIT_ATTEMPTS} failed (${message}); it will be tried again.`, Math.max(1, unit.attempts));
      }
      await db.exportUnit.updateMany({ where: { id: step.unitId, status: "RUNNING" }, data: { status: "FAILED", error: message.slice(0, 2000), finishedAt: new Date() } }).catch(() => {});
    }
    await db.exportJob.updateMany({ where: { id: job.id, status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "FAILED", error: message.slice(0, 2000), finishedAt: new Date() } });
    throw err;
  }
}

/** How many times a unit is tried before its failure fails the whole export. */
export const UNIT_ATTEMPTS = 3;
/** Pause before runExportInProcess tries a failed unit again (the queue waits JOB_OPTS.retryDelay). */
const IN_PROCESS_RETRY_MS = 500;

/** Thrown when a unit failed but will be tried again: the export keeps running. */
export class UnitRetry extends Error {
  constructor(
    message: string,
    readonly attempts: number,
  ) {
    super(message);
    this.name = "UnitRetry";
  }
}

/**
 * Runs steps and all their follow-ups in this process, in order (the CLI's headless export and
 * the tests). Workers on the queue can share the same export at the same time.
 */
export async function runExportInProcess(steps: Step[], onStep?: (exportId: number) => Promise<void> | void): Promise<void> {
  const queue = [...steps];
  const tries = new Map<Step, number>();
  while (queue.length) {
    const step = queue.shift()!;
    try {
      queue.push(...(await runExportStep(step)));
    } catch (err) {
      const n = (tries.get(step) ?? 0) + 1;
      if (!(err instanceof UnitRetry) || n > UNIT_ATTEMPTS + 1) throw err;
      tries.set(step, n);
      await new Promise((r) => setTimeout(r, IN_PROCESS_RETRY_MS * err.attempts));
      queue.unshift(step);
    }
    await onStep?.(step.exportId);
  }
}

/**
 * The worker's entry point: one step, then its follow-ups queued. A unit to be tried again is
 * queued again as a new job after a pause (the queue's own retries are for the unexpected).
 */
export async function handleExportJob(step: Step): Promise<void> {
  let next: Step[];
  try {
    next = await runExportStep(step);
  } catch (err) {
    if (!(err instanceof UnitRetry)) throw err;
    await enqueueStep(step, UNIT_RETRY_DELAY_S * err.attempts);
    return;
  }
  for (const s of next) await enqueueStep(s);
}

type JobRow = { id: number; releaseId: number; config: unknown; phase: string };

const snapshots = new Map<number, { at: number; episodes: SnapshotEpisode[] }>();
/** The frozen snapshot; cached briefly per process because every unit of an export reads it. */
async function snapshotFor(releaseId: number): Promise<SnapshotEpisode[]> {
  const hit = snapshots.get(releaseId);
  if (hit && Date.now() - hit.at < 60_000) return hit.episodes;
  const episodes = await releaseSnapshot(releaseId);
  snapshots.set(releaseId, { at: Date.now(), episodes });
  return episodes;
}

const plans = new Map<string, { at: number; groups: FormatGroup[] }>();
/** The plan of an export; cached briefly per process, as every unit of the export needs it. */
async function groupsFor(job: JobRow, config: TExportConfig): Promise<FormatGroup[]> {
  const key = `${job.releaseId}|${canonicalJson(config)}`;
  const hit = plans.get(key);
  if (hit && Date.now() - hit.at < 60_000) return hit.groups;
  const groups = planGroups(await snapshotFor(job.releaseId), config);
  plans.set(key, { at: Date.now(), groups });
  for (const [k, v] of plans) if (Date.now() - v.at >= 60_000) plans.delete(k);
  return groups;
}

async function planStep(job: JobRow): Promise<Step[]> {
  const config = configOf(job);
  const groups = await groupsFor(job, config);
  const media = planMedia(groups, config);
  const shards = planShards(groups, config.shardSize);
  const mediaUnits: { key: string; payload: { dirs: string[] } }[] = [];
  for (let i = 0; i < media.length; i += EPISODES_PER_MEDIA_UNIT) {
    mediaUnits.push({ key: `media/${String(i / EPISODES_PER_MEDIA_UNIT).padStart(5, "0")}`, payload: { dirs: media.slice(i, i + EPISODES_PER_MEDIA_UNIT).map((m) => m.dir) } });
  }
  // The plan is written once: units, totals and the phase in one transaction.
  const moved = await db.$transaction(async (tx) => {
    const m = await tx.exportJob.updateMany({ where: { id: job.id, phase: "PLAN" }, data: { phase: "MEDIA", status: "RUNNING", startedAt: new Date(), total: mediaUnits.length + shards.length, done: 0 } });
    if (m.count === 0) return false;
    await tx.exportUnit.createMany({
      data: [
        ...mediaUnits.map((u) => ({ exportId: job.id, kind: "MEDIA", key: u.key, payload: u.payload })),
        ...shards.map((s) => ({ exportId: job.id, kind: "SHARD", key: shardKey(s), payload: s as unknown as Prisma.InputJsonValue })),
      ],
    });
    return true;
  });
  if (!moved) return [];
  await rm(stagingDir(job.id), { recursive: true, force: true });
  await mkdir(stagingDir(job.id), { recursive: true });
  const queued = await db.exportUnit.findMany({ where: { exportId: job.id, kind: "MEDIA" }, select: { id: true }, orderBy: { id: "asc" } });
  return queued.length ? queued.map((u) => ({ exportId: job.id, step: "unit" as const, unitId: u.id })) : advance(job.id, "MEDIA");
}

/** When no unit of `phase` is left, moves the export on (exactly once) and returns the next steps. */
async function advance(exportId: number, phase: "MEDIA" | "RECORDS"): Promise<Step[]> {
  const kind = phase === "MEDIA" ? "MEDIA" : "SHARD";
  const left = await db.exportUnit.count({ where: { exportId, kind, status: { not: "SUCCEEDED" } } });
  if (left > 0) return [];
  if (phase === "MEDIA") {
    const m = await db.exportJob.updateMany({ where: { id: exportId, phase: "MEDIA" }, data: { phase: "RECORDS" } });
    if (m.count === 0) return [];
    const units = await db.exportUnit.findMany({ where: { exportId, kind: "SHARD" }, select: { id: true }, orderBy: { id: "asc" } });
    return units.length ? units.map((u) => ({ exportId, step: "unit" as const, unitId: u.id })) : advance(exportId, "RECORDS");
  }
  const m = await db.exportJob.updateMany({ where: { id: exportId, phase: "RECORDS" }, data: { phase: "FINALIZE" } });
  return m.count === 1 ? [{ exportId, step: "finalize" }] : [];
}

async function unitStep(job: JobRow, unitId: number): Promise<Step[]> {
  const unit = await db.exportUnit.findUnique({ where: { id: unitId } });
  if (!unit) return [];
  // Done already (a repeated delivery, or a retry after the unit finished but the phase did not
  // move): only make sure the export moves on; advance() does that at most once.
  if (unit.status === "SUCCEEDED") return advance(job.id, unit.kind === "MEDIA" ? "MEDIA" : "RECORDS");
  // The last attempt's error stays on the unit until it succeeds (the progress shows it as a retry).
  await db.exportUnit.update({ where: { id: unitId }, data: { status: "RUNNING", attempts: { increment: 1 }, startedAt: new Date() } });
  const config = configOf(job);
  const groups = await groupsFor(job, config);
  const root = stagingDir(job.id);
  const stillRunning = async () => (await db.exportJob.findUnique({ where: { id: job.id }, select: { status: true } }))?.status === "RUNNING";
  let result: { files: WrittenFile[]; samples: number; frames: number };
  if (unit.kind === "MEDIA") {
    result = await mediaUnit(root, groups, config, (unit.payload as { dirs: string[] }).dirs, stillRunning);
  } else {
    result = await shardUnit(root, groups, config, unit.payload as unknown as ShardRef);
  }
  if (!(await stillRunning())) return []; // cancelled meanwhile: the unit stays unfinished for a resume
  await db.$transaction(async (tx) => {
    await tx.exportUnit.update({ where: { id: unitId }, data: { status: "SUCCEEDED", error: null, files: result.files as unknown as Prisma.InputJsonValue, samples: result.samples, frames: result.frames, finishedAt: new Date() } });
    await tx.$executeRaw`UPDATE export_jobs SET done = (SELECT count(*) FROM export_units WHERE export_id = ${job.id} AND status = 'SUCCEEDED'), updated_at = now() WHERE id = ${job.id}`;
  });
  return advance(job.id, unit.kind === "MEDIA" ? "MEDIA" : "RECORDS");
}

async function mediaUnit(root: string, groups: FormatGroup[], config: TExportConfig, dirs: string[], stillRunning: () => Promise<boolean>) {
  const wanted = new Set(dirs);
  const media = planMedia(groups, config).filter((m) => wanted.has(m.dir));
  const files: WrittenFile[] = [];
  let frames = 0;
  for (const m of media) {
    if (!(await stillRunning())) break;
    const v = m.episode.video;
    if (!v) throw new Error(`Episode ${m.episode.key} has no video to take frames from.`);
    const input = await ffmpegInputFor(v.uri);
    const frameRel = (f: number) => `${m.dir}/${String(f).padStart(6, "0")}.jpg`;
    const r = await extractFrames({ input, startFrame: v.startFrame, fpsNum: v.fpsNum, fpsDen: v.fpsDen, frames: m.frames, outPath: (f) => path.join(root, frameRel(f)), width: config.imageWidth });
    frames += r.decodedFrames;
    for (const f of m.frames) files.push(await describeFile(root, frameRel(f)));
    // Clips a previous attempt already finished are kept; the rest come from one decoding pass.
    const missing: { frames: number[]; outPath: string }[] = [];
    for (const c of m.clips) {
      const out = path.join(root, c.path);
      if (!(await stat(out).then((s) => s.isFile(), () => false))) missing.push({ frames: c.frames, outPath: out });
    }
    await extractClips({ input, startFrame: v.startFrame, fpsNum: v.fpsNum, fpsDen: v.fpsDen, clips: missing, width: config.imageWidth });
    for (const c of m.clips) files.push(await describeFile(root, c.path));
  }
  return { files, samples: 0, frames };
}

const JSON_ARRAY_FORMATS: readonly ExportFormat[] = ["primo-sft", "primo-rl", "benchmark"];

export function shardFileName(ref: Pick<ShardRef, "format" | "group" | "index" | "count">, ext: string) {
  const n = (i: number) => String(i).padStart(5, "0");
  return `${ref.format}/${ref.group}/${ref.format}-${ref.group}-${n(ref.index)}-of-${n(ref.count)}.${ext}`;
}

/** A WebDataset member key: the sample id with "/" and "." (the extension separator) replaced. */
const tarKey = (id: string) => id.replace(/[/.]/g, "_");

function recordOptions(config: TExportConfig): RecordOptions {
  return { videoMode: config.videoMode };
}

async function shardUnit(root: string, groups: FormatGroup[], config: TExportConfig, ref: ShardRef) {
  const g = groups.find((x) => x.format === ref.format && x.group === ref.group);
  if (!g) throw new Error(`The plan has no ${ref.format}/${ref.group} group any more.`);
  const items = g.items.slice(ref.start, ref.end);
  // The group's records are built once per process (and their one schema for every shard of the
  // group, so a shard of whole numbers does not read as integers); a shard is a slice of them.
  const { records, shape, provenanceShape } = groupRecords(g, config);
  const built = records.slice(ref.start, ref.end);
  const provenanceFile = (b: BuiltRecord<unknown>[]) => writeFileAtomic(root, `provenance/${shardFileName(ref, "jsonl")}`, jsonLines(b.map((x) => x.provenance), provenanceShape));
  const files: WrittenFile[] = [];
  if (ref.format === "verl") {
    files.push(await writeFileAtomic(root, shardFileName(ref, "parquet"), parquetBytes(built.map((b) => b.record as Record<string, unknown>), shape)));
    files.push(await provenanceFile(built));
  } else if (config.layout === "webdataset") {
    const entries: TarEntry[] = [];
    built.forEach((b, i) => {
      const key = tarKey(b.id);
      entries.push({ name: `${key}.json`, data: jsonWithShape(b.record, { kind: "struct", fields: shape }) });
      for (const [role, rel] of mediaRoles(items[i]!, g.format, config)) entries.push({ name: `${key}.${role}`, file: path.join(root, rel) });
    });
    files.push(await writeTarAtomic(root, shardFileName(ref, "tar"), entries));
    if (!isLrmFormat(ref.format)) files.push(await provenanceFile(built));
  } else if (JSON_ARRAY_FORMATS.includes(ref.format)) {
    files.push(await writeFileAtomic(root, shardFileName(ref, "json"), jsonArray(built.map((b) => b.record), shape)));
    files.push(await provenanceFile(built));
  } else {
    files.push(await writeFileAtomic(root, shardFileName(ref, "jsonl"), jsonLines(built.map((b) => b.record), shape)));
    if (!isLrmFormat(ref.format)) files.push(await provenanceFile(built));
  }
  return { files, samples: built.length, frames: 0 };
}

const recordCache = new WeakMap<FormatGroup, { records: BuiltRecord<unknown>[]; shape: Map<string, Shape>; provenanceShape: Map<string, Shape> }>();
/** Every record of a group with the schemas of its records and provenance (kept while the plan is cached). */
function groupRecords(g: FormatGroup, config: TExportConfig) {
  const hit = recordCache.get(g);
  if (hit) return hit;
  const records: BuiltRecord<unknown>[] = buildRecords(g.format, g.items as never, recordOptions(config));
  const out = {
    records,
    shape: inferShape(records.map((b) => b.record as Record<string, unknown>)),
    provenanceShape: inferShape(records.map((b) => b.provenance as unknown as Record<string, unknown>)),
  };
  recordCache.set(g, out);
  return out;
}

/** Dataset-card features per format: one schema for all of a format's shards and splits. */
function formatFeatures(groups: FormatGroup[], config: TExportConfig): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const format of config.formats) {
    const records = groups.filter((g) => g.format === format).flatMap((g) => groupRecords(g, config).records.map((b) => b.record as Record<string, unknown>));
    if (records.length === 0) continue;
    const features = hfFeatures(inferShape(records));
    if (config.layout === "webdataset" && format !== "verl") {
      const media = isLrmFormat(format)
        ? format === "lrm-contrastive" ? ["first.jpg", "init.jpg", "second.jpg"] : ["frame.jpg", "init.jpg"]
        : config.videoMode === "clip" ? ["curr.jpg", "init.jpg", "vseq.mp4"] : ["curr.jpg", "init.jpg"];
      out[format] = [
        { name: "__key__", dtype: "string" },
        { name: "__url__", dtype: "string" },
        { name: "json", struct: features },
        ...media.map((m) => ({ name: m, dtype: m.endsWith(".jpg") ? "image" : "binary" })),
      ];
    } else out[format] = features;
  }
  return out;
}

/** The media members of one WebDataset sample, by role: init.jpg, curr.jpg and vseq.mp4, or the LRM frames. */
function mediaRoles(item: Sample | LrmItem, format: ExportFormat, config: TExportConfig): [string, string][] {
  if (isLrmFormat(format)) {
    const x = item as LrmItem;
    const dir = lrmMediaNeeds(x).dir;
    const jpg = (f: number) => `${dir}/${String(f).padStart(6, "0")}.jpg`;
    if ("shownFrames" in x) return [["init.jpg", jpg(x.initFrame)], ["first.jpg", jpg(x.shownFrames[0])], ["second.jpg", jpg(x.shownFrames[1])]];
    return [["init.jpg", jpg(x.initFrame)], ["frame.jpg", jpg(x.frame)]];
  }
  const s = item as Sample;
  const n = mediaNeeds(s, config.videoMode);
  const jpg = (f: number) => `${n.dir}/${String(f).padStart(6, "0")}.jpg`;
  return [["init.jpg", jpg(s.initFrame)], ["curr.jpg", jpg(s.queryFrame)], ...(n.clip ? ([["vseq.mp4", n.clip.path]] as [string, string][]) : [])];
}

async function finalizeStep(job: JobRow): Promise<Step[]> {
  const config = configOf(job);
  const root = stagingDir(job.id);
  const release = await db.release.findUniqueOrThrow({ where: { id: job.releaseId }, select: { id: true, name: true, version: true, status: true, contentHash: true, notes: true, episodeCount: true } });
  const units = await db.exportUnit.findMany({ where: { exportId: job.id }, orderBy: { key: "asc" } });
  const episodes = await snapshotFor(job.releaseId);
  const groups = await groupsFor(job, config);
  const counts: Record<string, Record<string, number>> = {};
  for (const g of groups) (counts[g.format] ??= {})[g.group] = g.items.length;
  for (const f of config.formats) counts[f] ??= {};
  const files = new Map<string, WrittenFile>();
  for (const u of units) {
    // WebDataset shards carry their media; the media folder is not shipped then.
    if (u.kind === "MEDIA" && config.layout === "webdataset" && config.formats.every((f) => f !== "verl")) continue;
    for (const f of u.files as unknown as WrittenFile[]) files.set(f.path, f);
  }
  if (config.formats.includes("llamafactory")) {
    const info = Object.assign({}, ...groups.filter((g) => g.format === "llamafactory").map((g) => llamaFactoryDatasetInfo(`critic_${g.group}`, `llamafactory/${g.group}`)));
    files.set("dataset_info.json", await writeFileAtomic(root, "dataset_info.json", JSON.stringify(info, null, 2) + "\n"));
  }
  const card = datasetCard({ release, config, counts, groups, episodes: episodes.length, layout: config.layout, features: formatFeatures(groups, config) });
  files.set("README.md", await writeFileAtomic(root, "README.md", card));
  const manifest = {
    name: `${release.name} v${release.version}`,
    release: { id: release.id, name: release.name, version: release.version, status: release.status, content_sha256: release.contentHash, episodes: release.episodeCount },
    seed: config.seed,
    config,
    counts,
    files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
  const manifestText = JSON.stringify(JSON.parse(canonicalJson(manifest)), null, 2) + "\n";
  await sweepStrays(root, new Set([...files.keys(), "manifest.json"]), config);
  // The manifest goes last: its presence marks a complete export.
  const written = await writeFileAtomic(root, "manifest.json", manifestText);
  if (config.layout === "webdataset" && config.formats.every((f) => f !== "verl")) await rm(path.join(root, "media"), { recursive: true, force: true });
  const outputUri = await publishExport({ exportId: job.id, staging: root, release, destination: config.destination, files: [...files.values(), written] });
  await db.exportJob.updateMany({ where: { id: job.id, phase: "FINALIZE" }, data: { phase: "DONE", status: "SUCCEEDED", outputUri, manifestSha256: written.sha256, finishedAt: new Date() } });
  return [];
}

/** Removes whatever a killed worker left behind (temporary files of an unfinished write). */
async function sweepStrays(root: string, keep: Set<string>, config: TExportConfig) {
  const skipMedia = config.layout === "webdataset" && config.formats.every((f) => f !== "verl");
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const rel = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
    if (skipMedia && rel.startsWith("media/")) continue; // removed as a whole below
    if (!keep.has(rel)) await rm(path.join(root, rel), { force: true });
  }
}

/** The manifest of a finished export, as stored. */
export async function readManifest(id: number): Promise<{ text: string; fileName: string }> {
  const j = await db.exportJob.findUnique({ where: { id }, select: { status: true, outputUri: true } });
  if (!j) throw notFound(`Export ${id}`);
  if (j.status !== "SUCCEEDED" || !j.outputUri) throw conflict("The export has not finished.");
  const { readExportFile } = await import("./destination");
  return { text: await readExportFile(j.outputUri, "manifest.json"), fileName: "manifest.json" };
}

