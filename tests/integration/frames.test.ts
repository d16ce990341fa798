// Frame-exact stills: GET /api/episodes/[id]/frames/[frame] returns a JPEG of exactly that
// episode frame, at every supported frame rate and for an episode that is a range inside a shared
// file. The fixture clips carry each frame's index inside the FILE as a code drawn into the
// picture; the test decodes the returned JPEG and reads the code back.
import { spawn } from "node:child_process";
import { mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { decodeFrameIndex } from "@/lib/demo/frame-code";
import { frameStillKey, stillWidth } from "@/lib/media/extract-frame";
import { mediaStore, resolveSourceFile } from "@/lib/media/storage";
import { createImportJob, runImportJob } from "@/lib/imports/run-import";
import * as fx from "@/tests/fixtures/build-fixtures";
import { GET as getFrame } from "@/app/api/episodes/[id]/frames/[frame]/route";
import { call, resetDb, signedInCookies } from "./helpers";
import type { Role } from "@/lib/auth/roles";

let cookies: Record<Role, string>;
type Clip = { key: string; episodeId: number; videoFileId: number; startFrame: number; frameCount: number; width: number; height: number; uri: string };
const clips = new Map<string, Clip>();
const CLIP_KEYS = [...fx.FRAME_RATES.map((f) => `fps-${f.label}`), "fps-29.97-range"];

function frameUrl(episodeId: number, frame: number | string, query = "") {
  return `/api/episodes/${episodeId}/frames/${frame}${query ? `?${query}` : ""}`;
}

async function requestFrame(episodeId: number, frame: number | string, opts: { query?: string; cookie?: string } = {}) {
  return call(getFrame as never, {
    url: frameUrl(episodeId, frame, opts.query),
    params: { id: String(episodeId), frame: String(frame) },
    cookie: opts.cookie ?? cookies.RESEARCHER,
  });
}

/** Width and height from a baseline/progressive JPEG's SOF marker. */
function jpegSize(buf: Buffer): { width: number; height: number } {
  let i = 2;
  while (i + 9 < buf.length) {
    if (buf[i] !== 0xff) throw new Error(`not a JPEG marker at ${i}`);
    const marker = buf[i + 1]!;
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  throw new Error("no SOF marker in JPEG");
}

/** JPEG bytes → RGBA pixels, decoded by ffmpeg (no image library needed). */
function jpegToRgba(jpeg: Buffer): Promise<Uint8ClampedArray> {
  return new Promise((resolve, reject) => {
    const p = spawn(env.FFMPEG_PATH, ["-v", "error", "-f", "image2pipe", "-c:v", "mjpeg", "-i", "pipe:0", "-f", "rawvideo", "-pix_fmt", "rgba", "pipe:1"]);
    const out: Buffer[] = [];
    let err = "";
    p.stdout.on("data", (d: Buffer) => out.push(d));
    p.stderr.on("data", (d) => (err += d));
    p.on("error", reject);
    p.on("close", (c) => (c === 0 ? resolve(new Uint8ClampedArray(Buffer.concat(out))) : reject(new Error(err || `ffmpeg exited ${c}`))));
    p.stdin.end(jpeg);
  });
}

/** The frame code (index inside the file) shown in a JPEG, and its size. */
async function codeIn(jpeg: Buffer) {
  const { width, height } = jpegSize(jpeg);
  const rgba = await jpegToRgba(jpeg);
  return { width, height, code: decodeFrameIndex(rgba, width, height) };
}

describe("frame stills", () => {
  beforeAll(async () => {
    await resetDb();
    cookies = await signedInCookies();
    // Ids restart with the database, so stills cached by an earlier run would be of other files.
    rmSync(path.join(env.mediaDir, "frames"), { recursive: true, force: true });
    const dir = path.join(env.importRoots[0]!, `frames-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const f = await fx.buildFrameRateFixture(dir);
    const job = await createImportJob({ actor: null, path: f.manifestPath });
    expect((await runImportJob(job.id)).ok).toBe(true);
    const evs = await db.episodeVideo.findMany({ include: { videoFile: true, episode: { select: { sourceKey: true } } } });
    for (const ev of evs) {
      clips.set(ev.episode.sourceKey, {
        key: ev.episode.sourceKey,
        episodeId: ev.episodeId,
        videoFileId: ev.videoFileId,
        startFrame: ev.startFrame,
        frameCount: ev.frameCount,
        width: ev.videoFile.width,
        height: ev.videoFile.height,
        uri: ev.videoFile.uri,
      });
    }
    expect([...clips.keys()].sort()).toEqual([...CLIP_KEYS].sort());
    // The range episode is frames 60–119 of a 150-frame 29.97 fps file.
    expect(clips.get("fps-29.97-range")).toMatchObject({ startFrame: 60, frameCount: 60 });
  });

  for (const key of CLIP_KEYS) {
    it(`returns exactly the requested frame at ${key.replace("fps-", "")} fps`, async () => {
      const clip = clips.get(key)!;
      const last = clip.frameCount - 1;
      const frames = [...new Set([0, 1, 2, Math.floor(clip.frameCount / 3), Math.floor(clip.frameCount / 2), last - 1, last])];
      for (const frame of frames) {
        const res = await requestFrame(clip.episodeId, frame);
        expect(res.status, `frame ${frame}`).toBe(200);
        expect(res.headers.get("content-type")).toBe("image/jpeg");
        expect(res.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
        const got = await codeIn(Buffer.from(await res.arrayBuffer()));
        expect({ frame, size: `${got.width}x${got.height}`, fileFrame: got.code }).toEqual({
          frame,
          size: `${clip.width}x${clip.height}`,
          fileFrame: clip.startFrame + frame,
        });
      }
    });
  }

  it("scales to an allowed width, never up, and stays exact", async () => {
    const clip = clips.get("fps-29.97-range")!; // 160 px wide
    // 300 is rounded up to 320, wider than the video: the video's own width.
    expect(stillWidth(300, clip.width)).toBeNull();
    expect(stillWidth(20, 640)).toBe(160);
    expect(stillWidth(300, 1920)).toBe(320);
    expect(stillWidth(5000, 1920)).toBe(1280);
    const res = await requestFrame(clip.episodeId, 17, { query: "w=300" });
    expect(res.status).toBe(200);
    const got = await codeIn(Buffer.from(await res.arrayBuffer()));
    expect(got).toEqual({ width: 160, height: 120, code: 60 + 17 });
    // Same still, same cache entry, as asking without a width.
    expect(await mediaStore().info(frameStillKey(clip.videoFileId, 60 + 17, null))).not.toBeNull();
  });

  it("picks a camera by name", async () => {
    const clip = clips.get("fps-25")!;
    const res = await requestFrame(clip.episodeId, 42, { query: "camera=front" });
    expect(res.status).toBe(200);
    expect((await codeIn(Buffer.from(await res.arrayBuffer()))).code).toBe(42);
  });

  it("answers 400 problem+json for a frame outside the episode", async () => {
    const clip = clips.get("fps-29.97-range")!;
    for (const frame of [clip.frameCount, clip.frameCount + 1000, -1]) {
      const res = await requestFrame(clip.episodeId, frame);
      expect(res.status, `frame ${frame}`).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const body = (await res.json()) as { invalid_params?: Array<{ name: string }>; detail: string };
      expect(body.invalid_params?.map((p) => p.name)).toContain("path.frame");
    }
    const past = (await (await requestFrame(clip.episodeId, clip.frameCount)).json()) as { detail: string };
    expect(past.detail).toContain(`frames 0 to ${clip.frameCount - 1}`);
    expect((await requestFrame(clip.episodeId, "1.5")).status).toBe(400);
    expect((await requestFrame(clip.episodeId, 0, { query: "w=0" })).status).toBe(400);
  });

  it("answers 404 for an unknown camera or episode", async () => {
    const clip = clips.get("fps-30")!;
    const res = await requestFrame(clip.episodeId, 0, { query: "camera=wrist" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(((await res.json()) as { detail: string }).detail).toContain('Camera "wrist"');
    const gone = await requestFrame(999_999, 0);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { detail: string }).detail).toContain("Episode 999999");
  });

  it("serves a second request from the media store without running ffmpeg again", async () => {
    const clip = clips.get("fps-60")!;
    const frame = 123;
    const key = frameStillKey(clip.videoFileId, clip.startFrame + frame, 160 >= clip.width ? null : 160);
    expect(await mediaStore().info(key)).toBeNull();
    const first = await requestFrame(clip.episodeId, frame, { query: "w=160" });
    expect(first.status).toBe(200);
    const firstBytes = Buffer.from(await first.arrayBuffer());
    const stored = await mediaStore().info(key);
    expect(stored?.size).toBe(firstBytes.length);

    await new Promise((r) => setTimeout(r, 50)); // a rewrite would now show a later mtime
    // Take the source video away: only a cached still can answer now.
    const src = await resolveSourceFile(clip.uri);
    renameSync(src, `${src}.away`);
    try {
      const second = await requestFrame(clip.episodeId, frame, { query: "w=160" });
      expect(second.status).toBe(200);
      expect(Buffer.from(await second.arrayBuffer()).equals(firstBytes)).toBe(true);
      expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
      expect((await mediaStore().info(key))?.mtimeMs).toBe(stored!.mtimeMs);
      // And a frame that is not cached yet needs the video: proof the source really is gone.
      expect((await requestFrame(clip.episodeId, frame + 1, { query: "w=160" })).status).toBe(404);
    } finally {
      renameSync(`${src}.away`, src);
    }
    // A conditional request is answered 304 by the validators.
    const cond = await call(getFrame as never, {
      url: frameUrl(clip.episodeId, frame, "w=160"),
      params: { id: String(clip.episodeId), frame: String(frame) },
      cookie: cookies.RESEARCHER,
      headers: { "if-none-match": first.headers.get("etag")! },
    });
    expect(cond.status).toBe(304);
  });

  it("is for researchers and up: annotators get 403, signed-out 401", async () => {
    const clip = clips.get("fps-10")!;
    const res = await requestFrame(clip.episodeId, 0, { cookie: cookies.ANNOTATOR });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const anon = await call(getFrame as never, { url: frameUrl(clip.episodeId, 0), params: { id: String(clip.episodeId), frame: "0" } });
    expect(anon.status).toBe(401);
    for (const role of ["LEAD", "ADMIN"] as const) expect((await requestFrame(clip.episodeId, 0, { cookie: cookies[role] })).status).toBe(200);
  });
});
