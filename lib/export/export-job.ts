// The export job: a release snapshot → training shards, media, manifest.json and a dataset card.
//
// An export is split into units that any number of worker processes share through the
// PostgreSQL job queue (queue `export`):
//   PLAN      one job computes the plan (lib/export/plan.ts) and inserts the units;
//   MEDIA     one unit per few episodes extracts every frame and clip they need, decoding each
//             video once (lib/export/extract-media.ts);
//   RECORDS   one unit per shard writes its records (and, for WebDataset, the media) as its
//             format's module says (lib/export/formats/), then applies the trainer's reader
//             rules to every record it wrote (conformance.ts): a record the reader would refuse
//             fails the unit, naming the record and the rule. A dataset format (LeRobot) writes
//             its whole folder in one unit;
//   FINALIZE  one job writes README.md, the formats' root files and manifest.json (with the
//             sha256 of every file, the counts, the warnings and the media rules), then
//             publishes the folder.
// The last unit of a phase moves the export to the next with a conditional update, so exactly
// one worker starts the next phase. Every file is written under a temporary name and renamed
// when complete, and the export folder only gets its final name (or, on S3, its manifest) when
// everything is in it: a killed worker never leaves an export that looks complete. Resuming
// re-queues the units that did not finish; units are deterministic, so the result has the same
// checksums as an uninterrupted export.
import "server-only";
import { FrameTimes, type FrameTable } from "@/lib/media/frame-table";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { enqueue, QUEUES } from "@/lib/jobs/queue";
import { ffmpegInputFor } from "@/lib/media/storage";
import { releaseSnapshot } from "@/lib/releases/releases";
import { canonicalJson } from "@/lib/releases/snapshot";
import { ZExportConfigSchema, type TExportConfig } from "./config";
import { extractClips, extractFrames } from "./extract-media";
import { cardContext, datasetCard, mediaRules, shardExt } from "./dataset-card";
import { buildRecords, formatModule } from "./formats";
import { EPISODES_PER_MEDIA_UNIT, planGroups, planMedia, planShards, recordOptions, shardKey, type FormatGroup, type ShardRef } from "./plan";
import type { BuiltRecord } from "./records";
import { conformRecords, mergeNotes, notesWarnings, type ConformSummary } from "./conformance";
import type { SnapshotEpisode } from "./types";
import { describeFile, hfFeatures, inferShape, jsonArray, jsonLines, jsonWithShape, parquetBytes, writeFileAtomic, writeTarAtomic, type Shape, type TarEntry, type WrittenFile } from "./writers";
import { publishExport, exportsRoot } from "./destination";
import { datasetIo } from "./lerobot/dataset-io";

export type Step = { exportId: number; step: "plan" | "unit" | "finalize"; unitId?: number };

const JOB_OPTS = { retryLimit: 3, retryDelay: 5, expireInSeconds: 30 * 60 };
/** Finishing hashes and publishes every file (an S3 upload of a large export takes a while). */
const FINALIZE_OPTS = { ...JOB_OPTS, expireInSeconds: 6 * 60 * 60 };
/** How often a worker renews the heartbeat of the unit (or plan, or finish) it runs. */
export const HEARTBEAT_MS = 5_000;
/** A heartbeat older than this means its worker died: another worker takes the work up. */
export const STALE_SECONDS = 30;

