// An annotation's saved history as people read it (the undo stack is history.ts): autosaves grouped into editing sessions (one
// entry for a stretch of saves by one person with no pause longer than SESSION_GAP_MS and no
// workflow step in between), and named entries for the import, submission, review steps and
// restores, each with a one-line summary of what changed ("+2 segments; boundary 51→55;
// outcome Success"). Pure: built from the stored versions and the audit log's workflow events.
import { diffSnapshots, isEmptyDiff, type SnapshotDiff } from "./diff";
import type { AnnotationSnapshot } from "./types";

export const SESSION_GAP_MS = 10 * 60_000;

export type HistoryEventAction = "submit" | "start_review" | "approve" | "request_changes" | "restore" | "release_review";

export interface HistoryVersion {
  version: number;
  createdAt: string;
  author: { id: number; name: string } | null;
  snapshot: AnnotationSnapshot;
}

export interface HistoryEvent {
  action: HistoryEventAction;
  at: string;
  actor: { id: number; name: string } | null;
  /** The annotation version the step applied to (for a restore: the version it made). */
  version: number;
  /** A restore: the version brought back. */
  restoredFrom?: number | null;
}

export type HistoryKind = "import" | "start" | "session" | HistoryEventAction;

export interface HistoryEntry {
  kind: HistoryKind;
  /** "Editing session", "Submitted for review", … */
  title: string;
  who: { id: number; name: string } | null;
  from: string;
  to: string;
  /** The versions the entry covers (first and last; equal for a single one). */
  firstVersion: number;
  version: number;
  saves: number;
  /** The annotation as the entry leaves it. */
  snapshot: AnnotationSnapshot;
  /** What it changed compared with the entry before it (for named steps: with the last named step). */
  diff: SnapshotDiff | null;
  summary: string;
}

const OUTCOME: Record<string, string> = { UNKNOWN: "not set", SUCCESS: "Success", FAILURE: "Failure", UNSURE: "Unsure" };
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** One line for a diff: "+2 segments; boundary 51→55; “reach”→“grasp”; outcome Success". */
export function summarise(d: SnapshotDiff | null): string {
  if (!d) return "";
  if (isEmptyDiff(d)) return "no changes";
  const parts: string[] = [];
  if (d.added.length) parts.push(`+${plural(d.added.length, "segment")}`);
  if (d.removed.length) parts.push(`−${plural(d.removed.length, "segment")}`);
  // A boundary shared by two segments moves both their edges; name it once, by the later start.
  const starts = new Set(d.moved.filter((m) => m.from.startFrame !== m.to.startFrame).map((m) => `${m.from.startFrame - 1}→${m.to.startFrame - 1}`));
  const edges: string[] = [];
  for (const m of d.moved) {
    if (m.from.startFrame !== m.to.startFrame) edges.push(`${m.from.startFrame}→${m.to.startFrame}`);
    if (m.from.endFrame !== m.to.endFrame && !starts.has(`${m.from.endFrame}→${m.to.endFrame}`)) edges.push(`end ${m.from.endFrame}→${m.to.endFrame}`);
  }
  const shown = edges.slice(0, 3).map((e) => (e.startsWith("end ") ? e : `boundary ${e}`));
  if (edges.length > 3) shown.push(`${edges.length - 3} more boundaries`);
  parts.push(...shown);
  for (const r of d.renamed.slice(0, 2)) parts.push(`“${r.from || "(no label)"}”→“${r.to || "(no label)"}”`);
  if (d.renamed.length > 2) parts.push(`${d.renamed.length - 2} more labels`);
  if (d.outcome) parts.push(`outcome ${OUTCOME[d.outcome.to] ?? d.outcome.to}`);
  if (d.failureReason) parts.push(d.failureReason.to ? `reason “${d.failureReason.to}”` : "no failure reason");
  for (const f of d.qualityFlags?.added ?? []) parts.push(`+${f}`);
  for (const f of d.qualityFlags?.removed ?? []) parts.push(`−${f}`);
  if (d.note) parts.push("note edited");
  return parts.join("; ");
}

