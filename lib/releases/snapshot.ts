// The content of a release: the episodes its definition selects, each frozen with everything an
// export needs (approved annotation, progress settings and typical durations of its task, main
// camera video, accepted chains, split). Once frozen into release_episodes, later edits to
// annotations, tasks or chains never reach it.
import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Outcome } from "@/lib/annotation/types";
import type { SnapshotChain, SnapshotEpisode } from "@/lib/export/types";
import { typicalDurationsForTask } from "@/lib/tasks/task-labels";
import type { TReleaseDefinition } from "./schemas";
import { assignSplit, type TSplitConfig } from "./splits";

type Client = Prisma.TransactionClient | typeof db;

export const SELECTION_RULE =
  "Episodes of the chosen environments, tasks and episodes that have an approved annotation with segments or a known outcome. The latest approved annotation is the one frozen. Chains are the accepted chain reviews of progress predictions on the episode, as edited.";

/** The episodes a definition selects, with their approved annotation (lightweight, for previews). */
async function selectedAnnotations(def: TReleaseDefinition, client: Client) {
  const none = Prisma.sql`TRUE`;
  return client.$queryRaw<Array<{ episode_id: number; annotation_id: number; version: number; outcome: Outcome; failure_reason: string | null; key: string; environment_id: number; task_id: number }>>`
    SELECT DISTINCT ON (a.episode_id) a.episode_id, a.id AS annotation_id, a.version, a.outcome, a.failure_reason, e.source_key AS key, e.environment_id, e.task_id
    FROM annotations a JOIN episodes e ON e.id = a.episode_id
    WHERE a.status = 'APPROVED'
      AND (a.outcome <> 'UNKNOWN' OR EXISTS (SELECT 1 FROM segments s WHERE s.annotation_id = a.id))
      AND ${def.environmentIds.length ? Prisma.sql`e.environment_id = ANY(${def.environmentIds}::int[])` : none}
      AND ${def.taskIds.length ? Prisma.sql`e.task_id = ANY(${def.taskIds}::int[])` : none}
      AND ${def.episodeIds.length ? Prisma.sql`e.id = ANY(${def.episodeIds}::int[])` : none}
      AND ${def.onlyWithAcceptedChains
        ? Prisma.sql`EXISTS (SELECT 1 FROM predictions p JOIN chain_reviews r ON r.prediction_id = p.id
                             WHERE p.episode_id = e.id AND p.question_type = 'PROGRESS' AND r.verdict = 'ACCEPTED')`
        : none}
    ORDER BY a.episode_id, a.updated_at DESC, a.id DESC`;
}

/** Episodes (id, key, environment, task) a definition selects, for split previews. */
export async function selectEpisodes(def: TReleaseDefinition, client: Client = db) {
  const rows = await selectedAnnotations(def, client);
  return rows.map((r) => ({ id: r.episode_id, key: r.key, environmentId: r.environment_id, taskId: r.task_id, annotationId: r.annotation_id }));
}

