// Media serving: byte ranges, content types, caching, and no way to reach files outside the roots.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createImportJob, runImportJob } from "@/lib/imports/run-import";
import * as fx from "@/tests/fixtures/build-fixtures";
import { GET as getVideo } from "@/app/api/media/videos/[id]/route";
import { GET as getPoster } from "@/app/api/episodes/[id]/poster/route";
import { call, cookieFor, resetDb } from "./helpers";

let cookie: string;
let videoId: number;
let episodeId: number;

describe("media", () => {
  beforeAll(async () => {
    await resetDb();
    cookie = await cookieFor("ANNOTATOR");
    const dir = path.join(env.importRoots[0]!, `media-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const f = await fx.buildManifestFixture(dir);
    const job = await createImportJob({ actor: null, path: f.manifestPath });
    expect((await runImportJob(job.id)).ok).toBe(true);
    const ev = await db.episodeVideo.findFirstOrThrow({ include: { videoFile: true } });
    videoId = ev.videoFileId;
    episodeId = ev.episodeId;
  });

  it("serves byte ranges with 206 and the right headers", async () => {
    const res = await call(getVideo as never, { url: `/api/media/videos/${videoId}`, params: { id: String(videoId) }, cookie, headers: { range: "bytes=0-99" } });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-type")).toBe("video/mp4");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("content-range")).toMatch(/^bytes 0-99\/\d+$/);
    expect((await res.arrayBuffer()).byteLength).toBe(100);
    expect(res.headers.get("cache-control")).toContain("max-age");
    expect(res.headers.get("etag")).toBeTruthy();
  });

  it("answers 416 for a range past the end", async () => {
    const res = await call(getVideo as never, { url: `/api/media/videos/${videoId}`, params: { id: String(videoId) }, cookie, headers: { range: "bytes=999999999-" } });
    expect(res.status).toBe(416);
  });

  it("serves a JPEG poster", async () => {
    const res = await call(getPoster as never, { url: `/api/episodes/${episodeId}/poster`, params: { id: String(episodeId) }, cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    const buf = Buffer.from(await res.arrayBuffer());
    expect(buf.subarray(0, 2).toString("hex")).toBe("ffd8");
  });

  it("never serves a file outside the import roots, even if a row points there", async () => {
    const evil = await db.videoFile.create({
      data: { uri: "file:/etc/passwd", sizeBytes: 1n, codec: "h264", width: 1, height: 1, fpsNum: 30, fpsDen: 1, frameCount: 1, durationSec: 1, browserPlayable: true },
    });
    const res = await call(getVideo as never, { url: `/api/media/videos/${evil.id}`, params: { id: String(evil.id) }, cookie });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("root:");
    const traversal = await db.videoFile.create({
      data: { uri: `file:${env.importRoots[0]}/../../../etc/passwd`, sizeBytes: 1n, codec: "h264", width: 1, height: 1, fpsNum: 30, fpsDen: 1, frameCount: 1, durationSec: 1, browserPlayable: true },
    });
    const res2 = await call(getVideo as never, { url: `/api/media/videos/${traversal.id}`, params: { id: String(traversal.id) }, cookie });
    expect(res2.status).toBe(404);
  });

  it("rejects a non-numeric id as a path parameter error", async () => {
    const res = await call(getVideo as never, { url: `/api/media/videos/..%2F..%2Fetc%2Fpasswd`, params: { id: "../../etc/passwd" }, cookie });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
