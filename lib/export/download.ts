// Getting a finished export off the server: per format (or whole) as one tar streamed from the
// local export folder, or, when the export lives in S3, as pre-signed links to each file. The
// file list is the manifest's (with each file's size and sha256), so what is sent is exactly what
// the export wrote. A format's download holds its own folder plus what every format shares
// (media/, README.md, root files such as dataset_info.json, manifest.json).
import "server-only";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import tar from "tar-stream";
import { db } from "@/lib/db";
import { conflict, notFound, validationError } from "@/lib/server/errors";
import { localExportFile, presignExportFile, readExportFile } from "./destination";
import type { WrittenFile } from "./writers";

export const LINK_EXPIRY_SECONDS = 3600;

async function finished(id: number) {
  const j = await db.exportJob.findUnique({ where: { id }, select: { id: true, status: true, outputUri: true, formats: true, release: { select: { name: true, version: true } } } });
  if (!j) throw notFound(`Export ${id}`);
  if (j.status !== "SUCCEEDED" || !j.outputUri) throw conflict("The export has not finished.");
  return { ...j, outputUri: j.outputUri };
}

/** The manifest's files a download of `format` (or of everything) holds, manifest.json last. */
export function filesFor(files: readonly WrittenFile[], formats: readonly string[], format: string | undefined): WrittenFile[] {
  const own = (p: string) => formats.find((f) => p.startsWith(`${f}/`));
  return files.filter((f) => f.path !== "manifest.json" && (format === undefined || own(f.path) === undefined || own(f.path) === format));
}

async function selection(id: number, format: string | undefined) {
  const j = await finished(id);
  if (format !== undefined && !j.formats.includes(format)) {
    throw validationError("This export has no such format.", [{ name: "format", reason: `Choose one of ${j.formats.join(", ")}.` }]);
  }
  const manifestText = await readExportFile(j.outputUri, "manifest.json");
  const manifest = JSON.parse(manifestText) as { files: WrittenFile[] };
  return { j, manifestText, files: filesFor(manifest.files, j.formats, format) };
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "release";

/** A tar of the selection, streamed file by file (never held in memory), with its file name. */
export async function exportTar(id: number, format?: string): Promise<{ stream: ReadableStream<Uint8Array>; fileName: string }> {
  const { j, manifestText, files } = await selection(id, format);
  if (!j.outputUri.startsWith("local:")) throw conflict("This export is in S3: download its files with the pre-signed links instead.", { links: `/api/exports/${id}/links` });
  const root = `${slug(j.release.name)}-v${j.release.version}-export-${id}${format ? `-${format}` : ""}`;
  const pack = tar.pack();
  void (async () => {
    try {
      for (const f of files) {
        const entry = pack.entry({ name: `${root}/${f.path}`, size: f.bytes, mode: 0o644, mtime: new Date(0) });
        await pipeline(createReadStream(localExportFile(j.outputUri, f.path)), entry);
      }
      const m = Buffer.from(manifestText);
      pack.entry({ name: `${root}/manifest.json`, size: m.length, mode: 0o644, mtime: new Date(0) }, m);
      pack.finalize();
    } catch (e) {
      pack.destroy(e as Error);
    }
  })();
  // No Content-Length: a long path takes an extra (pax) header whose size only the packer knows.
  return { stream: Readable.toWeb(Readable.from(pack)) as ReadableStream<Uint8Array>, fileName: `${root}.tar` };
}

/**
 * How to fetch the selection: every file with its size and sha256, and either a pre-signed link
 * to each (an export in S3) or the tar to download (an export on the server's disk).
 */
export async function exportLinks(id: number, format?: string) {
  const { j, files, manifestText } = await selection(id, format);
  const all = [...files, { path: "manifest.json", bytes: Buffer.byteLength(manifestText), sha256: createHash("sha256").update(manifestText).digest("hex") }];
  if (!j.outputUri.startsWith("s3://")) {
    return { destination: "local" as const, expiresAt: null, tar: `/api/exports/${id}/download${format ? `?format=${encodeURIComponent(format)}` : ""}`, files: all.map((f) => ({ ...f, url: null })) };
  }
  const expiresAt = new Date(Date.now() + LINK_EXPIRY_SECONDS * 1000);
  return {
    destination: "s3" as const,
    expiresAt,
    tar: null,
    files: await Promise.all(all.map(async (f) => ({ path: f.path, bytes: f.bytes, sha256: f.sha256, url: await presignExportFile(j.outputUri, f.path, LINK_EXPIRY_SECONDS) }))),
  };
}
