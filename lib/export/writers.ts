// Shard file writers: JSON Lines, JSON arrays, parquet (hyparquet-writer) and WebDataset tar
// (tar-stream). Every writer produces the same bytes for the same input (no timestamps, fixed
// tar headers), and every file lands atomically: it is written under a temporary name in the
// destination's folder and renamed when complete, so a killed process never leaves a file that
// looks finished.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { ByteWriter, parquetWrite } from "hyparquet-writer";
import tar from "tar-stream";

export interface WrittenFile {
  /** Path relative to the export root, with forward slashes. */
  path: string;
  bytes: number;
  sha256: string;
}

const tmpName = (final: string) => `${final}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;

/** Writes `data` to root/rel atomically (temporary name, fsync, rename) and returns its size and sha256. */
export async function writeFileAtomic(root: string, rel: string, data: Uint8Array | string): Promise<WrittenFile> {
  const final = path.join(root, rel);
  await mkdir(path.dirname(final), { recursive: true });
  const tmp = tmpName(final);
  const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const fh = await open(tmp, "w");
  try {
    await fh.writeFile(buf);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, final);
  return { path: rel, bytes: buf.byteLength, sha256: createHash("sha256").update(buf).digest("hex") };
}

/** Size and sha256 of a file already written. */
export async function describeFile(root: string, rel: string): Promise<WrittenFile> {
  const h = createHash("sha256");
  await pipeline(createReadStream(path.join(root, rel)), h);
  const s = await stat(path.join(root, rel));
  return { path: rel, bytes: s.size, sha256: h.digest("hex") };
}

/**
 * JSON of a value whose numbers follow `shape`: a number in a column that holds fractions
 * anywhere in the export is written with a decimal point even when whole (50 → 50.0), so
 * readers that infer types per file (pyarrow, Hugging Face `datasets`) see one type in every
 * shard instead of int64 in one and double in the next.
 */
export function jsonWithShape(v: unknown, s: Shape | null | undefined): string {
  if (v === null || v === undefined || !s) return JSON.stringify(v ?? null);
  if (s.kind === "double" && typeof v === "number" && Number.isInteger(v)) return `${v}.0`;
  if (s.kind === "list" && Array.isArray(v)) return `[${v.map((x) => jsonWithShape(x, s.item)).join(",")}]`;
  if (s.kind === "struct" && typeof v === "object" && !Array.isArray(v)) {
    return `{${Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${JSON.stringify(k)}:${jsonWithShape(x, s.fields.get(k))}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

const recordJson = (r: unknown, shape?: Map<string, Shape>) => (shape ? jsonWithShape(r, { kind: "struct", fields: shape }) : JSON.stringify(r));

export function jsonLines(records: readonly unknown[], shape?: Map<string, Shape>): string {
  return records.map((r) => recordJson(r, shape)).join("\n") + (records.length ? "\n" : "");
}

/** A JSON array with one record per line (Video-R1 and PRIMO load JSON lists with json.load). */
export function jsonArray(records: readonly unknown[], shape?: Map<string, Shape>): string {
  return records.length ? `[\n${records.map((r) => recordJson(r, shape)).join(",\n")}\n]\n` : "[]\n";
}

// ---- parquet ----------------------------------------------------------------------------------

type SchemaElement = {
  name: string;
  type?: "BOOLEAN" | "INT64" | "DOUBLE" | "BYTE_ARRAY";
  converted_type?: "UTF8" | "LIST";
  repetition_type?: "REQUIRED" | "OPTIONAL" | "REPEATED";
  num_children?: number;
};

export type Shape =
  | { kind: "string" | "int" | "double" | "bool" }
  /** item null: only empty lists seen so far. */
  | { kind: "list"; item: Shape | null }
  | { kind: "struct"; fields: Map<string, Shape> };

function shapeOf(v: unknown): Shape | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return { kind: "string" };
  if (typeof v === "boolean") return { kind: "bool" };
  if (typeof v === "number") return { kind: Number.isInteger(v) ? "int" : "double" };
  if (Array.isArray(v)) {
    let item: Shape | null = null;
    for (const x of v) item = merge(item, shapeOf(x));
    return { kind: "list", item };
  }
  if (typeof v === "object") {
    const fields = new Map<string, Shape>();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const s = shapeOf(x);
      if (s) fields.set(k, s);
      else if (!fields.has(k)) fields.set(k, { kind: "string" });
    }
    return { kind: "struct", fields };
  }
  throw new TypeError(`parquet: cannot store a ${typeof v}`);
}

function merge(a: Shape | null, b: Shape | null): Shape | null {
  if (!a) return b;
  if (!b) return a;
  if ((a.kind === "int" && b.kind === "double") || (a.kind === "double" && b.kind === "int")) return { kind: "double" };
  if (a.kind !== b.kind) throw new TypeError(`parquet: a column mixes ${a.kind} and ${b.kind} values`);
  if (a.kind === "list" && b.kind === "list") return { kind: "list", item: merge(a.item, b.item) };
  if (a.kind === "struct" && b.kind === "struct") {
    const fields = new Map(a.fields);
    for (const [k, s] of b.fields) fields.set(k, merge(fields.get(k) ?? null, s)!);
    return { kind: "struct", fields };
  }
  return a;
}

