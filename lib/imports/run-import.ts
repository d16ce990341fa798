// Dataset import, shared by the UI, the API and the CLI.
//   startImport  → validates the path, records an ImportJob and queues it (API/UI)
//   runImportJob → reads, probes, validates, then writes everything in ONE transaction,
//                  so a batch is all-or-nothing and never leaves half an episode.
import { timestampNote } from "@/lib/import/timestamps";
import "server-only";
import { randomUUID } from "node:crypto";
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { detectSourceKind, readSource } from "@/lib/import/readers/detect";
import { batchLimitProblems } from "@/lib/import/limits";
import type { ImportBatch, ImportProblem, SourceKind } from "@/lib/import/types";
import { probeVideo, ProbeError, type ProbeResult } from "@/lib/media/probe";
import { FrameTimes, type FrameTable } from "@/lib/media/frame-table";
import { cameraRange, firstFrameAt } from "@/lib/media/frame-time";
import { fileUri, isInside } from "@/lib/media/storage";
import { enqueue, QUEUES } from "@/lib/jobs/queue";
import { recordAudit } from "@/lib/audit/record-audit";
import { validationError } from "@/lib/server/errors";
import type { AnnotationSnapshot } from "@/lib/annotation/types";

export interface ImportSummary {
  episodesCreated: number;
  episodesSkipped: number;
  tasks: number;
  videoFiles: number;
  transcodesQueued: number;
  /** Episodes whose timing the import noted something about (declared rate or length, variable rate, …). */
  episodesWithTimingNotes: number;
  /** The first of those notes, with their episode. */
  timingNotes: Array<{ episode: string; note: string }>;
}

/** Resolves a user-given path and checks it lies inside a configured import root. */
export async function resolveImportPath(input: string): Promise<string> {
  const candidates = path.isAbsolute(input) ? [input] : env.importRoots.map((r) => path.join(r, input));
  for (const c of candidates) {
    let real: string;
    try {
      real = await realpath(c);
    } catch {
      continue;
    }
    for (const root of env.importRoots) {
      const realRoot = await realpath(root).catch(() => null);
      if (realRoot && isInside(realRoot, real)) return real;
    }
    throw validationError("That path is outside the import folders.", [
      { name: "path", reason: `must be inside one of: ${env.importRoots.join(", ")}` },
    ]);
  }
  throw validationError("Nothing found at that path.", [{ name: "path", reason: `${input} does not exist in the import folders` }]);
}

export async function startImport(opts: {
  actor: SessionUser;
  path: string;
  kind?: SourceKind;
  environment?: string;
  requestId?: string;
}) {
  const job = await createImportJob(opts);
  await enqueue(QUEUES.import, { importJobId: job.id });
  return job;
}

export async function createImportJob(opts: {
  actor: SessionUser | null;
  path: string;
  kind?: SourceKind;
  environment?: string;
  requestId?: string;
}) {
  let abs = await resolveImportPath(opts.path);
  const kind = opts.kind ?? (await detectSourceKind(abs));
  // A manifest may be given as its folder; the reader wants the file itself.
  if (kind === "MANIFEST" && (await stat(abs)).isDirectory()) abs = path.join(abs, "manifest.jsonl");
  if (!kind) {
    throw validationError("Could not tell what kind of dataset this is.", [
      { name: "path", reason: "expected a LeRobot folder (meta/info.json), an AgiBot folder (task_info/) or a .jsonl manifest" },
    ]);
  }
  return db.$transaction(async (tx) => {
    const job = await tx.importJob.create({
      data: {
        kind,
        sourceUri: abs,
        createdById: opts.actor?.id ?? null,
        progress: { stage: "queued", environment: opts.environment ?? null } as Prisma.InputJsonValue,
      },
    });
    await recordAudit(
      { actorId: opts.actor?.id ?? null, action: "import.start", entityType: "import", entityId: job.id, detail: { kind, path: abs }, requestId: opts.requestId },
      tx,
    );
    return job;
  });
}

