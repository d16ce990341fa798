// The trainers' reader rules applied to records as exported. Every shard unit runs its records
// through its format module's `conform` (the rules ported from the trainer's loader, cited in the
// module) against the media files as written; a record the reader would refuse or skip fails
// the unit, naming the record, the rule and what is wrong. What readers do with the records they
// accept (fewer V_seq frames read than a clip holds, for instance) is summed up for the manifest
// and the card. The conformance tests (tests/integration/conformance.test.ts) call the same code.
import "server-only";
import { open, stat } from "node:fs/promises";
import path from "node:path";
import { formatModule } from "./formats";
import type { ExportFormatModule, MediaInfo, MediaLookup, ReaderProblem } from "./formats/format";
import { mp4VideoInfo } from "./mp4-info";
import { withoutMediaRoot, type BuiltRecord, type RecordOptions } from "./records";
import type { ExportFormat } from "./types";

export interface ConformSummary {
  records: number;
  /** Records the reader would refuse (the unit fails when this is not 0). */
  refused: number;
  /** Records of which the reader takes fewer V_seq frames than the record holds. */
  fewerFramesRead?: number;
  /** The fewest frames read of one record, and what that record held. */
  minFramesRead?: number;
  minFramesHeld?: number;
  warnings?: string[];
}

export class ReaderRefusal extends Error {
  constructor(
    message: string,
    readonly problems: { id: string; problem: ReaderProblem }[],
  ) {
    super(message);
    this.name = "ReaderRefusal";
  }
}

/** Checks records; throws ReaderRefusal naming the first few refused ones, else returns the summary. */
export function conformAll(format: ExportFormat, built: readonly BuiltRecord<unknown>[], media: MediaLookup, o: RecordOptions): ConformSummary {
  const m = formatModule(format);
  const refused: { id: string; problem: ReaderProblem }[] = [];
  const summary: ConformSummary = { records: built.length, refused: 0, fewerFramesRead: 0 };
  const warnings = new Set<string>();
  for (const b of built) {
    // The rules look the media up relative to the export folder; a media root is stripped first.
    const r = m.conform(withoutMediaRoot(b.record, o.mediaRoot) as never, media, o);
    if (r.note.warning) warnings.add(r.note.warning);
    if (r.problems.length) {
      summary.refused++;
      for (const p of r.problems) if (refused.length < 5) refused.push({ id: b.id, problem: p });
      continue;
    }
    const { framesRead, framesHeld } = r.note;
    if (framesRead !== undefined && framesHeld !== undefined) {
      if (framesRead < framesHeld) summary.fewerFramesRead!++;
      if (summary.minFramesRead === undefined || framesRead < summary.minFramesRead) {
        summary.minFramesRead = framesRead;
        summary.minFramesHeld = framesHeld;
      }
    }
  }
  if (warnings.size) summary.warnings = [...warnings];
  if (summary.refused) {
    const lines = refused.map((x) => `${x.id}: ${x.problem.rule}: ${x.problem.detail}`);
    throw new ReaderRefusal(`${summary.refused} of ${built.length} ${format} record(s) would not be read whole by ${m.reader.trainer} (${m.reader.source}): ${lines.join("; ")}`, refused);
  }
  return summary;
}

/** Reads what the records need to know about the media under `root` (images present, mp4 frame counts and durations). */
export async function loadMedia(root: string, paths: Iterable<string>): Promise<MediaLookup> {
  const known = new Map<string, MediaInfo | null>();
  for (const rel of new Set(paths)) {
    const abs = path.join(root, rel);
    const s = await stat(abs).catch(() => null);
    if (!s?.isFile()) {
      known.set(rel, null);
      continue;
    }
    if (rel.endsWith(".mp4")) {
      const fh = await open(abs, "r");
      try {
        const buf = new Uint8Array(s.size);
        await fh.read(buf, 0, s.size, 0);
        const info = mp4VideoInfo(buf);
        known.set(rel, info ? { kind: "video", ...info } : null);
      } finally {
        await fh.close();
      }
    } else known.set(rel, /\.(jpe?g|png)$/i.test(rel) ? { kind: "image" } : null);
  }
  return (rel) => known.get(rel) ?? null;
}

/** Every string in a record that looks like a media path of the export (for loadMedia). */
export function mediaPathsOf(record: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof record === "string") {
    if (record.startsWith("media/")) out.add(record);
  } else if (Array.isArray(record)) for (const x of record) mediaPathsOf(x, out);
  else if (record && typeof record === "object") for (const [k, v] of Object.entries(record)) if (k !== "provenance") mediaPathsOf(v, out);
  return out;
}

/** The reader rules on a shard's records, against the media written under `root`. */
export async function conformRecords(format: ExportFormat, built: readonly BuiltRecord<unknown>[], root: string, o: RecordOptions): Promise<ConformSummary> {
  const paths = new Set<string>();
  for (const b of built) mediaPathsOf(withoutMediaRoot(b.record, o.mediaRoot), paths);
  return conformAll(format, built, await loadMedia(root, paths), o);
}

/** The summaries of a format's units, added up. */
export function mergeNotes(parts: readonly ConformSummary[]): ConformSummary {
  const out: ConformSummary = { records: 0, refused: 0, fewerFramesRead: 0 };
  const warnings: string[] = [];
  for (const p of parts) {
    if (!p) continue;
    out.records += p.records ?? 0;
    out.refused += p.refused ?? 0;
    out.fewerFramesRead! += p.fewerFramesRead ?? 0;
    if (p.minFramesRead !== undefined && (out.minFramesRead === undefined || p.minFramesRead < out.minFramesRead)) {
      out.minFramesRead = p.minFramesRead;
      out.minFramesHeld = p.minFramesHeld;
    }
    warnings.push(...(p.warnings ?? []));
  }
  if (warnings.length) out.warnings = [...new Set(warnings)];
  return out;
}

/** What a user must know about a format's records, in words (manifest and card). */
export function notesWarnings(m: ExportFormatModule, s: ConformSummary): string[] {
  const out = [...(s.warnings ?? [])];
  if (s.fewerFramesRead) {
    out.push(
      `${m.reader.trainer} reads fewer V_seq frames than the video holds for ${s.fewerFramesRead} of ${s.records} records (as few as ${s.minFramesRead} of ${s.minFramesHeld}): its reader samples by time and these clips are short. Use clipTiming "fixed" for every frame at 2 fps, or set the reader's fps higher.`,
    );
  }
  return out;
}