/** Renews `heartbeat_at` of an export unit or job every HEARTBEAT_MS while `fn` runs. */
async function withHeartbeat<T>(target: { unitId: number } | { exportId: number }, fn: () => Promise<T>): Promise<T> {
  const beat = () =>
    ("unitId" in target
      ? db.$executeRaw`UPDATE export_units SET heartbeat_at = now() WHERE id = ${target.unitId} AND status = 'RUNNING'`
      : db.$executeRaw`UPDATE export_jobs SET heartbeat_at = now() WHERE id = ${target.exportId}`
    ).catch(() => 0);
  await beat();
  const timer = setInterval(() => void beat(), HEARTBEAT_MS);
  timer.unref?.();
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

/**
 * Work whose worker died (no heartbeat for STALE_SECONDS): its units go back in line and are
 * queued again, a plan or a finish is queued again, and a phase whose units all finished is
 * moved on. Every worker process runs this every few seconds (lib/jobs/worker.ts); each UPDATE
 * takes the work atomically, so two sweepers never both requeue it.
 */
export async function reviveStalledExports(): Promise<Step[]> {
  const steps: Step[] = [];
  const units = await db.$queryRaw<Array<{ id: number; export_id: number }>>`
    UPDATE export_units u SET status = 'QUEUED', heartbeat_at = NULL,
      error = ${`Its worker stopped (no heartbeat for ${STALE_SECONDS} s); taken up again.`}
    FROM export_jobs j
    WHERE u.export_id = j.id AND j.status = 'RUNNING' AND u.status = 'RUNNING'
      AND (u.heartbeat_at IS NULL OR u.heartbeat_at < now() - ${STALE_SECONDS} * interval '1 second')
      AND u.started_at < now() - ${STALE_SECONDS} * interval '1 second'
    RETURNING u.id, u.export_id`;
  for (const u of units) steps.push({ exportId: u.export_id, step: "unit", unitId: u.id });
  const jobs = await db.$queryRaw<Array<{ id: number; phase: string }>>`
    UPDATE export_jobs SET heartbeat_at = now()
    WHERE status = 'RUNNING' AND phase IN ('PLAN', 'FINALIZE')
      AND (heartbeat_at IS NULL OR heartbeat_at < now() - ${STALE_SECONDS} * interval '1 second')
      AND coalesce(started_at, created_at) < now() - ${STALE_SECONDS} * interval '1 second'
    RETURNING id, phase`;
  for (const j of jobs) steps.push({ exportId: j.id, step: j.phase === "PLAN" ? "plan" : "finalize" });
  // A phase that stopped moving: no unit running with a live heartbeat, none finished lately, and
  // not kicked lately. Its worker died between moving the phase on and queueing the next units,
  // or after its last unit: the units left are queued again (a copy already on the queue is
  // harmless: a unit is taken once), or the phase is moved on when none is left.
  const idle = await db.$queryRaw<Array<{ id: number; phase: string }>>`
    UPDATE export_jobs j SET heartbeat_at = now()
    WHERE j.status = 'RUNNING' AND j.phase IN ('MEDIA', 'RECORDS')
      AND coalesce(j.heartbeat_at, j.updated_at) < now() - ${STALE_SECONDS} * interval '1 second'
      AND j.updated_at < now() - ${STALE_SECONDS} * interval '1 second'
      AND NOT EXISTS (SELECT 1 FROM export_units u WHERE u.export_id = j.id AND (
        (u.status = 'RUNNING' AND u.heartbeat_at >= now() - ${STALE_SECONDS} * interval '1 second')
        OR u.finished_at >= now() - ${STALE_SECONDS} * interval '1 second'))
    RETURNING j.id, j.phase`;
  for (const j of idle) steps.push(...(await pendingSteps(j.id, j.phase, false)));
  return steps;
}

/** Seconds before a failed unit is tried again on the queue (times its attempt number). */
const UNIT_RETRY_DELAY_S = 5;

/** Queues one step of an export, with the job options its kind needs. */
export function enqueueStep(step: Step, startAfter?: number): Promise<void> {
  return enqueue(QUEUES.export, step, { ...(step.step === "finalize" ? FINALIZE_OPTS : JOB_OPTS), ...(startAfter ? { startAfter } : {}) });
}

export function stagingDir(exportId: number) {
  return path.join(exportsRoot(), ".partial", `export-${exportId}`);
}

function configOf(job: { config: unknown }): TExportConfig {
  return ZExportConfigSchema.parse(job.config);
}

/** The steps that finish an export from its phase (resume). */
export async function pendingSteps(exportId: number, phase: string, freshAttempts: boolean): Promise<Step[]> {
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
    if (step.step === "plan") return await withHeartbeat({ exportId: job.id }, () => planStep(job));
    if (step.step === "unit") return await unitStep(job, step.unitId!);
    return await withHeartbeat({ exportId: job.id }, () => finalizeStep(job));
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
  // Taken atomically: a queued unit, or a running one whose worker stopped renewing its heartbeat.
  // A unit another live worker runs is left to it (a repeated delivery of the same step). The last
  // attempt's error stays on the unit until it succeeds (the progress shows it as a retry).
  const claimed = await db.$executeRaw`
    UPDATE export_units SET status = 'RUNNING', attempts = attempts + 1, started_at = now(), heartbeat_at = now()
    WHERE id = ${unitId} AND (status = 'QUEUED'
      OR (status = 'RUNNING' AND (heartbeat_at IS NULL OR heartbeat_at < now() - ${STALE_SECONDS} * interval '1 second')))`;
  if (claimed === 0) return [];
  return withHeartbeat({ unitId }, () => runUnit(job, unit));
}

async function runUnit(job: JobRow, unit: NonNullable<Awaited<ReturnType<typeof db.exportUnit.findUnique>>>): Promise<Step[]> {
  const unitId = unit.id;
  const config = configOf(job);
  const groups = await groupsFor(job, config);
  const root = stagingDir(job.id);
  const stillRunning = async () => (await db.exportJob.findUnique({ where: { id: job.id }, select: { status: true } }))?.status === "RUNNING";
  let result: { files: WrittenFile[]; samples: number; frames: number; notes?: ConformSummary };
  if (unit.kind === "MEDIA") {
    result = await mediaUnit(root, groups, config, (unit.payload as { dirs: string[] }).dirs, stillRunning);
  } else {
    result = await shardUnit(root, groups, config, unit.payload as unknown as ShardRef);
  }
  if (!(await stillRunning())) return []; // cancelled meanwhile: the unit stays unfinished for a resume
  await db.$transaction(async (tx) => {
    await tx.exportUnit.update({
      where: { id: unitId },
      data: { status: "SUCCEEDED", error: null, files: result.files as unknown as Prisma.InputJsonValue, samples: result.samples, frames: result.frames, readerNotes: (result.notes ?? {}) as unknown as Prisma.InputJsonValue, finishedAt: new Date() },
    });
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
    // The file's frame table (a variable rate or a start offset stays exact); a file imported
    // before frame tables is constant-rate from 0, as the snapshot's rate says.
    const row = await db.videoFile.findFirst({ where: { OR: [{ uri: v.uri }, { playbackUri: v.uri }] }, select: { uri: true, frameTable: true, playbackFrameTable: true } });
    const table = row ? (row.uri === v.uri ? row.frameTable : row.playbackFrameTable) : null;
    const times = table ? new FrameTimes(table as unknown as FrameTable) : null;
    const frameRel = (f: number) => `${m.dir}/${String(f).padStart(6, "0")}.jpg`;
    const r = await extractFrames({ input, startFrame: v.startFrame, fpsNum: v.fpsNum, fpsDen: v.fpsDen, times, frames: m.frames, outPath: (f) => path.join(root, frameRel(f)), width: config.imageWidth });
    frames += r.decodedFrames;
    for (const f of m.frames) files.push(await describeFile(root, frameRel(f)));
    // Clips a previous attempt already finished are kept; the rest come from one decoding pass.
    const missing: { frames: number[]; outPath: string; fps: { num: number; den: number } }[] = [];
    for (const c of m.clips) {
      const out = path.join(root, c.path);
      if (!(await stat(out).then((s) => s.isFile(), () => false))) missing.push({ frames: c.frames, outPath: out, fps: c.rate });
    }
    await extractClips({ input, startFrame: v.startFrame, fpsNum: v.fpsNum, fpsDen: v.fpsDen, times, clips: missing, width: config.imageWidth });
    for (const c of m.clips) files.push(await describeFile(root, c.path));
  }
  return { files, samples: 0, frames };
}

export function shardFileName(ref: Pick<ShardRef, "format" | "group" | "index" | "count">, ext: string) {
  const n = (i: number) => String(i).padStart(5, "0");
  return `${ref.format}/${ref.group}/${ref.format}-${ref.group}-${n(ref.index)}-of-${n(ref.count)}.${ext}`;
}

/** A WebDataset member key: the sample id with "/" and "." (the extension separator) replaced. */
const tarKey = (id: string) => id.replace(/[/.]/g, "_");

async function shardUnit(root: string, groups: FormatGroup[], config: TExportConfig, ref: ShardRef) {
  const g = groups.find((x) => x.format === ref.format && x.group === ref.group);
  if (!g) throw new Error(`The plan has no ${ref.format}/${ref.group} group any more.`);
  const m = formatModule(ref.format);
  const items = g.items.slice(ref.start, ref.end);
  if (m.file === "dataset") {
    // A dataset format writes its own folder (LeRobot v3.0: meta, data, videos).
    const written = await m.writeDataset!(items as SnapshotEpisode[], datasetIo(root));
    return { files: written.files, samples: written.count, frames: written.frames, notes: { records: written.count, refused: 0, warnings: written.warnings } as ConformSummary };
  }
  const o = recordOptions(config);
  // The group's records are built once per process (and their one schema for every shard of the
  // group, so a shard of whole numbers does not read as integers); a shard is a slice of them.
  const { records, shape, provenanceShape } = groupRecords(g, config);
  const built = records.slice(ref.start, ref.end);
  const files: WrittenFile[] = [];
  const ext = shardExt(ref.format, config.layout);
  if (ext === "parquet") {
    files.push(await writeFileAtomic(root, shardFileName(ref, "parquet"), parquetBytes(built.map((b) => b.record as Record<string, unknown>), shape)));
  } else if (ext === "tar") {
    const entries: TarEntry[] = [];
    built.forEach((b, i) => {
      const key = tarKey(b.id);
      entries.push({ name: `${key}.json`, data: jsonWithShape(b.record, { kind: "struct", fields: shape }) });
      for (const [role, rel] of m.tarMembers!(items[i] as never, o)) entries.push({ name: `${key}.${role}`, file: path.join(root, rel) });
    });
    files.push(await writeTarAtomic(root, shardFileName(ref, "tar"), entries));
  } else if (ext === "json") {
    files.push(await writeFileAtomic(root, shardFileName(ref, "json"), jsonArray(built.map((b) => b.record), shape)));
  } else {
    files.push(await writeFileAtomic(root, shardFileName(ref, "jsonl"), jsonLines(built.map((b) => b.record), shape)));
  }
  if (m.provenanceSidecar) files.push(await writeFileAtomic(root, `provenance/${shardFileName(ref, "jsonl")}`, jsonLines(built.map((x) => x.provenance), provenanceShape)));
  // The trainer's reader rules on every record, against the media as written.
  const notes = await conformRecords(ref.format, built, root, o);
  return { files, samples: built.length, frames: 0, notes };
}

const recordCache = new WeakMap<FormatGroup, { records: BuiltRecord<unknown>[]; shape: Map<string, Shape>; provenanceShape: Map<string, Shape> }>();
/** Every record of a group with the schemas of its records and provenance (kept while the plan is cached). */
function groupRecords(g: FormatGroup, config: TExportConfig) {
  const hit = recordCache.get(g);
  if (hit) return hit;
  const records: BuiltRecord<unknown>[] = buildRecords(g.format, g.items, recordOptions(config));
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
  const o = recordOptions(config);
  for (const format of config.formats) {
    const m = formatModule(format);
    if (m.file === "dataset") continue;
    const records = groups.filter((g) => g.format === format).flatMap((g) => groupRecords(g, config).records.map((b) => b.record as Record<string, unknown>));
    if (records.length === 0) continue;
    const features = hfFeatures(inferShape(records));
    if (shardExt(format, config.layout) === "tar") {
      out[format] = [
        { name: "__key__", dtype: "string" },
        { name: "__url__", dtype: "string" },
        { name: "json", struct: features },
        ...m.tarMemberNames!(o).map((n) => ({ name: n, dtype: n.endsWith(".jpg") ? "image" : "binary" })),
      ];
    } else out[format] = features;
  }
  return out;
}

/** Whether the media folder ships: some format reads it from files (not every format is in tars). */
function shipsMediaFolder(config: TExportConfig): boolean {
  return config.formats.some((f) => {
    const m = formatModule(f);
    return m.file !== "dataset" && shardExt(f, config.layout) !== "tar";
  });
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
  const shipMedia = shipsMediaFolder(config);
  const files = new Map<string, WrittenFile>();
  const notesBy: Record<string, ConformSummary[]> = {};
  for (const u of units) {
    // WebDataset shards carry their media; the media folder is not shipped then.
    if (u.kind === "MEDIA" && !shipMedia) continue;
    for (const f of u.files as unknown as WrittenFile[]) files.set(f.path, f);
    if (u.kind === "SHARD") (notesBy[(u.payload as unknown as ShardRef).format] ??= []).push(u.readerNotes as unknown as ConformSummary);
  }
  const warnings: Record<string, string[]> = {};
  for (const f of config.formats) warnings[f] = notesWarnings(formatModule(f), mergeNotes(notesBy[f] ?? []));
  for (const f of config.formats) {
    const m = formatModule(f);
    for (const extra of m.rootFiles?.(cardContext(f, config, groups)) ?? []) files.set(extra.path, await writeFileAtomic(root, extra.path, extra.text));
  }
  const card = datasetCard({ release, config, counts, groups, episodes: episodes.length, layout: config.layout, features: formatFeatures(groups, config), warnings });
  files.set("README.md", await writeFileAtomic(root, "README.md", card));
  const manifest = {
    name: `${release.name} v${release.version}`,
    release: { id: release.id, name: release.name, version: release.version, status: release.status, content_sha256: release.contentHash, episodes: release.episodeCount },
    seed: config.seed,
    config,
    counts,
    warnings,
    readers: Object.fromEntries(config.formats.map((f) => [f, { trainer: formatModule(f).reader.trainer, checked_against: formatModule(f).reader.source, ...mergeNotes(notesBy[f] ?? []) }])),
    media_rules: { query_frame_zero: mediaRules(config).queryFrameZero, clip_timing: mediaRules(config).clipTiming },
    files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
  const manifestText = JSON.stringify(JSON.parse(canonicalJson(manifest)), null, 2) + "\n";
  await sweepStrays(root, new Set([...files.keys(), "manifest.json"]), shipMedia);
  // The manifest goes last: its presence marks a complete export.
  const written = await writeFileAtomic(root, "manifest.json", manifestText);
  if (!shipMedia) await rm(path.join(root, "media"), { recursive: true, force: true });
  const outputUri = await publishExport({ exportId: job.id, staging: root, release, destination: config.destination, files: [...files.values(), written] });
  await db.exportJob.updateMany({ where: { id: job.id, phase: "FINALIZE" }, data: { phase: "DONE", status: "SUCCEEDED", outputUri, manifestSha256: written.sha256, finishedAt: new Date() } });
  return [];
}

/** Removes whatever a killed worker left behind (temporary files of an unfinished write). */
async function sweepStrays(root: string, keep: Set<string>, shipMedia: boolean) {
  const skipMedia = !shipMedia;
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const rel = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
    if (skipMedia && rel.startsWith("media/")) continue; // removed as a whole below
    if (!keep.has(rel)) await rm(path.join(root, rel), { force: true });
  }
}

