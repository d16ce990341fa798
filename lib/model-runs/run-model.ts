// Running a model on episodes: a run is created QUEUED with its whole plan in `config`, and a
// background job sends one PRIMO-shaped request per sample to the run's endpoint, within the
// endpoint's rate limit and concurrency, retrying what can be retried. Every answer is written
// as it arrives, so a job that dies is resumed by the next attempt from where it stopped
// (samples already answered are skipped). The run's `progress` shows total / done / failed.
import "server-only";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { zInt } from "@/lib/server/schemas";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { conflict, notFound, validationError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { enqueue, QUEUES } from "@/lib/jobs/queue";
import { mediaStore } from "@/lib/media/storage";
import { frameImageUri } from "@/lib/media/extract-frame";
import { episodeSplitsSql } from "@/lib/predictions/benchmark-split";
import { parseModelOutput } from "@/lib/primo/parse-output";
import { setGroundTruthFor } from "@/lib/predictions/ground-truth";
import { authorizeRun } from "@/lib/predictions/runs";
import { ChatError, RateLimiter, chatCompletion, withRetries } from "./chat-client";
import { buildChatRequest, sampleFrameIndices, type ChatImage } from "@/lib/primo/prompt";
import { pickQuestion } from "@/lib/primo/questions";
import { endpointConfig } from "./endpoints";

export const ZStartModelRunSchema = z.object({
  endpointId: zInt().positive(),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).default(""),
  episodes: z
    .object({
      ids: z.array(zInt().positive()).max(10_000).optional(),
      environmentId: zInt().positive().optional(),
      taskId: zInt().positive().optional(),
      split: z.enum(["ID", "OOD_CROSS_TASK", "OOD_CROSS_ENV", "TRAIN"]).optional(),
      limit: zInt().min(1).max(10_000).default(100),
    })
    .refine((v) => v.ids?.length || v.environmentId || v.taskId || v.split, "Choose episodes: ids, an environment, a task or a split."),
  /** Query frames per episode, evenly spread over the episode (the last frame included). */
  queriesPerEpisode: zInt().min(1).max(100).default(8),
  /** Frames in V_seq (PRIMO trains with 16 and evaluates with 32). */
  framesPerSample: zInt().min(2).max(64).default(32),
  camera: z.string().trim().min(1).max(200).optional(),
  /** Longest side of the images sent, in pixels. */
  imageWidth: z.union([z.literal(320), z.literal(640)]).default(640),
});
export type TStartModelRun = z.infer<typeof ZStartModelRunSchema>;

/** `count` query frames spread over the episode, ending on its last frame (frame 0 is left out: its progress is 0 by definition). */
export function queryFramesFor(lengthFrames: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= count; i++) {
    const f = Math.floor((i * (lengthFrames - 1)) / count);
    if (f > 0 && out[out.length - 1] !== f) out.push(f);
  }
  return out;
}

async function selectEpisodes(sel: TStartModelRun["episodes"]) {
  const where: Prisma.Sql[] = [Prisma.sql`true`];
  if (sel.ids?.length) where.push(Prisma.sql`e.id = ANY(${sel.ids}::int[])`);
  if (sel.environmentId) where.push(Prisma.sql`e.environment_id = ${sel.environmentId}`);
  if (sel.taskId) where.push(Prisma.sql`e.task_id = ${sel.taskId}`);
  if (sel.split) where.push(Prisma.sql`sp.split = ${sel.split}`);
  return db.$queryRaw<Array<{ id: number; task_id: number; length_frames: number; instruction: string }>>`
    WITH split AS (${episodeSplitsSql})
    SELECT e.id, e.task_id, e.length_frames, t.instruction
    FROM episodes e JOIN split sp ON sp.episode_id = e.id JOIN tasks t ON t.id = e.task_id
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY e.id
    LIMIT ${sel.limit}`;
}

