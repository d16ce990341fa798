// Where finished exports go. Every export is built in a staging folder first; publishing then
// either renames the whole folder to its final name in the local exports folder (one atomic
// rename: the folder exists complete or not at all), or uploads every file to the S3-compatible
// bucket with manifest.json last, so a manifest in the bucket always means a complete export.
import "server-only";
import { readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { AwsClient } from "aws4fetch";
import { env } from "@/lib/env";
import { S3_SETTINGS_NEEDED, s3PutFile, s3Settings } from "@/lib/media/storage";
import { mapPool } from "@/lib/pool";
import type { WrittenFile } from "./writers";

export function exportsRoot(): string {
  return path.join(env.dataDir, "exports");
}

/** Folder (or key prefix) name of an export: readable, unique, safe. */
export function exportFolderName(release: { name: string; version: number }, exportId: number): string {
  const slug = release.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "release";
  return `${slug}-v${release.version}-export-${exportId}`;
}

function s3Client(opts: { retries?: number } = {}) {
  const s3 = s3Settings();
  if (!s3) throw new Error(`S3 is not configured: set ${S3_SETTINGS_NEEDED}.`);
  const client = new AwsClient({ accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, region: s3.region, service: "s3", retries: opts.retries });
  const url = (key: string) => `${s3.endpoint.replace(/\/$/, "")}/${s3.bucket}/${`${s3.prefix}${key}`.split("/").map(encodeURIComponent).join("/")}`;
  return { client, url, bucket: s3.bucket };
}

const CONTENT_TYPES: Record<string, string> = { ".json": "application/json", ".jsonl": "application/x-ndjson", ".md": "text/markdown; charset=utf-8", ".jpg": "image/jpeg", ".mp4": "video/mp4", ".parquet": "application/vnd.apache.parquet", ".tar": "application/x-tar" };

/** Files uploaded to S3 at the same time when an export is published. */
const S3_PARALLEL_UPLOADS = 8;

export async function publishExport(opts: {
  exportId: number;
  staging: string;
  release: { name: string; version: number };
  destination: "local" | "s3";
  /** Every file, manifest.json included; paths relative to the staging folder. */
  files: WrittenFile[];
}): Promise<string> {
  const name = exportFolderName(opts.release, opts.exportId);
  if (opts.destination === "local") {
    const final = path.join(exportsRoot(), name);
    if (await stat(final).then(() => true, () => false)) return `local:${final}`; // a repeated finish
    await rename(opts.staging, final);
    return `local:${final}`;
  }
  // Uploads retry in s3PutFile, opening the file afresh each time. A file that still fails fails
  // the export; resuming uploads again.
  const { client, url, bucket } = s3Client({ retries: 0 });
  const put = (f: WrittenFile) =>
    s3PutFile(client, url(`exports/${name}/${f.path}`), path.join(opts.staging, f.path), { "content-type": CONTENT_TYPES[path.extname(f.path)] ?? "application/octet-stream", "content-length": String(f.bytes), "x-amz-meta-sha256": f.sha256 }, f.path);
  // Every file but the manifest, several at a time; the first failure stops new uploads, lets the
  // ones under way end, and fails the export. The manifest goes up only after all of them.
  await mapPool(
    opts.files.filter((f) => f.path !== "manifest.json"),
    S3_PARALLEL_UPLOADS,
    put,
  );
  for (const f of opts.files.filter((f) => f.path === "manifest.json")) await put(f);
  await rm(opts.staging, { recursive: true, force: true });
  return `s3://${bucket}/${env.S3_PREFIX}exports/${name}`;
}

/** Reads one file of a published export (the manifest, typically). */
export async function readExportFile(outputUri: string, rel: string): Promise<string> {
  if (outputUri.startsWith("local:")) return readFile(localExportFile(outputUri, rel), "utf8");
  const { client, url } = s3Client();
  const r = await client.fetch(url(`${s3ExportKey(outputUri)}/${rel}`));
  if (!r.ok) throw new Error(`Reading ${rel} from S3 failed: HTTP ${r.status}`);
  return r.text();
}

/** The key prefix of an export in S3, from its `s3://bucket/<prefix>exports/<name>` URI. */
function s3ExportKey(outputUri: string): string {
  return outputUri.replace(/^s3:\/\/[^/]+\//, "").slice(env.S3_PREFIX.length);
}

/** The file of a local export on disk; refuses anything outside the export's folder. */
export function localExportFile(outputUri: string, rel: string): string {
  if (!outputUri.startsWith("local:")) throw new Error("Not a local export.");
  const dir = path.resolve(outputUri.slice("local:".length));
  const file = path.resolve(dir, rel);
  if (!file.startsWith(dir + path.sep)) throw new Error("Path outside the export.");
  return file;
}

/** A pre-signed GET URL (SigV4 query signing) for one file of an export in S3, valid `expiresSeconds`. */
export async function presignExportFile(outputUri: string, rel: string, expiresSeconds: number): Promise<string> {
  const { client, url } = s3Client();
  const u = new URL(url(`${s3ExportKey(outputUri)}/${rel}`));
  u.searchParams.set("X-Amz-Expires", String(expiresSeconds));
  const signed = await client.sign(u.toString(), { method: "GET", aws: { signQuery: true } });
  return signed.url;
}