const slugify = (s: string) =>
  s.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80) || "env";

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (i < items.length) {
        const k = i++;
        out[k] = await fn(items[k]!);
      }
    }),
  );
  return out;
}

type Progress = (p: Record<string, unknown>) => void;

export async function runImportJob(jobId: number, onProgress?: Progress): Promise<{ ok: boolean; summary?: ImportSummary; problems?: ImportProblem[] }> {
  const claimed = await db.importJob.updateMany({
    where: { id: jobId, status: "QUEUED" },
    data: { status: "RUNNING", startedAt: new Date() },
  });
  if (claimed.count === 0) return { ok: false };
  const job = await db.importJob.findUniqueOrThrow({ where: { id: jobId } });
  const environment = ((job.progress as Record<string, unknown>)?.environment as string | null) ?? undefined;
  let lastWrite = 0;
  const progress = async (p: Record<string, unknown>, force = false) => {
    onProgress?.(p);
    if (!force && Date.now() - lastWrite < 500) return;
    lastWrite = Date.now();
    await db.importJob.update({ where: { id: jobId }, data: { progress: { ...p, environment: environment ?? null } as Prisma.InputJsonValue } });
  };
  const fail = async (problems: ImportProblem[]) => {
    await db.importJob.update({
      where: { id: jobId },
      data: { status: "FAILED", finishedAt: new Date(), errors: problems.slice(0, 1000) as unknown as Prisma.InputJsonValue, progress: { stage: "failed", problemCount: problems.length } },
    });
    return { ok: false, problems };
  };
  try {
    await progress({ stage: "reading" }, true);
    const batch = await readSource(job.kind, { root: job.sourceUri, environment });
    if (batch.problems.length) return await fail(batch.problems);
    const overLimits = batchLimitProblems(batch);
    if (overLimits.length) return await fail(overLimits);
    const baseDir = job.kind === "MANIFEST" && (await stat(job.sourceUri)).isFile() ? path.dirname(job.sourceUri) : job.sourceUri;
    const { probes, problems, stale } = await probeAll(batch, baseDir, (done, total) => progress({ stage: "probing", done, total }));
    const prepared = prepare(batch, probes, problems);
    if (problems.length) return await fail(problems);
    await progress({ stage: "writing", total: prepared.length }, true);
    const summary = await writeBatch(batch, job.sourceUri, baseDir, prepared, probes, stale, job.createdById);
    for (const id of summary.transcodeIds) await enqueue(QUEUES.transcode, { videoFileId: id });
    const { transcodeIds: _t, ...rest } = summary;
    await db.importJob.update({
      where: { id: jobId },
      data: { status: "SUCCEEDED", finishedAt: new Date(), progress: { stage: "done", ...rest } as Prisma.InputJsonValue },
    });
    return { ok: true, summary: rest };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    console.error(`[import ${jobId}]`, err);
    return fail([{ file: path.basename(job.sourceUri), reason: `import stopped: ${reason}` }]);
  }
}

