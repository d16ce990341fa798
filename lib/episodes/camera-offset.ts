// A camera's time offset: the shift that lines it up with the episode's reference camera
// (docs/video.md, "Camera offsets"). Setting it moves the camera's own stretch of frames with it
// (cameraRange in lib/media/frame-time.ts), never the episode's frame numbers, and is audited.
import "server-only";
import { z } from "zod";
import { zQueryInt } from "@/lib/server/schemas";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/auth/session";
import { authorize } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record-audit";
import { notFound, validationError } from "@/lib/server/errors";
import { fileFrameTimes } from "@/lib/media/frame-table";
import { cameraRange } from "@/lib/media/frame-time";

export const MAX_OFFSET_MS = 60_000;

export const ZCameraOffsetSchema = z.strictObject({
  /** Milliseconds; positive when this camera's picture of an event comes later than the reference camera's. */
  offsetMs: z.number().finite().min(-MAX_OFFSET_MS).max(MAX_OFFSET_MS),
});
export const ZCameraParamsSchema = z.object({ id: zQueryInt(z.number().positive()), camera: z.string().min(1).max(200) });

export async function setCameraOffset(opts: { user: SessionUser; episodeId: number; camera: string; offsetMs: number; requestId?: string }) {
  const { user, episodeId, camera, offsetMs } = opts;
  return db.$transaction(async (tx) => {
    // The episode row is locked so two offsets set at once do not interleave their ranges.
    const locked = await tx.$queryRaw<Array<{ id: number }>>`SELECT id FROM episodes WHERE id = ${episodeId} FOR UPDATE`;
    if (!locked.length) throw notFound(`Episode ${episodeId}`);
    const e = await tx.episode.findUniqueOrThrow({
      where: { id: episodeId },
      select: { lengthFrames: true, referenceCamera: true, assigneeId: true, videos: { include: { videoFile: true }, orderBy: { camera: "asc" } } },
    });
    // Whoever annotates the episode lines its cameras up; researchers and leads may too.
    authorize(user, "episode.cameras.edit", { assigneeId: e.assigneeId });
    const ref = e.videos.find((v) => v.camera === e.referenceCamera) ?? e.videos[0];
    const cam = e.videos.find((v) => v.camera === camera);
    if (!cam || !ref) throw notFound(`Camera "${camera}" of episode ${episodeId}`);
    if (cam.camera === ref.camera) {
      throw validationError(`Camera "${camera}" is the episode's reference camera: its frames are the episode's frames, and the other cameras are shifted against it.`, [
        { name: "path.camera", reason: "is the reference camera" },
      ]);
    }
    const refTimes = fileFrameTimes(ref.videoFile);
    const spanSec = refTimes.time(ref.startFrame + e.lengthFrames) - ref.startSec;
    const range = cameraRange(fileFrameTimes(cam.videoFile), cam.startSec, offsetMs, spanSec);
    if (range.frameCount === 0) {
      throw validationError(`Shifted by ${offsetMs} ms, camera "${camera}" has no frames in the episode's time.`, [{ name: "offsetMs", reason: "leaves the camera without frames" }]);
    }
    await tx.episodeVideo.update({ where: { id: cam.id }, data: { offsetMs, startFrame: range.startFrame, frameCount: range.frameCount } });
    await recordAudit(
      {
        actorId: user.id,
        action: "episode.camera_offset",
        entityType: "episode",
        entityId: episodeId,
        detail: { camera, from: cam.offsetMs, to: offsetMs, startFrame: range.startFrame, frameCount: range.frameCount },
        requestId: opts.requestId,
      },
      tx,
    );
    return { camera, offsetMs, startFrame: range.startFrame, frameCount: range.frameCount };
  });
}
