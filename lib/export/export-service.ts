// Exports as the API, the UI and the CLI see them: preview what each format will hold, start
// (refusing a configuration that cannot be written, or a format that would be empty), read,
// list, cancel, resume, and the finished manifest. The work itself is the job state machine in
// export-job.ts.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/policy";
import { S3_SETTINGS_NEEDED, s3Settings } from "@/lib/media/storage";
import { conflict, notFound, validationError } from "@/lib/server/errors";
import { releaseSnapshot } from "@/lib/releases/releases";
import { ZExportConfigSchema, type TExportConfig, type TExportConfigInput } from "./config";
import { EXPORT_FORMATS, formatModule } from "./formats";
import { releaseSummary } from "./formats/format";
import { planGroups } from "./plan";
import { exportProgress, RATE_WINDOW, type ExportProgress, type UnitTiming } from "./progress";
import { STALE_SECONDS, enqueueStep, pendingSteps, type Step } from "./export-job";
import type { ExportFormat, SnapshotEpisode } from "./types";

export const ZStartExportSchema = z.object({ config: ZExportConfigSchema });
export const ZPreviewExportSchema = z.object({ config: ZExportConfigSchema.partial({ formats: true }) });

export interface FormatPreview {
  format: ExportFormat;
  label: string;
  description: string;
  trainer: string;
  /** Records per split (group) this configuration gives. */
  groups: { group: string; count: number }[];
  total: number;
  /** Why it would be empty, when it would. */
  emptyReason: string | null;
  /** A configuration problem that stops this format being written, or null. */
  problem: string | null;
}

/** What each format would hold for a release and a configuration (every format when none is named). */
export function previewFormats(episodes: readonly SnapshotEpisode[], config: TExportConfig, formats: readonly ExportFormat[] = EXPORT_FORMATS): FormatPreview[] {
  const groups = planGroups([...episodes], { ...config, formats: [...formats] });
  const summary = releaseSummary(episodes);
  return formats.map((format) => {
    const m = formatModule(format);
    const own = groups.filter((g) => g.format === format).map((g) => ({ group: g.group, count: g.items.length }));
    const total = own.reduce((n, g) => n + g.count, 0);
    return {
      format,
      label: m.label,
      description: m.description,
      trainer: m.reader.trainer,
      groups: own,
      total,
      emptyReason: total === 0 ? m.emptyReason(summary) : null,
      problem: m.configProblem?.(config) ?? m.episodesProblem?.(episodes) ?? null,
    };
  });
}

/** Checks a configuration before anything is queued: every problem, by field. */
function configProblems(config: TExportConfig, preview: FormatPreview[]): { name: string; reason: string }[] {
  const problems: { name: string; reason: string }[] = [];
  for (const p of preview) {
    if (p.problem) problems.push({ name: "config.formats", reason: `${p.label}: ${p.problem}` });
    if (p.total === 0) problems.push({ name: "config.formats", reason: `${p.label} would hold no records: ${p.emptyReason}. Leave it out.` });
  }
  if (config.layout === "webdataset" && config.videoMode === "frames" && config.formats.some((f) => formatModule(f).webdataset)) {
    problems.push({ name: "config.layout", reason: "WebDataset shards hold one clip per sample: choose the clip video mode, or JSON files with a media folder for frame lists." });
  }
  if (config.destination === "s3" && !s3Settings()) {
    problems.push({ name: "config.destination", reason: `S3 is not configured on this server: set ${S3_SETTINGS_NEEDED}.` });
  }
  return problems;
}

function parseConfig(input: unknown): TExportConfig {
  const parsed = ZExportConfigSchema.safeParse(input);
  if (!parsed.success) throw validationError("The export configuration is not valid.", parsed.error.issues.map((i) => ({ name: ["config", ...i.path].join("."), reason: i.message })));
  return parsed.data;
}

async function frozenRelease(releaseId: number) {
  const release = await db.release.findUnique({ where: { id: releaseId }, select: { id: true, status: true, name: true, version: true } });
  if (!release) throw notFound(`Release ${releaseId}`);
  if (release.status === "DRAFT") throw conflict("A draft has no frozen content to export. Submit it for review first.");
  return release;
}

/** Every format's contents for a configuration (the export form's live preview, the CLI's default). */
export async function previewExport(opts: { releaseId: number; config: Partial<TExportConfigInput> }) {
  await frozenRelease(opts.releaseId);
  const config = parseConfig({ formats: ["primo-rl"], ...opts.config });
  const episodes = await releaseSnapshot(opts.releaseId);
  return { episodes: episodes.length, formats: previewFormats(episodes, config) };
}

