// Poster frames for the episode browser: one small JPEG from the middle of the episode's
// first camera, made on first request and kept in the media store (shared by all processes).
import "server-only";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { db } from "@/lib/db";
import { runFfmpeg, withFfmpegSlot } from "@/lib/media/ffmpeg-slots";
import { ffmpegInputFor, mediaStore, mediaUri } from "@/lib/media/storage";
import { notFound } from "@/lib/server/errors";

export async function posterUriForEpisode(episodeId: number): Promise<string> {
  const ev = await db.episodeVideo.findFirst({
    where: { episodeId },
    orderBy: { camera: "asc" },
    include: { videoFile: true },
  });
  if (!ev) throw notFound(`Episode ${episodeId}`);
  const f = ev.videoFile;
  const fps = f.fpsNum / f.fpsDen;
  const frame = Math.floor(ev.frameCount / 2);
  const key = `posters/${f.id}/${ev.startFrame + frame}.jpg`;
  if (await mediaStore().info(key)) return mediaUri(key);
  return withFfmpegSlot(async () => {
    if (await mediaStore().info(key)) return mediaUri(key);
    const dir = await mkdtemp(path.join(tmpdir(), "critic-poster-"));
    try {
      const out = path.join(dir, "poster.jpg");
      const src = await ffmpegInputFor(f.playbackUri ?? f.uri);
      // Seek to the middle of the frame's display interval so the decoder lands on it exactly.
      const t = ev.startSec + (frame + 0.5) / fps;
      await runFfmpeg(["-v", "error", "-nostdin", "-y", "-ss", t.toFixed(4), "-i", src, "-frames:v", "1", "-vf", "scale=192:-2", "-q:v", "5", out]);
      await mediaStore().putFile(key, out, "image/jpeg");
      return mediaUri(key);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