export async function startModelRun(opts: { user: SessionUser; data: TStartModelRun; requestId?: string }) {
  const { data } = opts;
  const endpoint = await db.modelEndpoint.findUnique({ where: { id: data.endpointId }, select: { id: true, name: true, model: true, baseUrl: true, videoMode: true } });
  if (!endpoint) throw notFound(`Endpoint ${data.endpointId}`);
  const episodes = await selectEpisodes(data.episodes);
  if (episodes.length === 0) throw validationError("No episode matches that selection.", [{ name: "episodes", reason: "No episode matches." }]);
  const total = episodes.reduce((n, e) => n + queryFramesFor(e.length_frames, data.queriesPerEpisode).length, 0);
  if (await db.predictionRun.findUnique({ where: { name: data.name }, select: { id: true } })) {
    throw conflict(`A run named "${data.name}" exists already. Choose another name.`);
  }
  // The run and its audit entry land together; the job is queued after the commit.
  const run = await db.$transaction(async (tx) => {
    const r = await tx.predictionRun.create({
      data: {
        name: data.name,
        modelName: endpoint.model,
        description: data.description,
        progressScale: 100,
        origin: "endpoint",
        status: "QUEUED",
        endpointId: endpoint.id,
        createdById: opts.user.id,
        progress: { total, done: 0, failed: 0, message: "Queued" },
        config: {
          endpoint: { id: endpoint.id, name: endpoint.name, baseUrl: endpoint.baseUrl, model: endpoint.model, videoMode: endpoint.videoMode },
          episodeIds: episodes.map((e) => e.id),
          queriesPerEpisode: data.queriesPerEpisode,
          framesPerSample: data.framesPerSample,
          camera: data.camera ?? null,
          imageWidth: data.imageWidth,
        },
      },
      select: { id: true, name: true, status: true, progress: true },
    });
    await recordAudit({ actorId: opts.user.id, action: "run.start", entityType: "prediction_run", entityId: r.id, detail: { endpoint: endpoint.name, episodes: episodes.length, samples: total }, requestId: opts.requestId }, tx);
    return r;
  });
  await enqueue(QUEUES.modelRun, { runId: run.id }, { retryLimit: 3, retryDelay: 30, expireInSeconds: 12 * 3600, singletonKey: `run-${run.id}` });
  return run;
}

export async function cancelModelRun(opts: { user: SessionUser; id: number; requestId?: string }) {
  await authorizeRun(opts.user, opts.id);
  const n = await db.predictionRun.updateMany({ where: { id: opts.id, status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "CANCELLED" } });
  if (n.count === 0) throw conflict("Only a queued or running model run can be cancelled.");
  await recordAudit({ actorId: opts.user.id, action: "run.cancel", entityType: "prediction_run", entityId: opts.id, requestId: opts.requestId });
  return { id: opts.id, status: "CANCELLED" };
}

const ZRunConfig = z.object({
  episodeIds: z.array(z.number()),
  queriesPerEpisode: z.number(),
  framesPerSample: z.number(),
  camera: z.string().nullable(),
  imageWidth: z.number(),
});

async function readAll(key: string): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = (await mediaStore().read(key)).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function frameJpeg(episodeId: number, frame: number, camera: string | null, width: number): Promise<ChatImage> {
  const uri = await frameImageUri({ episodeId, frame, camera: camera ?? undefined, width });
  return { mime: "image/jpeg", base64: (await readAll(uri.slice("media:".length))).toString("base64") };
}

