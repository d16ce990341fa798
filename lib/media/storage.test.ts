// The media store behind one interface: the local folder and an S3-compatible bucket. The S3
// side talks to a small in-test server that speaks the parts of the S3 protocol we use
// (path-style PUT/HEAD/GET with Range) and checks every request is SigV4-signed.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalStore, S3Store, type MediaStore } from "./storage";

async function readAll(s: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(s).arrayBuffer());
}

let server: Server;
let endpoint = "";
const objects = new Map<string, Buffer>();
const unsigned: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const auth = req.headers.authorization ?? "";
    const url = new URL(req.url!, "http://x");
    if (!auth.startsWith("AWS4-HMAC-SHA256 Credential=test-key/") && !url.searchParams.has("X-Amz-Signature")) {
      unsigned.push(`${req.method} ${url.pathname}`);
      res.writeHead(403).end();
      return;
    }
    const key = decodeURIComponent(url.pathname);
    if (req.method === "PUT") {
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        objects.set(key, Buffer.concat(chunks));
        res.writeHead(200).end();
      });
      return;
    }
    const obj = objects.get(key);
    if (!obj) {
      res.writeHead(404).end();
      return;
    }
    const headers = { "content-length": String(obj.length), "last-modified": new Date(0).toUTCString() };
    if (req.method === "HEAD") {
      res.writeHead(200, headers).end();
      return;
    }
    const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? "");
    if (m) {
      const part = obj.subarray(Number(m[1]), Number(m[2]) + 1);
      res.writeHead(206, { "content-length": String(part.length), "content-range": `bytes ${m[1]}-${m[2]}/${obj.length}` }).end(part);
    } else res.writeHead(200, headers).end(obj);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address() as { port: number };
  endpoint = `http://127.0.0.1:${addr.port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const stores: Array<[string, () => MediaStore]> = [
  ["local folder", () => new LocalStore(mkdtempSync(path.join(tmpdir(), "critic-store-")))],
  ["S3-compatible bucket", () => new S3Store(endpoint, "media", "critic/", "us-east-1", "test-key", "test-secret")],
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
    expect(unsigned).toEqual([]);
  });

  it("refuses keys that could escape the store", async () => {
    const store = make();
    await expect(store.info("../etc/passwd")).rejects.toThrow(/Invalid media key/);
    await expect(store.info("posters/../../x")).rejects.toThrow(/Invalid media key/);
  });
});

describe("S3 store", () => {
  it("keeps objects under the configured prefix and gives ffmpeg a presigned URL", async () => {
    const store = new S3Store(endpoint, "media", "critic/", "us-east-1", "test-key", "test-secret");
    const src = path.join(mkdtempSync(path.join(tmpdir(), "critic-src-")), "a.mp4");
    writeFileSync(src, "x");
    await store.putFile("transcodes/1.mp4", src, "video/mp4");
    expect([...objects.keys()]).toContain("/media/critic/transcodes/1.mp4");
    const url = new URL(await store.ffmpegInput("transcodes/1.mp4"));
    expect(url.searchParams.get("X-Amz-Algorithm")).toBe("AWS4-HMAC-SHA256");
    expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    const viaUrl = await fetch(url);
    expect(await viaUrl.text()).toBe("x");
  });
});