async function probeAll(batch: ImportBatch, baseDir: string, onProgress: (done: number, total: number) => Promise<void>) {
  const files = [...new Set(batch.episodes.flatMap((e) => e.cameras.map((c) => c.path)))];
  const probes = new Map<string, ProbeResult>();
  const problems: ImportProblem[] = [];
  /** Files known from an earlier import that had no frame table yet. */
  const stale = new Set<string>();
  // Files probed by an earlier import of the same data are not probed again.
  const known = await db.videoFile.findMany({ where: { uri: { in: files.map((f) => fileUri(path.join(baseDir, f))) } } });
  const knownByUri = new Map(known.map((k) => [k.uri, k]));
  const roots = (await Promise.all(env.importRoots.map((r) => realpath(r).catch(() => null)))).filter((r): r is string => r !== null);
  let done = 0;
  await mapLimit(files, 4, async (rel) => {
    const abs = path.join(baseDir, rel);
    // A link inside the dataset may point anywhere: it is followed only into the import folders,
    // and nothing outside them is ever opened, probed or served.
    const real = await realpath(abs).catch(() => null);
    if (real && !roots.some((r) => isInside(r, real))) {
      problems.push({ file: rel, reason: "video is a link to a file outside the import folders; it is not read" });
      done++;
      return;
    }
    const k = knownByUri.get(fileUri(abs));
    const size = await stat(abs).then((s) => s.size, () => -1);
    // Files probed before frame tables existed are probed again.
    if (k && Number(k.sizeBytes) === size && k.frameTable) {
      probes.set(rel, {
        codec: k.codec, pixFmt: k.pixFmt, width: k.width, height: k.height, fpsNum: k.fpsNum, fpsDen: k.fpsDen,
        frameCount: k.frameCount, durationSec: k.durationSec, sizeBytes: size, browserPlayable: k.browserPlayable,
        frameTable: k.frameTable as unknown as FrameTable,
        hiddenFrames: 0,
      });
    } else {
      if (k && Number(k.sizeBytes) === size) stale.add(rel);
      try {
        probes.set(rel, await probeVideo(abs, env.FFPROBE_PATH));
      } catch (err) {
        problems.push({ file: rel, reason: err instanceof ProbeError ? `video ${err.message}` : String(err) });
      }
    }
    done++;
    if (done % 20 === 0 || done === files.length) await onProgress(done, files.length);
  });
  return { probes, problems, stale };
}

interface PreparedEpisode {
  index: number;
  fps: number;
  lengthFrames: number;
  referenceCamera: string;
  cameras: Array<{ camera: string; rel: string; startSec: number; startFrame: number; frameCount: number; offsetMs: number }>;
  /** What the import found about the episode's timing, for the user. */
  notes: string[];
}

const fmtFps = (x: number) => String(Number(x.toFixed(2)));
const fmtSec = (x: number) => `${x.toFixed(3).replace(/\.?0+$/, "")} s`;

/**
 * Each episode's frame grid (lib/media/frame-time.ts): the reference camera's frames are the
 * episode's; every other camera keeps its own frames over the same stretch of time. Declared
 * rates and lengths that disagree with the files are noted, not trusted.
 */
