// Where media lives. Two URI forms are stored in the database:
//   file:<absolute path>  a source video inside one of the configured import roots
//   media:<key>           a file the app made (poster, transcode) in the media store:
//                         the local media folder by default, or an S3-compatible bucket.
// Every resolution re-checks that the target stays inside a configured root (symlinks
// included), so a tampered row can never serve /etc/passwd.
import "server-only";
import { createReadStream } from "node:fs";
import { mkdir, realpath, rename, stat, copyFile, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { AwsClient } from "aws4fetch";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/server/errors";

export interface BlobInfo {
  size: number;
  mtimeMs: number;
}

export interface ByteRange {
  start: number;
  end: number; // inclusive
}

export interface MediaStore {
  info(key: string): Promise<BlobInfo | null>;
  read(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array>>;
  /** Moves a finished local file into the store under `key` (atomically for local storage). */
  putFile(key: string, localPath: string, contentType: string): Promise<void>;
  /** A path or URL ffmpeg can read. */
  ffmpegInput(key: string): Promise<string>;
}

const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,300}$/;
function checkKey(key: string): string {
  if (!KEY_RE.test(key) || key.split("/").some((p) => p === ".." || p === ".")) {
    throw new AppError("Invalid media key.", "validation");
  }
  return key;
}

export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

export class LocalStore implements MediaStore {
  constructor(private root: string) {}
  private p(key: string) {
    return path.join(this.root, checkKey(key));
  }
  async info(key: string) {
    const file = this.p(key); // an invalid key is refused, not reported as missing
    try {
      const s = await stat(file);
      return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
    } catch {
      return null;
    }
  }
  async read(key: string, range?: ByteRange) {
    return nodeStreamToWeb(createReadStream(this.p(key), range ? { start: range.start, end: range.end } : {}));
  }
  async putFile(key: string, localPath: string) {
    const dest = this.p(key);
    await mkdir(path.dirname(dest), { recursive: true });
    try {
      await rename(localPath, dest);
    } catch {
      const tmp = `${dest}.tmp-${process.pid}`;
      await copyFile(localPath, tmp);
      await rename(tmp, dest);
      await rm(localPath, { force: true });
    }
  }
  async ffmpegInput(key: string) {
    return this.p(key);
  }
}

export class S3Store implements MediaStore {
  private client: AwsClient;
  private putClient: AwsClient;
  constructor(
    private endpoint: string,
    private bucket: string,
    private prefix: string,
    region: string,
    accessKeyId: string,
    secretAccessKey: string,
  ) {
    this.client = new AwsClient({ accessKeyId, secretAccessKey, region, service: "s3" });
    // Uploads retry in s3PutFile (aws4fetch's own retries would resend a spent stream).
    this.putClient = new AwsClient({ accessKeyId, secretAccessKey, region, service: "s3", retries: 0 });
  }
  private url(key: string) {
    const k = `${this.prefix}${checkKey(key)}`.split("/").map(encodeURIComponent).join("/");
    return `${this.endpoint.replace(/\/$/, "")}/${this.bucket}/${k}`;
  }
  async info(key: string) {
    const r = await this.client.fetch(this.url(key), { method: "HEAD" });
    if (r.status === 404) return null;
    if (!r.ok) throw new Error(`S3 HEAD ${r.status}`);
    return { size: Number(r.headers.get("content-length") ?? 0), mtimeMs: Date.parse(r.headers.get("last-modified") ?? "") || 0 };
  }
  async read(key: string, range?: ByteRange) {
    const r = await this.client.fetch(this.url(key), { headers: range ? { range: `bytes=${range.start}-${range.end}` } : {} });
    if (!r.ok || !r.body) throw new Error(`S3 GET ${r.status}`);
    return r.body;
  }
  async putFile(key: string, localPath: string, contentType: string) {
    const size = (await stat(localPath)).size;
    await s3PutFile(this.putClient, this.url(key), localPath, { "content-type": contentType, "content-length": String(size) }, key);
    await rm(localPath, { force: true });
  }
  async ffmpegInput(key: string) {
    const signed = await this.client.sign(this.url(key), { aws: { signQuery: true } });
    return signed.url;
  }
}

/** Tries per file before an S3 upload fails (5xx, 429 and network errors are retried). */
export const S3_UPLOAD_ATTEMPTS = 5;
/** First pause between tries; it doubles each time (with ±25 % jitter), about 7 s in all. */
const S3_RETRY_BASE_MS = 500;

/**
 * PUTs a local file to S3, opening it afresh for every attempt: aws4fetch's own retries send the
 * same body again, and a streamed body can be sent only once (the retry threw "Response body
 * object should not be disturbed or locked" instead of saying which upload failed). A 4xx other
 * than 429 is not retried. The error names `label` (the key or export path).
 */
export async function s3PutFile(client: AwsClient, url: string, localPath: string, headers: Record<string, string>, label: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let failure: string;
    let retry = true;
    try {
      const r = await client.fetch(url, {
        method: "PUT",
        body: nodeStreamToWeb(createReadStream(localPath)),
        headers,
        // @ts-expect-error Node's fetch needs duplex for streamed bodies
        duplex: "half",
      });
      if (r.ok) return;
      failure = `HTTP ${r.status} ${(await r.text()).slice(0, 200)}`;
      retry = r.status >= 500 || r.status === 429;
    } catch (err) {
      failure = err instanceof Error ? err.message : String(err);
    }
    if (!retry || attempt >= S3_UPLOAD_ATTEMPTS) throw new Error(`Uploading ${label} to S3 failed: ${failure}`);
    await new Promise((r) => setTimeout(r, S3_RETRY_BASE_MS * 2 ** (attempt - 1) * (0.75 + Math.random() / 2)));
  }
}