function schemaFor(name: string, s: Shape, out: SchemaElement[]) {
  switch (s.kind) {
    case "string":
      out.push({ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" });
      return;
    case "int":
      out.push({ name, type: "INT64", repetition_type: "OPTIONAL" });
      return;
    case "double":
      out.push({ name, type: "DOUBLE", repetition_type: "OPTIONAL" });
      return;
    case "bool":
      out.push({ name, type: "BOOLEAN", repetition_type: "OPTIONAL" });
      return;
    case "list":
      // The standard three-level list: <name> (LIST) → list (REPEATED) → element.
      out.push({ name, repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 });
      out.push({ name: "list", repetition_type: "REPEATED", num_children: 1 });
      schemaFor("element", s.item ?? { kind: "string" }, out);
      return;
    case "struct":
      out.push({ name, repetition_type: "OPTIONAL", num_children: s.fields.size });
      for (const [k, f] of s.fields) schemaFor(k, f, out);
      return;
  }
}

/** Fills absent struct fields with null so every row has the schema's shape; ints stay numbers (INT64 wants bigint). */
function conform(v: unknown, s: Shape): unknown {
  if (v === null || v === undefined) return null;
  switch (s.kind) {
    case "int":
      return BigInt(v as number);
    case "list":
      return (v as unknown[]).map((x) => conform(x, s.item ?? { kind: "string" }));
    case "struct":
      return Object.fromEntries([...s.fields].map(([k, f]) => [k, conform((v as Record<string, unknown>)[k], f)]));
    default:
      return v;
  }
}

/** The merged shape of every row's columns (ints and doubles merge to double), for one schema across shards. */
export function inferShape(rows: readonly Record<string, unknown>[]): Map<string, Shape> {
  const columns = new Map<string, Shape | null>();
  for (const r of rows) for (const [k, v] of Object.entries(r)) columns.set(k, merge(columns.get(k) ?? null, shapeOf(v)));
  return new Map([...columns].map(([k, s]) => [k, s ?? { kind: "string" }]));
}

/**
 * Hugging Face `datasets` features (dataset card YAML, as JSON values) for rows of this shape,
 * so every shard is read with one schema even when a shard happens to hold only whole numbers.
 */
export function hfFeatures(shape: Map<string, Shape>): unknown[] {
  const feature = (name: string | null, s: Shape): Record<string, unknown> => {
    const named = (o: Record<string, unknown>) => (name === null ? o : { name, ...o });
    switch (s.kind) {
      case "string":
        return named({ dtype: "string" });
      case "int":
        return named({ dtype: "int64" });
      case "double":
        return named({ dtype: "float64" });
      case "bool":
        return named({ dtype: "bool" });
      case "list": {
        const item = s.item ?? { kind: "string" };
        const inner = feature(null, item);
        return named({ list: "dtype" in inner ? inner.dtype : inner.struct ?? inner });
      }
      case "struct":
        return named({ struct: [...s.fields].map(([k, f]) => feature(k, f)) });
    }
  };
  return [...shape].map(([k, s]) => feature(k, s));
}

/**
 * One parquet file from plain row objects. Nested objects become structs and arrays become
 * standard lists, so Hugging Face `datasets`, pandas and verl read the rows back as they were.
 * Columns are in the first row's key order.
 */
export function parquetBytes(rows: readonly Record<string, unknown>[], shape: Map<string, Shape> = inferShape(rows)): Uint8Array {
  if (rows.length === 0) throw new RangeError("parquet: no rows");
  const shapes = [...shape];
  const schema: SchemaElement[] = [{ name: "root", num_children: shapes.length }];
  for (const [k, s] of shapes) schemaFor(k, s, schema);
  const writer = new ByteWriter();
  parquetWrite({
    writer,
    schema: schema as never,
    columnData: shapes.map(([k, s]) => ({ name: k, data: rows.map((r) => conform(r[k], s)) as never })),
    statistics: false,
    createdBy: "critic-studio",
  });
  return new Uint8Array(writer.getBuffer());
}

// ---- WebDataset tar ---------------------------------------------------------------------------

export interface TarEntry {
  /** Member name, e.g. `<sample key>.json` or `<sample key>.curr.jpg`. */
  name: string;
  data?: Uint8Array | string;
  /** A file to copy in instead of `data`. */
  file?: string;
}

/**
 * A WebDataset shard: a plain tar whose members are grouped by sample key (the name up to the
 * first dot). Headers are fixed (mtime 0, owner 0, mode 0644), so the bytes depend only on the
 * entries. Written atomically like every other file.
 */
export async function writeTarAtomic(root: string, rel: string, entries: readonly TarEntry[]): Promise<WrittenFile> {
  const final = path.join(root, rel);
  await mkdir(path.dirname(final), { recursive: true });
  const tmp = tmpName(final);
  const pack = tar.pack();
  const h = createHash("sha256");
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      h.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  const out = createWriteStream(tmp);
  const done = pipeline(pack, hashing, out);
  try {
    for (const e of entries) {
      const header = { name: e.name, mode: 0o644, mtime: new Date(0), uid: 0, gid: 0, uname: "", gname: "" };
      const data = e.file ? await readFile(e.file) : typeof e.data === "string" ? Buffer.from(e.data, "utf8") : Buffer.from(e.data ?? new Uint8Array());
      await new Promise<void>((resolve, reject) => pack.entry({ ...header, size: data.byteLength }, data, (err) => (err ? reject(err) : resolve())));
    }
    pack.finalize();
    await done;
    const fh = await open(tmp, "r+");
    await fh.sync();
    await fh.close();
    await rename(tmp, final);
  } catch (err) {
    pack.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
  return { path: rel, bytes, sha256: h.digest("hex") };
}