/** Everything the definition selects, frozen, in episode id order. */
export async function buildSnapshot(def: TReleaseDefinition, splits: TSplitConfig, client: Client = db): Promise<SnapshotEpisode[]> {
  const picked = await selectedAnnotations(def, client);
  if (picked.length === 0) return [];
  const episodeIds = picked.map((p) => p.episode_id);
  const annotationIds = picked.map((p) => p.annotation_id);
  const [episodes, segments, videos, cameras, chains] = await Promise.all([
    client.episode.findMany({
      where: { id: { in: episodeIds } },
      select: {
        id: true, sourceKey: true, lengthFrames: true, fps: true, taskId: true, metadata: true,
        source: { select: { kind: true, uri: true } },
        environment: { select: { id: true, slug: true, name: true } },
        task: { select: { id: true, key: true, instruction: true, progressWeighting: true, canonicalSubtasks: true } },
      },
    }),
    client.segment.findMany({ where: { annotationId: { in: annotationIds } }, select: { annotationId: true, startFrame: true, endFrame: true, label: true }, orderBy: [{ annotationId: "asc" }, { startFrame: "asc" }] }),
    // The main camera: the episode's reference camera (whose frames are the episode's frames),
    // else its first camera by name, as everywhere else in the app.
    client.$queryRaw<Array<{ episode_id: number; camera: string; uri: string; start_frame: number; fps_num: number; fps_den: number; width: number; height: number }>>`
      SELECT DISTINCT ON (ev.episode_id) ev.episode_id, ev.camera, coalesce(f.playback_uri, f.uri) AS uri, ev.start_frame, f.fps_num, f.fps_den, f.width, f.height
      FROM episode_videos ev JOIN video_files f ON f.id = ev.video_file_id JOIN episodes e ON e.id = ev.episode_id
      WHERE ev.episode_id = ANY(${episodeIds}::int[])
      ORDER BY ev.episode_id, (ev.camera IS NOT DISTINCT FROM e.reference_camera) DESC, ev.camera`,
    // Every camera with its source file as imported, for exports that reuse the source videos.
    client.$queryRaw<Array<{ episode_id: number; camera: string; uri: string; start_frame: number; start_sec: number; frame_count: number; fps_num: number; fps_den: number; width: number; height: number; codec: string; pix_fmt: string | null }>>`
      SELECT ev.episode_id, ev.camera, f.uri, ev.start_frame, ev.start_sec, ev.frame_count, f.fps_num, f.fps_den, f.width, f.height, f.codec, f.pix_fmt
      FROM episode_videos ev JOIN video_files f ON f.id = ev.video_file_id
      WHERE ev.episode_id = ANY(${episodeIds}::int[])
      ORDER BY ev.episode_id, ev.camera`,
    client.$queryRaw<Array<{ episode_id: number; prediction_id: number; run_name: string; query_frame: number; sampled_frames: number[]; question: string | null; planning: string; observation: string; reasoning: string; answer: string; edited: boolean }>>`
      SELECT p.episode_id, p.id AS prediction_id, run.name AS run_name, p.query_frame, p.sampled_frames, p.question,
             r.planning, r.observation, r.reasoning, r.answer_text AS answer,
             (r.planning, r.observation, r.reasoning, r.answer_text) IS DISTINCT FROM (coalesce(p.planning, ''), coalesce(p.observation, ''), coalesce(p.reasoning, ''), coalesce(p.answer_text, '')) AS edited
      FROM chain_reviews r JOIN predictions p ON p.id = r.prediction_id JOIN prediction_runs run ON run.id = p.run_id
      WHERE r.verdict = 'ACCEPTED' AND p.question_type = 'PROGRESS' AND p.episode_id = ANY(${episodeIds}::int[])
      ORDER BY p.episode_id, p.query_frame, p.id`,
  ]);
  const typical = new Map<number, Record<string, number>>();
  for (const taskId of [...new Set(episodes.map((e) => e.taskId))].sort((a, b) => a - b)) {
    typical.set(taskId, await typicalDurationsForTask(taskId, client));
  }
  const segsOf = new Map<number, SnapshotEpisode["annotation"]["segments"]>();
  for (const s of segments) {
    const list = segsOf.get(s.annotationId) ?? [];
    list.push({ startFrame: s.startFrame, endFrame: s.endFrame, label: s.label });
    segsOf.set(s.annotationId, list);
  }
  const videoOf = new Map(videos.map((v) => [v.episode_id, v]));
  const camerasOf = new Map<number, NonNullable<SnapshotEpisode["cameras"]>>();
  for (const c of cameras) {
    const list = camerasOf.get(c.episode_id) ?? [];
    list.push({ camera: c.camera, uri: c.uri, startFrame: c.start_frame, startSec: c.start_sec, frameCount: c.frame_count, fpsNum: c.fps_num, fpsDen: c.fps_den, width: c.width, height: c.height, codec: c.codec, pixFmt: c.pix_fmt });
    camerasOf.set(c.episode_id, list);
  }
  const chainsOf = new Map<number, SnapshotChain[]>();
  for (const c of chains) {
    const list = chainsOf.get(c.episode_id) ?? [];
    list.push({
      predictionId: c.prediction_id, runName: c.run_name, queryFrame: c.query_frame, sampledFrames: c.sampled_frames, question: c.question,
      planning: c.planning, observation: c.observation, reasoning: c.reasoning, answer: c.answer, edited: c.edited,
    });
    chainsOf.set(c.episode_id, list);
  }
  const pickedOf = new Map(picked.map((p) => [p.episode_id, p]));
  return episodes
    .map((e): SnapshotEpisode => {
      const p = pickedOf.get(e.id)!;
      const v = videoOf.get(e.id);
      const split = assignSplit({ id: e.id, key: e.sourceKey, environmentId: e.environment.id, taskId: e.task.id }, splits);
      return {
        episodeId: e.id,
        key: e.sourceKey,
        environment: e.environment,
        task: { id: e.task.id, key: e.task.key, instruction: e.task.instruction },
        ...split,
        lengthFrames: e.lengthFrames,
        fps: e.fps,
        camera: v?.camera ?? "",
        video: v ? { uri: v.uri, startFrame: v.start_frame, fpsNum: v.fps_num, fpsDen: v.fps_den, width: v.width, height: v.height } : null,
        annotation: { id: p.annotation_id, version: p.version, outcome: p.outcome, failureReason: p.failure_reason, segments: segsOf.get(p.annotation_id) ?? [] },
        source: { kind: e.source.kind, uri: e.source.uri, metadata: (e.metadata ?? {}) as Record<string, unknown> },
        cameras: camerasOf.get(e.id) ?? [],
        progress: { weighting: e.task.progressWeighting, canonicalSubtasks: e.task.canonicalSubtasks, typicalDurations: typical.get(e.taskId) ?? {} },
        chains: chainsOf.get(e.id) ?? [],
      };
    })
    .sort((a, b) => a.episodeId - b.episodeId);
}

/** JSON with object keys sorted, so equal content always hashes equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
  );
}

/** sha256 of a release's content: its definition, split config and frozen episodes in id order. */
export function contentHash(def: TReleaseDefinition, splits: TSplitConfig, episodes: SnapshotEpisode[]): string {
  const h = createHash("sha256");
  h.update(canonicalJson({ definition: def, splits }));
  for (const e of [...episodes].sort((a, b) => a.episodeId - b.episodeId)) h.update("\n").update(canonicalJson(e));
  return h.digest("hex");
}
