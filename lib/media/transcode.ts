// Turns a video browsers cannot play (MPEG-4 Part 2, HEVC, 4:4:4 ..., or a container that hides
// its last frames from them) into H.264 that they can.
// Every frame is kept at its timestamp (-fps_mode passthrough), so frame indices stay exact: the
// copy's own frame table is read and must hold the same frames as the source's (same count, each
// within a millisecond), else the conversion fails with the reason; the copy's table is kept for
// the player and the stills (a variable-rate source stays variable-rate, frame for frame).
import "server-only";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { ffmpegInputFor, mediaStore, mediaUri } from "@/lib/media/storage";
import { fileFrameTimes, FrameTimes, sameFrames } from "@/lib/media/frame-table";
import { probeVideo } from "@/lib/media/probe";
import type { Prisma } from "@/lib/generated/prisma/client";

export async function transcodeVideoFile(videoFileId: number): Promise<void> {
  // Claim: only one worker transcodes a file, even when the job is delivered twice.
  const claimed = await db.videoFile.updateMany({
    where: { id: videoFileId, transcodeStatus: { in: ["PENDING", "FAILED"] } },
    data: { transcodeStatus: "RUNNING", transcodeProgress: 0, transcodeError: null },
  });
  if (claimed.count === 0) return;
  const file = await db.videoFile.findUniqueOrThrow({ where: { id: videoFileId } });
  const dir = await mkdtemp(path.join(tmpdir(), "critic-transcode-"));
  const out = path.join(dir, "out.mp4");
  try {
    const input = await ffmpegInputFor(file.uri);
    let lastWrite = 0;
    await new Promise<void>((resolve, reject) => {
      const gop = Math.max(1, Math.round(file.fpsNum / file.fpsDen));
      const p = spawn(env.FFMPEG_PATH, [
        "-v", "error", "-nostdin", "-y", "-i", input, "-map", "0:v:0", "-an",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p",
        // No B-frames: no composition shift, so the copy's edit covers every frame (and steps decode fast).
        "-g", String(gop), "-bf", "0", "-fps_mode", "passthrough", "-movflags", "+faststart",
        "-progress", "pipe:1", out,
      ]);
      let stderr = "";
      p.stderr.on("data", (d) => (stderr += d));
      p.stdout.on("data", (d: Buffer) => {
        const m = /out_time_us=(\d+)/.exec(d.toString());
        if (m && file.durationSec > 0 && Date.now() - lastWrite > 1000) {
          lastWrite = Date.now();
          const progress = Math.min(0.99, Number(m[1]) / 1e6 / file.durationSec);
          void db.videoFile.update({ where: { id: file.id }, data: { transcodeProgress: progress } }).catch(() => {});
        }
      });
      p.on("error", reject);
      p.on("close", (code) => (code === 0 ? resolve() : reject(new Error(stderr.trim().split("\n").slice(-3).join(" ") || `ffmpeg exited ${code}`))));
    });
    const copy = await probeVideo(out, env.FFPROBE_PATH);
    const source = fileFrameTimes(file);
    const made = new FrameTimes(copy.frameTable);
    if (!sameFrames(source, made, { relative: true })) {
      throw new Error(
        `the H.264 copy does not hold the same frames as the source (${made.count} frames from ${made.start.toFixed(3)} s, the source ${source.count} from ${source.start.toFixed(3)} s), so its frame numbers would not be the source's`,
      );
    }
    const key = `transcodes/${file.id}.mp4`;
    await mediaStore().putFile(key, out, "video/mp4");
    await db.videoFile.update({
      where: { id: file.id },
      data: { transcodeStatus: "DONE", transcodeProgress: 1, playbackUri: mediaUri(key), playbackFrameTable: copy.frameTable as unknown as Prisma.InputJsonValue },
    });
  } catch (err) {
    await db.videoFile.update({
      where: { id: file.id },
      data: { transcodeStatus: "FAILED", transcodeError: (err as Error).message.slice(0, 1000) },
    });
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
