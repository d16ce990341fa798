// HTTP delivery of stored media with byte ranges (video seeking needs them), validators and
// caching headers. Used by the media and poster routes.
import "server-only";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { mediaStore, resolveSourceFile, type ByteRange } from "@/lib/media/storage";
import { AppError, notFound } from "@/lib/server/errors";

const TYPES: Record<string, string> = {
  mp4: "video/mp4",
  m4v: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
  mkv: "video/x-matroska",
  avi: "video/x-msvideo",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
};

export function contentTypeFor(name: string): string {
  return TYPES[name.split(".").pop()?.toLowerCase() ?? ""] ?? "application/octet-stream";
}

/** Parses a single `bytes=` range. Returns null for no/ignorable header, "unsatisfiable" when out of bounds. */
export function parseRange(header: string | null, size: number): ByteRange | null | "unsatisfiable" {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null; // multi-range or malformed: serve whole body
  let start: number;
  let end: number;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}

export async function serveStored(
  req: Request,
  uri: string,
  opts: { cacheControl: string; contentType?: string },
): Promise<Response> {
  let size: number;
  let mtimeMs: number;
  let open: (r?: ByteRange) => Promise<ReadableStream<Uint8Array>>;
  const name = uri.slice(uri.indexOf(":") + 1);
  if (uri.startsWith("file:")) {
    const p = await resolveSourceFile(uri);
    const s = await stat(p);
    size = s.size;
    mtimeMs = s.mtimeMs;
    open = async (r) =>
      Readable.toWeb(createReadStream(p, r ? { start: r.start, end: r.end } : {})) as unknown as ReadableStream<Uint8Array>;
  } else if (uri.startsWith("media:")) {
    const info = await mediaStore().info(name);
    if (!info) throw notFound("Media");
    size = info.size;
    mtimeMs = info.mtimeMs;
    open = (r) => mediaStore().read(name, r);
  } else {
    throw notFound("Media");
  }
  const etag = `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
  const headers = new Headers({
    "content-type": opts.contentType ?? contentTypeFor(name),
    "accept-ranges": "bytes",
    etag,
    "last-modified": new Date(mtimeMs).toUTCString(),
    "cache-control": opts.cacheControl,
    "x-content-type-options": "nosniff",
  });
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  const ifRange = req.headers.get("if-range");
  const range = ifRange && ifRange !== etag ? null : parseRange(req.headers.get("range"), size);
  if (range === "unsatisfiable") {
    throw new AppError(`Requested range is not satisfiable (size ${size} bytes).`, "range");
  }
  if (req.method === "HEAD") {
    headers.set("content-length", String(size));
    return new Response(null, { status: 200, headers });
  }
  if (range) {
    headers.set("content-range", `bytes ${range.start}-${range.end}/${size}`);
    headers.set("content-length", String(range.end - range.start + 1));
    return new Response(await open(range), { status: 206, headers });
  }
  headers.set("content-length", String(size));
  return new Response(await open(), { status: 200, headers });
}
