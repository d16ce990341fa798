// What changed between two versions of an annotation, for review ("what did the annotator
// change since my comments?") and for the save summary.
//
// Segments are matched by their stable client `key`, not by position or frames: a segment
// that was dragged keeps its identity, and one deleted and redrawn in the same place counts
// as removed + added. A segment whose frames and label both changed appears in `moved` AND
// `renamed`, so each list can be rendered on its own. The optional fields are present only
// when that part of the annotation changed.

import type { AnnotationSnapshot, Outcome, SegmentDraft } from "./types";

type Range = { startFrame: number; endFrame: number };

export type SnapshotDiff = {
  added: SegmentDraft[];
  removed: SegmentDraft[];
  /** `label` is the segment's label after the change. */
  moved: { key: string; label: string; from: Range; to: Range }[];
  /** Frames are the segment's frames after the change. */
  renamed: { key: string; from: string; to: string; startFrame: number; endFrame: number }[];
  outcome?: { from: Outcome; to: Outcome };
  failureReason?: { from: string | null; to: string | null };
  note?: { from: string; to: string };
  qualityFlags?: { added: string[]; removed: string[] };
  /** Segments present in both versions with the same frames and label. */
  unchanged: number;
};

const byStart = (a: SegmentDraft, b: SegmentDraft) => a.startFrame - b.startFrame || a.endFrame - b.endFrame;

export function diffSnapshots(before: AnnotationSnapshot, after: AnnotationSnapshot): SnapshotDiff {
  const beforeByKey = new Map(before.segments.map((s) => [s.key, s]));
  const afterKeys = new Set(after.segments.map((s) => s.key));

  // Timeline order, so the lists read left to right like the editor.
  const afterSorted = [...after.segments].sort(byStart);
  const added = afterSorted.filter((s) => !beforeByKey.has(s.key));
  const removed = [...before.segments].sort(byStart).filter((s) => !afterKeys.has(s.key));

  const moved: SnapshotDiff["moved"] = [];
  const renamed: SnapshotDiff["renamed"] = [];
  let unchanged = 0;
  for (const a of afterSorted) {
    const b = beforeByKey.get(a.key);
    if (!b) continue;
    const didMove = a.startFrame !== b.startFrame || a.endFrame !== b.endFrame;
    const didRename = a.label !== b.label;
    if (didMove) {
      moved.push({
        key: a.key,
        label: a.label,
        from: { startFrame: b.startFrame, endFrame: b.endFrame },
        to: { startFrame: a.startFrame, endFrame: a.endFrame },
      });
    }
    if (didRename) renamed.push({ key: a.key, from: b.label, to: a.label, startFrame: a.startFrame, endFrame: a.endFrame });
    if (!didMove && !didRename) unchanged++;
  }

  const diff: SnapshotDiff = { added, removed, moved, renamed, unchanged };
  if (before.outcome !== after.outcome) diff.outcome = { from: before.outcome, to: after.outcome };
  if (before.failureReason !== after.failureReason) diff.failureReason = { from: before.failureReason, to: after.failureReason };
  if (before.note !== after.note) diff.note = { from: before.note, to: after.note };

  // Flags are a set: order and repeats carry no meaning.
  const beforeFlags = new Set(before.qualityFlags);
  const afterFlags = new Set(after.qualityFlags);
  const flagsAdded = [...afterFlags].filter((f) => !beforeFlags.has(f)).sort();
  const flagsRemoved = [...beforeFlags].filter((f) => !afterFlags.has(f)).sort();
  if (flagsAdded.length || flagsRemoved.length) diff.qualityFlags = { added: flagsAdded, removed: flagsRemoved };

  return diff;
}

export function isEmptyDiff(d: SnapshotDiff): boolean {
  return (
    d.added.length === 0 &&
    d.removed.length === 0 &&
    d.moved.length === 0 &&
    d.renamed.length === 0 &&
    d.outcome === undefined &&
    d.failureReason === undefined &&
    d.note === undefined &&
    d.qualityFlags === undefined
  );
}