export function prepare(batch: ImportBatch, probes: Map<string, ProbeResult>, problems: ImportProblem[]): PreparedEpisode[] {
  const out: PreparedEpisode[] = [];
  batch.episodes.forEach((ep, index) => {
    if (ep.cameras.some((c) => !probes.has(c.path)) || ep.cameras.length === 0) return;
    const notes: string[] = [];
    const refName = ep.referenceCamera ?? ep.cameras[0]!.camera;
    const refCam = ep.cameras.find((c) => c.camera === refName)!;
    const refProbe = probes.get(refCam.path)!;
    const refTimes = new FrameTimes(refProbe.frameTable);
    const refStart = firstFrameAt(refTimes, refCam.startSec);
    const refAvailable = refTimes.count - refStart;
    let length = refCam.frameCount ?? ep.lengthFrames ?? refAvailable;
    if (ep.lengthFrames != null && refCam.frameCount != null && ep.lengthFrames !== refCam.frameCount) {
      notes.push(`The episode declares ${ep.lengthFrames} frames but its reference camera ${refName} declares ${refCam.frameCount}; ${refCam.frameCount} are used.`);
    }
    if (length > refAvailable) {
      if (length > refAvailable + 1) {
        problems.push({
          file: refCam.path,
          episode: ep.sourceKey,
          reason: `camera ${refName} needs frames ${refStart}..${refStart + length - 1} but the video has ${refTimes.count} frames`,
        });
        return;
      }
      notes.push(`The source says ${length} frames, one more than camera ${refName} has from the episode's start; ${refAvailable} are used.`);
      length = refAvailable;
    } else if (ep.lengthFrames != null && refCam.frameCount == null && refCam.startSec === 0 && length < refAvailable) {
      notes.push(`The episode declares ${length} frames; camera ${refName}'s video has ${refAvailable}. The episode is its first ${length}.`);
    }
    const refRate = refTimes.averageFps;
    if (ep.fps != null && Math.abs(ep.fps - refRate) > 0.01 * refRate) {
      notes.push(`The source declares ${fmtFps(ep.fps)} fps; camera ${refName}'s video plays at ${fmtFps(refRate)} fps. Frames and times follow the video.`);
    }
    // The stretch of time the episode covers, from its start in the reference file.
    const spanSec = refTimes.time(refStart + length) - refCam.startSec;
    const cams: PreparedEpisode["cameras"] = [];
    let bad = false;
    for (const c of ep.cameras) {
      const pr = probes.get(c.path)!;
      const times = c === refCam ? refTimes : new FrameTimes(pr.frameTable);
      if (!times.uniformRate) {
        const d = Array.from({ length: Math.min(times.count - 1, 100_000) }, (_, k) => times.duration(k));
        const lo = 1 / Math.max(...d);
        const hi = 1 / Math.min(...d);
        notes.push(`Camera ${c.camera} has a variable frame rate (${fmtFps(lo)} to ${fmtFps(hi)} fps, ${fmtFps(times.averageFps)} on average); it plays as recorded, each frame at its own time.`);
      }
      if (pr.hiddenFrames > 0) {
        notes.push(
          `Camera ${c.camera}'s container gives its video a duration that ends before its last ${pr.hiddenFrames === 1 ? "frame" : `${pr.hiddenFrames} frames`} (from ${fmtSec(times.time(times.count - pr.hiddenFrames))}), which browsers cannot show; it plays from a copy that shows every frame at its own time, with the same frame numbers.`,
        );
      }
      if (c === refCam) {
        cams.push({ camera: c.camera, rel: c.path, startSec: c.startSec, startFrame: refStart, frameCount: length, offsetMs: c.offsetMs ?? 0 });
        continue;
      }
      // Its frames that start within the episode's stretch of time, shifted by its offset (a
      // camera whose picture comes later shows the episode's moments later in its file).
      const { from, startFrame, frameCount: spanCount, available } = cameraRange(times, c.startSec, c.offsetMs ?? 0, spanSec);
      let frameCount = spanCount;
      if (c.frameCount != null) {
        if (c.frameCount > available + 1) {
          problems.push({
            file: c.path,
            episode: ep.sourceKey,
            reason: `camera ${c.camera} needs frames ${startFrame}..${startFrame + c.frameCount - 1} but the video has ${times.count} frames`,
          });
          bad = true;
          continue;
        }
        if (Math.abs(c.frameCount - spanCount) > 1) {
          notes.push(`Camera ${c.camera}: the source says ${c.frameCount} frames, but in the episode's ${fmtSec(spanSec)} its video has ${spanCount}; ${spanCount} are used.`);
        } else frameCount = Math.min(c.frameCount, available);
      }
      const camSpan = times.time(startFrame + frameCount) - from;
      if (frameCount > 0 && spanSec - camSpan > times.duration(startFrame + frameCount - 1) * 1.5) {
        notes.push(`Camera ${c.camera} ends ${fmtSec(spanSec - camSpan)} before the episode; it shows its last frame from then on.`);
      }
      if (frameCount === 0) {
        problems.push({ file: c.path, episode: ep.sourceKey, reason: `camera ${c.camera} has no frames in the episode's time (from ${fmtSec(from)})` });
        bad = true;
        continue;
      }
      cams.push({ camera: c.camera, rel: c.path, startSec: c.startSec, startFrame, frameCount, offsetMs: c.offsetMs ?? 0 });
    }
    if (bad) return;
    if (ep.frameTimestamps?.length) {
      const note = timestampNote(ep.frameTimestamps, refTimes, refCam.startSec, refStart, length, refName);
      if (note) notes.push(note);
    }
    if (ep.segments?.some((s) => s.endFrame >= length)) {
      problems.push({ file: "", episode: ep.sourceKey, reason: `a subtask ends after the episode's last frame (${length - 1})` });
      return;
    }
    out.push({ index, fps: refRate, lengthFrames: length, referenceCamera: refName, cameras: cams, notes });
  });
  return out;
}