const TITLE: Record<HistoryKind, string> = {
  import: "Imported",
  start: "Started",
  session: "Editing session",
  submit: "Submitted for review",
  start_review: "Review started",
  approve: "Approved",
  request_changes: "Changes requested",
  restore: "Restored",
  release_review: "Handed back to the queue",
};

/** Named steps are compared with the previous named step ("what was submitted since the last submission"). */
const NAMED = new Set<HistoryKind>(["import", "start", "submit", "approve", "request_changes"]);

/** The history, newest first. `versions` and `events` in any order. */
export function buildHistory(versions: readonly HistoryVersion[], events: readonly HistoryEvent[], gapMs = SESSION_GAP_MS): HistoryEntry[] {
  const vs = [...versions].sort((a, b) => a.version - b.version);
  const byVersion = new Map(vs.map((v) => [v.version, v]));
  const restores = new Map(events.filter((e) => e.action === "restore").map((e) => [e.version, e]));
  const steps = events.filter((e) => e.action !== "restore").sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const raw: Array<Omit<HistoryEntry, "diff" | "summary" | "title"> & { title?: string }> = [];
  let s = 0;
  const flushStepsBefore = (t: number) => {
    while (s < steps.length && Date.parse(steps[s]!.at) <= t) {
      const e = steps[s++]!;
      const v = byVersion.get(e.version) ?? [...vs].reverse().find((x) => x.version <= e.version);
      if (!v) continue;
      raw.push({ kind: e.action, who: e.actor, from: e.at, to: e.at, firstVersion: v.version, version: v.version, saves: 0, snapshot: v.snapshot });
    }
  };
  for (const v of vs) {
    const t = Date.parse(v.createdAt);
    flushStepsBefore(t);
    const restore = restores.get(v.version);
    const last = raw[raw.length - 1];
    if (v.version === vs[0]!.version) {
      raw.push({ kind: v.author ? "start" : "import", who: v.author, from: v.createdAt, to: v.createdAt, firstVersion: v.version, version: v.version, saves: 1, snapshot: v.snapshot });
    } else if (restore) {
      raw.push({
        kind: "restore",
        title: restore.restoredFrom ? `Restored version ${restore.restoredFrom}` : undefined,
        who: v.author,
        from: v.createdAt,
        to: v.createdAt,
        firstVersion: v.version,
        version: v.version,
        saves: 1,
        snapshot: v.snapshot,
      });
    } else if (last && last.kind === "session" && last.who?.id === v.author?.id && t - Date.parse(last.to) <= gapMs) {
      Object.assign(last, { to: v.createdAt, version: v.version, saves: last.saves + 1, snapshot: v.snapshot });
    } else {
      raw.push({ kind: "session", who: v.author, from: v.createdAt, to: v.createdAt, firstVersion: v.version, version: v.version, saves: 1, snapshot: v.snapshot });
    }
  }
  flushStepsBefore(Number.POSITIVE_INFINITY);

  const out: HistoryEntry[] = [];
  let prev: AnnotationSnapshot | null = null;
  let prevNamed: AnnotationSnapshot | null = null;
  let submitted: AnnotationSnapshot | null = null;
  for (const r of raw) {
    const review = r.kind === "approve" || r.kind === "request_changes" || r.kind === "start_review" || r.kind === "release_review";
    // A review step is read against what was submitted; other named steps against the last named one.
    const base = review ? (submitted ?? prevNamed) : NAMED.has(r.kind) ? prevNamed : prev;
    const diff = base ? diffSnapshots(base, r.snapshot) : null;
    const first = !base && (r.kind === "import" || r.kind === "start");
    const summary = first
      ? `${plural(r.snapshot.segments.length, "segment")}${r.snapshot.outcome !== "UNKNOWN" ? `; outcome ${OUTCOME[r.snapshot.outcome]}` : ""}`
      : review && (!diff || isEmptyDiff(diff))
        ? "as submitted"
        : summarise(diff);
    out.push({ ...r, title: r.title ?? TITLE[r.kind], diff, summary });
    prev = r.snapshot;
    if (NAMED.has(r.kind)) prevNamed = r.snapshot;
    if (r.kind === "submit") submitted = r.snapshot;
  }
  return out.reverse();
}
