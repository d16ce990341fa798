// Poster frames for the episode browser: one small JPEG from the middle of the episode's
// first camera, made on first request and kept in the media store (shared by all processes).
import "server-only";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { ffmpegInputFor, mediaStore, mediaUri } from "@/lib/media/storage";
import { notFound } from "@/lib/server/errors";

// ffmpeg is CPU-heavy: at most two poster extractions at once per process.
let running = 0;
const waiting: Array<() => void> = [];
async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

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
  return withSlot(async () => {
    if (await mediaStore().info(key)) return mediaUri(key);
    const dir = await mkdtemp(path.join(tmpdir(), "critic-poster-"));
    try {
      const out = path.join(dir, "poster.jpg");
      const src = await ffmpegInputFor(f.playbackUri ?? f.uri);
      // Seek to the middle of the frame's display interval so the decoder lands on it exactly.
      const t = ev.startSec + (frame + 0.5) / fps;
      await new Promise<void>((resolve, reject) => {
        const p = spawn(env.FFMPEG_PATH, ["-v", "error", "-nostdin", "-y", "-ss", t.toFixed(4), "-i", src, "-frames:v", "1", "-vf", "scale=192:-2", "-q:v", "5", out]);
        let err = "";
        p.stderr.on("data", (d) => (err += d));
        p.on("error", reject);
        p.on("close", (c) => (c === 0 ? resolve() : reject(new Error(err || `ffmpeg exited ${c}`))));
      });
      await mediaStore().putFile(key, out, "image/jpeg");
      return mediaUri(key);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
