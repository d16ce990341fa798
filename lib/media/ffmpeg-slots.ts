// Running ffmpeg for on-demand stills (posters, frame images). ffmpeg is CPU-heavy, so every
// such run in this process takes one of a few shared slots; requests beyond that wait in order.
// The limiter is the only in-memory state: what ffmpeg makes goes to the media store, which all
// processes share.
import "server-only";
import { spawn } from "node:child_process";
import { env } from "@/lib/env";

/** A FIFO limiter: at most `max` calls of `fn` run at once. */
export function createLimiter(max: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
    if (running >= max) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** At most two on-demand ffmpeg runs at once per process, posters and frame stills together. */
export const withFfmpegSlot = createLimiter(2);

/** Runs ffmpeg with `args`; rejects with its stderr on a non-zero exit or after `timeoutMs`. */
export function runFfmpeg(args: string[], opts: { timeoutMs?: number } = {}): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const p = spawn(env.FFMPEG_PATH, args, { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          err = `ffmpeg did not finish within ${opts.timeoutMs} ms. ${err}`;
          p.kill("SIGKILL");
        }, opts.timeoutMs)
      : undefined;
    p.stderr.on("data", (d) => (err = (err + d).slice(-4000)));
    p.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on("close", (c) => {
      clearTimeout(timer);
      if (c === 0) resolve();
      else reject(new Error(err.trim() || `ffmpeg exited ${c}`));
    });
  });
}