/** The sampled frames as a short H.264 clip at 2 fps, for endpoints that take a video (vLLM video_url). */
async function framesToMp4(frames: ChatImage[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "critic-vseq-"));
  try {
    await Promise.all(frames.map((f, i) => writeFile(path.join(dir, `${String(i).padStart(4, "0")}.jpg`), Buffer.from(f.base64, "base64"))));
    const out = path.join(dir, "vseq.mp4");
    await new Promise<void>((resolve, reject) => {
      const p = spawn(env.FFMPEG_PATH, ["-v", "error", "-nostdin", "-y", "-framerate", "2", "-i", path.join(dir, "%04d.jpg"), "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264", "-pix_fmt", "yuv420p", out]);
      let err = "";
      p.stderr.on("data", (d) => (err += d));
      p.on("error", reject);
      p.on("close", (c) => (c === 0 ? resolve() : reject(new Error(err || `ffmpeg exited ${c}`))));
    });
    return (await readFile(out)).toString("base64");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The job: runs (or resumes) one model run. Options exist for tests (no real waiting). */
export async function runModelJob(runId: number, opts: { sleep?: (ms: number) => Promise<void> } = {}): Promise<void> {
  const claimed = await db.predictionRun.updateMany({ where: { id: runId, status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "RUNNING" } });
  if (claimed.count === 0) return; // cancelled or finished
  const run = await db.predictionRun.findUniqueOrThrow({ where: { id: runId }, select: { id: true, endpointId: true, config: true, progress: true } });
  const setProgress = (p: Record<string, unknown>, extra: Prisma.PredictionRunUpdateManyMutationInput = {}) =>
    db.predictionRun.updateMany({ where: { id: runId, status: "RUNNING" }, data: { progress: p as Prisma.InputJsonValue, ...extra } });
  if (!run.endpointId) {
    await db.predictionRun.update({ where: { id: runId }, data: { status: "FAILED", progress: { ...(run.progress as object), message: "The run's endpoint was deleted." } } });
    return;
  }
  const cfg = ZRunConfig.parse(run.config);
  const endpoint = await endpointConfig(run.endpointId);
  const episodes = await db.episode.findMany({
    where: { id: { in: cfg.episodeIds } },
    select: { id: true, taskId: true, lengthFrames: true, task: { select: { instruction: true } } },
    orderBy: { id: "asc" },
  });
  const done = new Set(
    (await db.prediction.findMany({ where: { runId }, select: { episodeId: true, queryFrame: true } })).map((p) => `${p.episodeId}|${p.queryFrame}`),
  );
  const samples = episodes.flatMap((e) => queryFramesFor(e.lengthFrames, cfg.queriesPerEpisode).map((frame) => ({ episode: e, frame })));
  const todo = samples.filter((s) => !done.has(`${s.episode.id}|${s.frame}`));
  const progress = { total: samples.length, done: samples.length - todo.length, failed: 0, message: "Running" };
  const problems: { sample: string; message: string }[] = [];
  await setProgress(progress);

  const limiter = new RateLimiter({ requestsPerMinute: endpoint.row.requestsPerMinute, concurrency: endpoint.row.concurrency });
  let cancelled = false;
  let lastCheck = Date.now();
  await Promise.all(
    todo.map((s) =>
      limiter.run(async () => {
        if (cancelled) return;
        const label = `episode ${s.episode.id} frame ${s.frame}`;
        try {
          const sampled = sampleFrameIndices(s.frame, cfg.framesPerSample);
          const [init, current, ...frames] = await Promise.all(
            [0, s.frame, ...sampled].map((f) => frameJpeg(s.episode.id, f, cfg.camera, cfg.imageWidth)),
          );
          const question = pickQuestion(`${runId}|${s.episode.id}|${s.frame}`);
          const body = buildChatRequest({
            model: endpoint.model,
            instruction: s.episode.task.instruction,
            question: question.text,
            initImage: init,
            sampledFrames: frames,
            currentImage: current,
            videoMode: endpoint.row.videoMode === "video" ? "video" : "frames",
            video: endpoint.row.videoMode === "video" ? { mime: "video/mp4", base64: await framesToMp4(frames) } : undefined,
            maxTokens: endpoint.row.maxTokens,
            temperature: endpoint.row.temperature,
          });
          const answer = await withRetries(() => chatCompletion(endpoint, body), { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000 }, { sleep: opts.sleep });
          const parsed = parseModelOutput(answer.text, { questionType: "PROGRESS", scale: 100 });
          // Each answer is its own small transaction: nothing is lost when the job stops midway.
          await db.$transaction(async (tx) => {
            const row = await tx.prediction.upsert({
              where: { runId_episodeId_queryFrame_questionType: { runId, episodeId: s.episode.id, queryFrame: s.frame, questionType: "PROGRESS" } },
              update: {},
              create: {
                runId, episodeId: s.episode.id, queryFrame: s.frame, questionType: "PROGRESS", question: question.text, sampledFrames: sampled,
                rawOutput: answer.text, formatOk: parsed.formatOk, think: parsed.think, planning: parsed.planning, observation: parsed.observation,
                reasoning: parsed.reasoning, answerText: parsed.answerText, value: parsed.value, progress: parsed.progress, parseFlag: parsed.flag,
              },
              select: { id: true },
            });
            await setGroundTruthFor(tx, s.episode.taskId, [row.id]);
          });
          progress.done++;
        } catch (err) {
          progress.failed++;
          problems.push({ sample: label, message: err instanceof ChatError || err instanceof Error ? err.message : String(err) });
        }
        if (Date.now() - lastCheck > 1000 || progress.done + progress.failed === progress.total) {
          lastCheck = Date.now();
          const still = await setProgress({ ...progress }, { problems: problems.slice(-200) as unknown as Prisma.InputJsonValue });
          if (still.count === 0) cancelled = true; // someone cancelled the run
        }
      }),
    ),
  );
  if (cancelled) return;
  const failedAll = progress.done === 0 && progress.failed > 0;
  await db.predictionRun.updateMany({
    where: { id: runId, status: "RUNNING" },
    data: {
      status: failedAll ? "FAILED" : "SUCCEEDED",
      progress: { ...progress, message: failedAll ? "Every request failed; see the problems." : progress.failed ? `Done; ${progress.failed} sample(s) failed.` : "Done" },
      problems: problems.slice(-200) as unknown as Prisma.InputJsonValue,
    },
  });
}

/** Queues a stopped run again; samples already answered are skipped, so this retries only what failed or never ran. */
export async function resumeModelRun(opts: { user: SessionUser; id: number; requestId?: string }) {
  await authorizeRun(opts.user, opts.id);
  const n = await db.predictionRun.updateMany({ where: { id: opts.id, origin: "endpoint", endpointId: { not: null }, status: { in: ["SUCCEEDED", "FAILED", "CANCELLED"] } }, data: { status: "QUEUED" } });
  if (n.count === 0) throw conflict("Only a finished, failed or cancelled model run whose endpoint still exists can be resumed.");
  await recordAudit({ actorId: opts.user.id, action: "run.resume", entityType: "prediction_run", entityId: opts.id, requestId: opts.requestId });
  await enqueue(QUEUES.modelRun, { runId: opts.id }, { retryLimit: 3, retryDelay: 30, expireInSeconds: 12 * 3600 });
  return { id: opts.id, status: "QUEUED" };
}