export async function startExport(opts: { user: SessionUser | null; releaseId: number; config: TExportConfigInput; requestId?: string; enqueueJobs?: boolean }) {
  const release = await frozenRelease(opts.releaseId);
  const config = parseConfig(opts.config);
  const preview = previewFormats(await releaseSnapshot(release.id), config, config.formats);
  const problems = configProblems(config, preview);
  if (problems.length) throw validationError("The export configuration cannot be used.", problems);
  const job = await db.$transaction(async (tx) => {
    const j = await tx.exportJob.create({
      data: { releaseId: release.id, formats: config.formats, config: config as unknown as Prisma.InputJsonValue, seed: config.seed, createdById: opts.user?.id ?? null },
      select: { id: true },
    });
    await recordAudit({ actorId: opts.user?.id ?? null, action: "export.start", entityType: "export", entityId: j.id, detail: { releaseId: release.id, config }, requestId: opts.requestId }, tx);
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
    stalled: (await stalledIds([j.id])).has(j.id),
  };
}

/**
 * Running exports whose worker stopped: a unit, the plan or the finish has had no heartbeat for
 * STALE_SECONDS. Workers take such work up by themselves (reviveStalledExports); the page also
 * offers Resume.
 */
async function stalledIds(ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.$queryRaw<Array<{ id: number }>>`
    SELECT j.id FROM export_jobs j
    WHERE j.id = ANY(${ids}::int[]) AND j.status = 'RUNNING' AND (
      EXISTS (SELECT 1 FROM export_units u WHERE u.export_id = j.id AND u.status = 'RUNNING'
              AND coalesce(u.heartbeat_at, u.started_at) < now() - ${STALE_SECONDS} * interval '1 second')
      OR (j.phase IN ('PLAN', 'FINALIZE') AND coalesce(j.heartbeat_at, j.started_at, j.created_at) < now() - ${STALE_SECONDS} * interval '1 second'))`;
  return new Set(rows.map((r) => r.id));
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
  const stalled = await stalledIds(jobs.map((j) => j.id));
  return Promise.all(jobs.map(async (j) => ({ ...j, progress: await progressOf(j), stalled: stalled.has(j.id) })));
}

export async function cancelExport(opts: { user: SessionUser; id: number; requestId?: string }) {
  const job = await db.exportJob.findUnique({ where: { id: opts.id }, select: { createdById: true } });
  if (!job) throw notFound(`Export ${opts.id}`);
  authorize(opts.user, "export.manage", job);
  const moved = await db.exportJob.updateMany({ where: { id: opts.id, status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "CANCELLED", finishedAt: new Date() } });
  if (moved.count === 0) throw conflict("Only a queued or running export can be cancelled.");
  await recordAudit({ actorId: opts.user.id, action: "export.cancel", entityType: "export", entityId: opts.id, requestId: opts.requestId });
  return getExport(opts.id);
}

/** Queues again whatever did not finish: the plan, the units of the current phase, or the finish. */
export async function resumeExport(opts: { user: SessionUser | null; id: number; requestId?: string; enqueueJobs?: boolean }) {
  const j = await db.exportJob.findUnique({ where: { id: opts.id }, select: { status: true, phase: true, createdById: true } });
  if (!j) throw notFound(`Export ${opts.id}`);
  // The CLI (the operator, no user) may resume any export.
  if (opts.user) authorize(opts.user, "export.manage", j);
  if (j.status === "SUCCEEDED") throw conflict("The export is complete.");
  const moved = await db.exportJob.updateMany({ where: { id: opts.id, status: { in: ["CANCELLED", "FAILED", "RUNNING", "QUEUED"] } }, data: { status: "RUNNING", error: null, finishedAt: null } });
  if (moved.count === 0) throw conflict("The export cannot be resumed now.");
  await recordAudit({ actorId: opts.user?.id ?? null, action: "export.resume", entityType: "export", entityId: opts.id, detail: { phase: j.phase }, requestId: opts.requestId });
  // A stopped export is resumed by someone who fixed something: its unfinished units get their
  // full number of attempts again. A running one (a crashed worker's) keeps its counts.
  const steps: Step[] = await pendingSteps(opts.id, j.phase, j.status === "FAILED" || j.status === "CANCELLED");
  if (opts.enqueueJobs !== false) for (const s of steps) await enqueueStep(s);
  return { export: await getExport(opts.id), steps };
}

/** The manifest of a finished export, as stored. */
export async function readManifest(id: number): Promise<{ text: string; fileName: string }> {
  const j = await db.exportJob.findUnique({ where: { id }, select: { status: true, outputUri: true } });
  if (!j) throw notFound(`Export ${id}`);
  if (j.status !== "SUCCEEDED" || !j.outputUri) throw conflict("The export has not finished.");
  const { readExportFile } = await import("./destination");
  return { text: await readExportFile(j.outputUri, "manifest.json"), fileName: "manifest.json" };
}
