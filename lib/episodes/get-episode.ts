// One episode with its cameras, media state and current segments.
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/server/errors";
import type { SessionUser } from "@/lib/auth/session";
import { can, visibleAnnotationsWhere } from "@/lib/auth/policy";
import { FrameTimes, type FrameTable } from "@/lib/media/frame-table";
import { isBrowserPlayable } from "@/lib/media/probe";

export async function getEpisode(opts: { user: SessionUser; id: number }) {
  const e = await db.episode.findUnique({
    where: { id: opts.id },
    include: {
      environment: { select: { id: true, name: true } },
      task: { select: { id: true, key: true, instruction: true, canonicalSubtasks: true, progressWeighting: true } },
      source: { select: { id: true, kind: true, name: true } },
      assignee: { select: { id: true, name: true } },
      videos: {
        orderBy: { camera: "asc" },
        include: {
          videoFile: {
            select: {
              id: true, codec: true, pixFmt: true, width: true, height: true, fpsNum: true, fpsDen: true, frameCount: true,
              durationSec: true, browserPlayable: true, transcodeStatus: true, transcodeProgress: true,
              transcodeError: true, playbackUri: true, frameTable: true, playbackFrameTable: true,
            },
          },
        },
      },
      // Annotators see their own annotation and imported ones, not their colleagues' (agreement
      // would mean nothing if they could copy each other): the policy's rule, in the query.
      annotations: {
        where: visibleAnnotationsWhere(opts.user),
        orderBy: { id: "asc" },
        include: {
          annotator: { select: { id: true, name: true } },
          segments: { orderBy: { startFrame: "asc" }, select: { key: true, startFrame: true, endFrame: true, label: true } },
        },
      },
    },
  });
  if (!e) throw notFound(`Episode ${opts.id}`);
  const annotatorCount = await db.annotation.count({ where: { episodeId: e.id, annotatorId: { not: null } } });
  // The episode's outcome follows its main annotator; a second annotator must not see it.
  const hideOutcome = !can(opts.user, "episode.outcome.view", { assigneeId: e.assigneeId, annotatorCount });
  return {
    id: e.id,
    sourceKey: e.sourceKey,
    source: e.source,
    environment: e.environment,
    task: e.task,
    lengthFrames: e.lengthFrames,
    fps: e.fps,
    /** The camera whose frames are the episode's frames (lib/media/frame-time.ts). */
    referenceCamera: e.referenceCamera ?? e.videos[0]?.camera ?? null,
    /** What the import found about the episode's timing. */
    timingNotes: (Array.isArray(e.timingNotes) ? e.timingNotes : []) as string[],
    outcome: hideOutcome ? ("UNKNOWN" as const) : e.outcome,
    status: e.status,
    assignee: e.assignee,
    splitTags: e.splitTags,
    metadata: e.metadata,
    createdAt: e.createdAt,
    cameras: e.videos.map((v) => {
      const f = v.videoFile;
      const playable = f.browserPlayable || (f.transcodeStatus === "DONE" && Boolean(f.playbackUri));
      return {
        camera: v.camera,
        videoFileId: f.id,
        startSec: v.startSec,
        startFrame: v.startFrame,
        frameCount: v.frameCount,
        offsetMs: v.offsetMs,
        fileFrameCount: f.frameCount,
        /** Presentation times of the file that plays (the converted copy's when there is one). */
        frameTable: ((f.playbackUri && f.playbackFrameTable) || f.frameTable || null) as FrameTable | null,
        fps: f.frameTable ? new FrameTimes(f.frameTable as unknown as FrameTable).averageFps : f.fpsNum / f.fpsDen,
        variableRate: Boolean(f.frameTable && (f.frameTable as { kind?: string }).kind === "list"),
        fpsNum: f.fpsNum,
        fpsDen: f.fpsDen,
        codec: f.codec,
        /** The codec plays in browsers (a file may still need a copy: frames its container hides). */
        codecPlayable: isBrowserPlayable(f.codec, f.pixFmt),
        width: f.width,
        height: f.height,
        playable,
        transcodeStatus: f.transcodeStatus,
        transcodeProgress: f.transcodeProgress,
        transcodeError: f.transcodeError,
        src: playable ? `/api/media/videos/${f.id}` : null,
      };
    }),
    annotations: e.annotations
      .map((a) => ({
        id: a.id,
        origin: a.origin,
        annotator: a.annotator,
        version: a.version,
        status: a.status,
        outcome: a.outcome,
        segments: a.segments,
      })),
    /** How many people annotate this episode (visible even when their work is not). */
    annotatorCount,
  };
}
export type EpisodeDetail = Awaited<ReturnType<typeof getEpisode>>;

export async function listFacets() {
  const [environments, tasks, assignees] = await Promise.all([
    db.environment.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.task.findMany({ orderBy: { instruction: "asc" }, select: { id: true, instruction: true, environmentId: true } }),
    db.user.findMany({ where: { disabled: false }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
  ]);
  return { environments, tasks, assignees };
}
