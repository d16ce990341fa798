// The media store behind one interface: the local folder and an S3-compatible bucket. The S3
// side talks to a small in-test server (tests/fixtures/s3-server.ts) that speaks the parts of the
// S3 protocol we use (path-style PUT/HEAD/GET with Range) and checks every request is SigV4-signed.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Server, type S3Server } from "@/tests/fixtures/s3-server";
import { LocalStore, S3_UPLOAD_ATTEMPTS, S3Store, type MediaStore } from "./storage";

async function readAll(s: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(s).arrayBuffer());
}

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server({ accessKeyId: "test-key", secretAccessKey: "test-secret" });
});
afterAll(() => s3.stop());

const stores: Array<[string, () => MediaStore]> = [
  ["local folder", () => new LocalStore(mkdtempSync(path.join(tmpdir(), "critic-store-")))],
  ["S3-compatible bucket", () => new S3Store(s3.endpoint, "media", "critic/", "us-east-1", "test-key", "test-secret")],
];

describe.each(stores)("media store: %s", (_name, make) => {
  it("stores a file, reports its size, and reads it whole and by byte range", async () => {
    const store = make();
    const src = path.join(mkdtempSync(path.join(tmpdir(), "critic-src-")), "poster.jpg");
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    writeFileSync(src, bytes);
    expect(await store.info("posters/7/12.jpg")).toBeNull();
    await store.putFile("posters/7/12.jpg", src, "image/jpeg");
    expect((await store.info("posters/7/12.jpg"))?.size).toBe(1000);
    expect((await readAll(await store.read("posters/7/12.jpg"))).equals(bytes)).toBe(true);
    expect((await readAll(await store.read("posters/7/12.jpg", { start: 100, end: 199 }))).equals(bytes.subarray(100, 200))).toBe(true);
    expect(s3.unsigned).toEqual([]);
  });

  it("refuses keys that could escape the store", async () => {
    const store = make();
    await expect(store.info("../etc/passwd")).rejects.toThrow(/Invalid media key/);
    await expect(store.info("posters/../../x")).rejects.toThrow(/Invalid media key/);
  });
});

describe("S3 store", () => {
  it("retries an upload the bucket refused, sending the whole file again, and names the key when it keeps failing", async () => {
    const store = new S3Store(s3.endpoint, "media", "critic/", "us-east-1", "test-key", "test-secret");
    const dir = mkdtempSync(path.join(tmpdir(), "critic-src-"));
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 253));
    writeFileSync(path.join(dir, "t.mp4"), bytes);
    s3.failPut(1);
    await store.putFile("transcodes/retry.mp4", path.join(dir, "t.mp4"), "video/mp4");
    expect(s3.requests.filter((r) => r.key === "/media/critic/transcodes/retry.mp4").map((r) => r.status)).toEqual([500, 200]);
    expect(s3.objects.get("/media/critic/transcodes/retry.mp4")?.equals(bytes)).toBe(true);

    writeFileSync(path.join(dir, "u.mp4"), bytes);
    for (let i = 1; i <= S3_UPLOAD_ATTEMPTS; i++) s3.failPut(i);
    await expect(store.putFile("transcodes/broken.mp4", path.join(dir, "u.mp4"), "video/mp4")).rejects.toThrow("Uploading transcodes/broken.mp4 to S3 failed: HTTP 500");
    expect(s3.objects.has("/media/critic/transcodes/broken.mp4")).toBe(false);
  }, 30_000);

  it("keeps objects under the configured prefix and gives ffmpeg a presigned URL", async () => {
    const store = new S3Store(s3.endpoint, "media", "critic/", "us-east-1", "test-key", "test-secret");
    const src = path.join(mkdtempSync(path.join(tmpdir(), "critic-src-")), "a.mp4");
    writeFileSync(src, "x");
    await store.putFile("transcodes/1.mp4", src, "video/mp4");
    expect([...s3.objects.keys()]).toContain("/media/critic/transcodes/1.mp4");
    const url = new URL(await store.ffmpegInput("transcodes/1.mp4"));
    expect(url.searchParams.get("X-Amz-Algorithm")).toBe("AWS4-HMAC-SHA256");
    expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    const viaUrl = await fetch(url);
    expect(await viaUrl.text()).toBe("x");
  });
});