async function writeBatch(
  batch: ImportBatch,
  sourceUri: string,
  baseDir: string,
  prepared: PreparedEpisode[],
  probes: Map<string, ProbeResult>,
  stale: Set<string>,
  actorId: number | null,
): Promise<ImportSummary & { transcodeIds: number[] }> {
  // One transaction for the whole batch: either every episode with its cameras, segments and
  // provenance lands, or nothing does.
  return db.$transaction(
    async (tx) => {
      const source = await tx.source.upsert({
        where: { kind_uri: { kind: batch.kind, uri: sourceUri } },
        create: { kind: batch.kind, uri: sourceUri, name: batch.name },
        update: { name: batch.name },
      });
      const envNames = [...new Set([...batch.tasks.map((t) => t.environment), ...batch.episodes.map((e) => e.environment)])];
      const envIds = new Map<string, number>();
      for (const name of envNames) {
        const e = await tx.environment.upsert({ where: { slug: slugify(name) }, create: { slug: slugify(name), name }, update: {} });
        envIds.set(name, e.id);
      }
      const taskIds = new Map<string, number>();
      const taskDefs = new Map(batch.tasks.map((t) => [`${t.environment}\u0000${t.key}`, t]));
      for (const ep of batch.episodes) {
        const k = `${ep.environment}\u0000${ep.taskKey}`;
        if (!taskDefs.has(k)) taskDefs.set(k, { environment: ep.environment, key: ep.taskKey, instruction: ep.instruction, canonicalSubtasks: [] });
      }
      for (const [k, t] of taskDefs) {
        const envId = envIds.get(t.environment)!;
        const row = await tx.task.upsert({
          where: { environmentId_key: { environmentId: envId, key: t.key } },
          create: { environmentId: envId, key: t.key, instruction: t.instruction, canonicalSubtasks: t.canonicalSubtasks },
          update: t.canonicalSubtasks.length ? { canonicalSubtasks: t.canonicalSubtasks } : {},
        });
        taskIds.set(k, row.id);
      }
      const existing = new Set(
        (await tx.episode.findMany({ where: { sourceId: source.id }, select: { sourceKey: true } })).map((e) => e.sourceKey),
      );
      const fresh = prepared.filter((p) => !existing.has(batch.episodes[p.index]!.sourceKey));

      const rels = [...new Set(fresh.flatMap((p) => p.cameras.map((c) => c.rel)))];
      await tx.videoFile.createMany({
        data: rels.map((rel) => {
          const pr = probes.get(rel)!;
          return {
            uri: fileUri(path.join(baseDir, rel)),
            sizeBytes: BigInt(pr.sizeBytes),
            codec: pr.codec,
            pixFmt: pr.pixFmt,
            width: pr.width,
            height: pr.height,
            fpsNum: pr.fpsNum,
            fpsDen: pr.fpsDen,
            frameCount: pr.frameCount,
            durationSec: pr.durationSec,
            browserPlayable: pr.browserPlayable,
            transcodeStatus: pr.browserPlayable ? "NOT_NEEDED" : "PENDING",
            frameTable: pr.frameTable as unknown as Prisma.InputJsonValue,
          };
        }),
        skipDuplicates: true,
      });
      // Rows from before frame tables get theirs (same file: same size, probed again above).
      for (const rel of rels.filter((r) => stale.has(r))) {
        const pr = probes.get(rel)!;
        await tx.videoFile.updateMany({
          where: { uri: fileUri(path.join(baseDir, rel)) },
          data: { frameTable: pr.frameTable as unknown as Prisma.InputJsonValue, frameCount: pr.frameCount, fpsNum: pr.fpsNum, fpsDen: pr.fpsDen, durationSec: pr.durationSec, browserPlayable: pr.browserPlayable },
        });
      }
      const files = await tx.videoFile.findMany({
        where: { uri: { in: rels.map((rel) => fileUri(path.join(baseDir, rel))) } },
        select: { id: true, uri: true, transcodeStatus: true },
      });
      const fileIds = new Map(files.map((f) => [f.uri, f.id]));

      const created = await tx.episode.createManyAndReturn({
        data: fresh.map((p) => {
          const ep = batch.episodes[p.index]!;
          return {
            sourceId: source.id,
            sourceKey: ep.sourceKey,
            environmentId: envIds.get(ep.environment)!,
            taskId: taskIds.get(`${ep.environment}\u0000${ep.taskKey}`)!,
            lengthFrames: p.lengthFrames,
            fps: p.fps,
            referenceCamera: p.referenceCamera,
            timingNotes: p.notes,
            outcome: ep.outcome,
            splitTags: ep.splitTags,
            metadata: ep.metadata as Prisma.InputJsonValue,
          };
        }),
        select: { id: true, sourceKey: true },
      });
      const idByKey = new Map(created.map((c) => [c.sourceKey, c.id]));
      await tx.episodeVideo.createMany({
        data: fresh.flatMap((p) => {
          const episodeId = idByKey.get(batch.episodes[p.index]!.sourceKey)!;
          return p.cameras.map((c) => ({
            episodeId,
            camera: c.camera,
            videoFileId: fileIds.get(fileUri(path.join(baseDir, c.rel)))!,
            startSec: c.startSec,
            startFrame: c.startFrame,
            frameCount: c.frameCount,
            offsetMs: c.offsetMs,
          }));
        }),
      });
      const withSegments = fresh.filter((p) => batch.episodes[p.index]!.segments?.length);
      if (withSegments.length) {
        const anns = await tx.annotation.createManyAndReturn({
          data: withSegments.map((p) => {
            const ep = batch.episodes[p.index]!;
            return { episodeId: idByKey.get(ep.sourceKey)!, origin: ep.segmentOrigin ?? "MANIFEST", outcome: ep.outcome, failureReason: ep.failureReason ?? null };
          }),
          select: { id: true, episodeId: true },
        });
        const annByEpisode = new Map(anns.map((a) => [a.episodeId, a.id]));
        const segRows: Prisma.SegmentCreateManyInput[] = [];
        const versionRows: Prisma.AnnotationVersionCreateManyInput[] = [];
        for (const p of withSegments) {
          const ep = batch.episodes[p.index]!;
          const annotationId = annByEpisode.get(idByKey.get(ep.sourceKey)!)!;
          const segments = ep.segments!.map((s) => ({ key: randomUUID(), startFrame: s.startFrame, endFrame: s.endFrame, label: s.label }));
          for (const s of segments) segRows.push({ annotationId, ...s });
          const snapshot: AnnotationSnapshot = { segments, outcome: ep.outcome, failureReason: ep.outcome === "FAILURE" ? (ep.failureReason ?? null) : null, note: "", qualityFlags: [] };
          versionRows.push({ annotationId, version: 1, authorId: null, snapshot: snapshot as unknown as Prisma.InputJsonValue });
        }
        await tx.segment.createMany({ data: segRows });
        await tx.annotationVersion.createMany({ data: versionRows });
      }
      const summary = {
        episodesCreated: created.length,
        episodesSkipped: prepared.length - fresh.length,
        tasks: taskDefs.size,
        videoFiles: rels.length,
        transcodesQueued: files.filter((f) => f.transcodeStatus === "PENDING").length,
        episodesWithTimingNotes: fresh.filter((p) => p.notes.length).length,
        timingNotes: fresh.flatMap((p) => p.notes.map((note) => ({ episode: batch.episodes[p.index]!.sourceKey, note }))).slice(0, 200),
      };
      await recordAudit({ actorId, action: "import.complete", entityType: "source", entityId: source.id, detail: summary }, tx);
      return { ...summary, transcodeIds: files.filter((f) => f.transcodeStatus === "PENDING").map((f) => f.id) };
    },
    { timeout: 300_000, maxWait: 30_000 },
  );
}

export async function listImportJobs() {
  return db.importJob.findMany({
    orderBy: { id: "desc" },
    take: 50,
    include: { createdBy: { select: { id: true, name: true } } },
  });
}

export async function getImportJob(id: number) {
  return db.importJob.findUnique({ where: { id }, include: { createdBy: { select: { id: true, name: true } } } });
}