function nodeStreamToWeb(s: NodeJS.ReadableStream): ReadableStream<Uint8Array> {
  return Readable.toWeb(s as Readable) as unknown as ReadableStream<Uint8Array>;
}

/** The S3-compatible bucket settings, or null when any of them is missing. Used by media and exports. */
export function s3Settings() {
  const { S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY } = env;
  if (!S3_ENDPOINT || !S3_BUCKET || !S3_ACCESS_KEY_ID || !S3_SECRET_ACCESS_KEY) return null;
  return { endpoint: S3_ENDPOINT, bucket: S3_BUCKET, prefix: env.S3_PREFIX, region: env.S3_REGION, accessKeyId: S3_ACCESS_KEY_ID, secretAccessKey: S3_SECRET_ACCESS_KEY };
}

export const S3_SETTINGS_NEEDED = "S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY";

let store: MediaStore | undefined;
export function mediaStore(): MediaStore {
  if (store) return store;
  if (env.STORAGE_DRIVER === "s3") {
    const s3 = s3Settings();
    if (!s3) throw new Error(`STORAGE_DRIVER=s3 needs ${S3_SETTINGS_NEEDED}.`);
    store = new S3Store(s3.endpoint, s3.bucket, s3.prefix, s3.region, s3.accessKeyId, s3.secretAccessKey);
  } else {
    store = new LocalStore(env.mediaDir);
  }
  return store;
}

/** Resolves a `file:` URI to a real path inside an import root, or throws 404. */
export async function resolveSourceFile(uri: string): Promise<string> {
  if (!uri.startsWith("file:")) throw notFound("Media");
  const p = path.resolve(uri.slice("file:".length));
  let real: string;
  try {
    real = await realpath(p);
  } catch {
    throw notFound("Media file");
  }
  for (const root of env.importRoots) {
    let realRoot: string;
    try {
      realRoot = await realpath(root);
    } catch {
      continue;
    }
    if (isInside(realRoot, real)) return real;
  }
  throw notFound("Media");
}

export const fileUri = (absPath: string) => `file:${absPath}`;
export const mediaUri = (key: string) => `media:${checkKey(key)}`;

/** A path or URL ffmpeg can read for any stored URI. */
export async function ffmpegInputFor(uri: string): Promise<string> {
  if (uri.startsWith("media:")) return mediaStore().ffmpegInput(uri.slice(6));
  return resolveSourceFile(uri);
}
