// Segment editing operations for the annotation timeline.
//
// Every operation takes the current segments (sorted by startFrame, never overlapping) and
// returns a NEW sorted array, so the result can be pushed straight onto the undo history
// and compared by reference. Inputs are never mutated.
//
// Frames are episode-relative and inclusive on both ends; valid frames are
// 0..lengthFrames-1. Pointer positions arrive as fractional frames, so every operation that
// takes a frame from the UI rounds it to the nearest whole frame first (snapping).
//
// Mistakes the user can make (creating inside a segment, splitting at a segment's first
// frame, ...) are reported as { ok: false, error } with a message meant to be shown as is,
// rather than thrown: they are ordinary UI outcomes, not bugs.

import type { SegmentDraft } from "./types";

export type SegmentResult = { ok: true; segments: SegmentDraft[] } | { ok: false; error: string };

function ok(segments: SegmentDraft[]): SegmentResult {
  return { ok: true, segments };
}

function fail(error: string): SegmentResult {
  return { ok: false, error };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** How a segment is named in messages: 1-based position plus label, as the timeline shows it. */
function describe(seg: SegmentDraft, index: number): string {
  const label = seg.label.trim();
  return label ? `segment ${index + 1} ("${label}")` : `segment ${index + 1} (unlabelled)`;
}

export function sortSegments(segs: readonly SegmentDraft[]): SegmentDraft[] {
  // Ties on start (only possible in invalid input) fall back to end so the order is stable.
  return [...segs].sort((a, b) => a.startFrame - b.startFrame || a.endFrame - b.endFrame);
}

export function segmentAt(segs: readonly SegmentDraft[], frame: number): SegmentDraft | undefined {
  return segs.find((s) => s.startFrame <= frame && frame <= s.endFrame);
}

/** The free (unsegmented) run containing `frame`, or undefined if it is inside a segment or outside the episode. */
export function gapAt(
  segs: readonly SegmentDraft[],
  frame: number,
  lengthFrames: number,
): { start: number; end: number } | undefined {
  if (!Number.isFinite(frame) || frame < 0 || frame > lengthFrames - 1) return undefined;
  if (segmentAt(segs, frame)) return undefined;
  let start = 0;
  let end = lengthFrames - 1;
  // Scans every segment instead of relying on order, so a slightly unsorted array still yields the right gap.
  for (const s of segs) {
    if (s.endFrame < frame) start = Math.max(start, s.endFrame + 1);
    if (s.startFrame > frame) end = Math.min(end, s.startFrame - 1);
  }
  return { start, end };
}

function keyProblem(segs: readonly SegmentDraft[], key: string): string | null {
  if (!key) return "A segment needs a key.";
  if (segs.some((s) => s.key === key)) return `A segment with key "${key}" already exists.`;
  return null;
}

function insert(segs: readonly SegmentDraft[], seg: SegmentDraft): SegmentDraft[] {
  return sortSegments([...segs, seg]);
}

/**
 * Create a segment from a dragged range. The ends may come in either order (dragging
 * leftwards); they are rounded, ordered and clamped into the episode. The segment starts at
 * the smaller frame and is cut short at the end of the free run containing it, so a drag
 * across an existing segment stops just before it instead of failing.
 */
export function createSegment(
  segs: readonly SegmentDraft[],
  draft: { key: string; startFrame: number; endFrame: number; label: string },
  lengthFrames: number,
): SegmentResult {
  if (!(lengthFrames >= 1)) return fail("The episode has no frames.");
  if (!Number.isFinite(draft.startFrame) || !Number.isFinite(draft.endFrame)) {
    return fail("The segment's frames must be numbers.");
  }
  const keyErr = keyProblem(segs, draft.key);
  if (keyErr) return fail(keyErr);
  const a = clamp(Math.round(draft.startFrame), 0, lengthFrames - 1);
  const b = clamp(Math.round(draft.endFrame), 0, lengthFrames - 1);
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const inside = segmentAt(segs, lo);
  if (inside) {
    const i = segs.indexOf(inside);
    return fail(`Frame ${lo} is already inside ${describe(inside, i)}; start the new segment in a free part of the timeline.`);
  }
  const gap = gapAt(segs, lo, lengthFrames);
  // gapAt cannot fail here: lo is in range and not inside a segment.
  const end = Math.min(hi, gap ? gap.end : hi);
  return ok(insert(segs, { key: draft.key, startFrame: lo, endFrame: end, label: draft.label.trim() }));
}

/** Create a segment from the playhead to the end of the free run it is in. */
export function createAtPlayhead(
  segs: readonly SegmentDraft[],
  frame: number,
  lengthFrames: number,
  key: string,
  label: string,
): SegmentResult {
  if (!(lengthFrames >= 1)) return fail("The episode has no frames.");
  if (!Number.isFinite(frame)) return fail("The playhead position is not a frame.");
  const f = Math.round(frame);
  if (f < 0 || f > lengthFrames - 1) {
    return fail(`Frame ${f} is outside the episode (frames 0 to ${lengthFrames - 1}).`);
  }
  const inside = segmentAt(segs, f);
  if (inside) {
    const i = segs.indexOf(inside);
    return fail(`The playhead is inside ${describe(inside, i)}; split that segment instead of creating a new one.`);
  }
  const keyErr = keyProblem(segs, key);
  if (keyErr) return fail(keyErr);
  const gap = gapAt(segs, f, lengthFrames)!;
  return ok(insert(segs, { key, startFrame: f, endFrame: gap.end, label: label.trim() }));
}

/**
 * Split the segment containing `frame` so that `frame` becomes the first frame of a new
 * segment. The left part keeps the original key so review comments pinned to it stay put.
 */
export function splitSegment(
  segs: readonly SegmentDraft[],
  frame: number,
  newKey: string,
  newLabel = "",
): SegmentResult {
  if (!Number.isFinite(frame)) return fail("The split position is not a frame.");
  const f = Math.round(frame);
  const target = segmentAt(segs, f);
  if (!target) return fail(`There is no segment at frame ${f} to split.`);
  const i = segs.indexOf(target);
  if (f === target.startFrame) {
    return fail(`Frame ${f} is the first frame of ${describe(target, i)}; split at a later frame so both parts have at least one frame.`);
  }
  const keyErr = keyProblem(segs, newKey);
  if (keyErr) return fail(keyErr);
  const left: SegmentDraft = { ...target, endFrame: f - 1 };
  const right: SegmentDraft = { key: newKey, startFrame: f, endFrame: target.endFrame, label: newLabel.trim() };
  return ok(sortSegments([...segs.filter((s) => s !== target), left, right]));
}

/**
 * Move one edge of a segment. Dragging past a neighbour or past the segment's other edge is
 * clamped rather than refused, so a fast drag still ends up at the nearest legal frame.
 */
export function moveEdge(
  segs: readonly SegmentDraft[],
  key: string,
  edge: "start" | "end",
  frame: number,
  lengthFrames: number,
): SegmentResult {
  const sorted = sortSegments(segs);
  const i = sorted.findIndex((s) => s.key === key);
  if (i < 0) return fail(`There is no segment with key "${key}".`);
  if (!Number.isFinite(frame)) return fail("The edge position is not a frame.");
  const f = Math.round(frame);
  const seg = sorted[i];
  const prev = i > 0 ? sorted[i - 1] : undefined;
  const next = i < sorted.length - 1 ? sorted[i + 1] : undefined;
  let moved: SegmentDraft;
  if (edge === "start") {
    const lo = prev ? prev.endFrame + 1 : 0;
    moved = { ...seg, startFrame: clamp(f, lo, seg.endFrame) };
  } else {
    const hi = next ? next.startFrame - 1 : lengthFrames - 1;
    moved = { ...seg, endFrame: clamp(f, seg.startFrame, hi) };
  }
  sorted[i] = moved;
  return ok(sorted);
}

/** Merge a segment with the one after it (any gap between them is absorbed). */
export function mergeWithNext(segs: readonly SegmentDraft[], key: string): SegmentResult {
  const sorted = sortSegments(segs);
  const i = sorted.findIndex((s) => s.key === key);
  if (i < 0) return fail(`There is no segment with key "${key}".`);
  if (i === sorted.length - 1) return fail(`${describe(sorted[i], i)} is the last segment; there is nothing after it to merge with.`);
  const first = sorted[i];
  const second = sorted[i + 1];
  const merged: SegmentDraft = {
    key: first.key,
    startFrame: first.startFrame,
    endFrame: second.endFrame,
    // An unlabelled first half is usually an accidental split; keep the name that was typed.
    label: first.label.trim() ? first.label : second.label,
  };
  sorted.splice(i, 2, merged);
  return ok(sorted);
}

export function deleteSegment(segs: readonly SegmentDraft[], key: string): SegmentResult {
  if (!segs.some((s) => s.key === key)) return fail(`There is no segment with key "${key}".`);
  return ok(sortSegments(segs.filter((s) => s.key !== key)));
}

export function relabelSegment(segs: readonly SegmentDraft[], key: string, label: string): SegmentResult {
  if (!segs.some((s) => s.key === key)) return fail(`There is no segment with key "${key}".`);
  return ok(sortSegments(segs.map((s) => (s.key === key ? { ...s, label: label.trim() } : s))));
}

/** Every segment's start and end frame, sorted and de-duplicated: the stops for edge-to-edge navigation. */
export function segmentEdges(segs: readonly SegmentDraft[]): number[] {
  const set = new Set<number>();
  for (const s of segs) {
    set.add(s.startFrame);
    set.add(s.endFrame);
  }
  return [...set].sort((a, b) => a - b);
}

export function nextEdge(segs: readonly SegmentDraft[], frame: number): number | undefined {
  return segmentEdges(segs).find((e) => e > frame);
}

export function prevEdge(segs: readonly SegmentDraft[], frame: number): number | undefined {
  const edges = segmentEdges(segs);
  for (let i = edges.length - 1; i >= 0; i--) if (edges[i] < frame) return edges[i];
  return undefined;
}

/** At most this many problems are listed; the rest are counted in one last line. */
export const MAX_SEGMENT_PROBLEMS = 50;

/**
 * Everything wrong with a set of segments, as messages for the user (empty = valid).
 * Segments are named by their 1-based position in the array as given. Gaps are allowed:
 * not every frame of an episode belongs to a subtask. The work is O(n log n) and the list is
 * capped at MAX_SEGMENT_PROBLEMS (then "… and N more problems."), so no input can make an
 * answer large or slow.
 */
export function validateSegments(
  segs: readonly SegmentDraft[],
  lengthFrames: number,
  opts: { requireLabels: boolean },
): string[] {
  const problems: string[] = [];
  let more = 0;
  const add = (m: string) => {
    if (problems.length < MAX_SEGMENT_PROBLEMS) problems.push(m);
    else more++;
  };
  const seenKeys = new Map<string, number>();
  segs.forEach((s, i) => {
    const name = describe(s, i);
    const integral = Number.isInteger(s.startFrame) && Number.isInteger(s.endFrame);
    if (!integral) add(`${name}: frames must be whole numbers (got ${s.startFrame} to ${s.endFrame}).`);
    if (s.startFrame > s.endFrame) add(`${name}: starts at frame ${s.startFrame}, after its end at frame ${s.endFrame}.`);
    if (s.startFrame < 0 || s.endFrame > lengthFrames - 1 || s.endFrame < 0 || s.startFrame > lengthFrames - 1) {
      add(`${name}: frames ${s.startFrame} to ${s.endFrame} are outside the episode (frames 0 to ${lengthFrames - 1}).`);
    }
    const earlier = seenKeys.get(s.key);
    if (earlier !== undefined) add(`${name}: has the same key "${s.key}" as ${describe(segs[earlier], earlier)}.`);
    else seenKeys.set(s.key, i);
    if (opts.requireLabels && !s.label.trim()) add(`${name}: needs a label.`);
  });
  // One sweep in start order: each segment that starts before the furthest end seen so far
  // overlaps the segment holding that end (which is enough to name every overlapping segment).
  const order = segs.map((_, i) => i).sort((a, b) => segs[a]!.startFrame - segs[b]!.startFrame || segs[a]!.endFrame - segs[b]!.endFrame || a - b);
  let reach = -1; // index of the segment with the furthest end so far
  for (const j of order) {
    const b = segs[j]!;
    if (reach >= 0) {
      const a = segs[reach]!;
      if (b.startFrame <= a.endFrame) {
        const [first, second] = reach < j ? [reach, j] : [j, reach];
        add(
          `${describe(segs[first]!, first)} and ${describe(segs[second]!, second)} overlap (frames ${Math.max(a.startFrame, b.startFrame)} to ${Math.min(a.endFrame, b.endFrame)}).`,
        );
      }
    }
    if (reach < 0 || b.endFrame > segs[reach]!.endFrame) reach = j;
  }
  if (more > 0) problems.push(`… and ${more} more problem${more === 1 ? "" : "s"}.`);
  return problems;
}
