// Demo workflow: puts a handful of the imported demo episodes into every workflow state
// (in progress, submitted, in review, approved, changes requested) and double-annotates two
// of them so the agreement view has figures. Everything goes through the real server
// functions (claim, assign, save, transition, comment), so the demo exercises the same rules
// as the app. Idempotent: does nothing once any annotator has an annotation.
import { randomUUID } from "node:crypto";
import { db } from "../../lib/db";
import type { SessionUser } from "../../lib/auth/session";
import type { AnnotationSnapshot, Outcome, SegmentDraft } from "../../lib/annotation/types";
import type { DemoSubtask } from "../../lib/demo/generate-demo-dataset";
import { getAnnotationSettings } from "../../lib/settings/annotation-settings";
import { assignAnnotators, claimEpisode } from "../../lib/annotations/claim-episode";
import { saveAnnotation } from "../../lib/annotations/save-annotation";
import { transitionAnnotation } from "../../lib/annotations/transition-annotation";
import { createComment } from "../../lib/annotations/comments";
import { getAnnotation } from "../../lib/annotations/get-annotation";
import { DEMO_USERS, seedUsers, type SeedUser } from "./users";

/**
 * The second annotator, for double annotation. Not in DEMO_USERS: seedUsers returns one id per
 * role, and the tests rely on that id being the first annotator's.
 */
export const SECOND_ANNOTATOR: SeedUser = {
  email: "annotator2@demo.local",
  name: "Second Annotator",
  role: "ANNOTATOR",
  password: "annotate-demo-2",
};

type Plan = "IN_PROGRESS" | "SUBMITTED" | "IN_REVIEW" | "APPROVED" | "CHANGES_REQUESTED";

interface Candidate {
  id: number;
  lengthFrames: number;
  outcome: Outcome;
  truth: DemoSubtask[];
}

// ---------------------------------------------------------------------------------------
// Deterministic segmentations

/** A small integer hash (deterministic, well mixed). */
function hash(...xs: number[]): number {
  let h = 0x811c9dc5;
  for (const x of xs) {
    h = Math.imul(h ^ (x >>> 0), 0x01000193) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995) >>> 0;
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/** Offset in ±1..±amp (never 0), fixed by episode, boundary and salt. */
function jitter(episodeId: number, boundary: number, amp: number, salt: number): number {
  const h = hash(episodeId, boundary, salt);
  const mag = 1 + (h % amp);
  return (h >>> 16) & 1 ? mag : -mag;
}

/** The truth is valid when it is non-empty, ordered, inside the episode and non-overlapping. */
export function validTruth(raw: unknown, lengthFrames: number): DemoSubtask[] | null {
  if (!Array.isArray(raw) || raw.length === 0) return null;
  const out: DemoSubtask[] = [];
  let prevEnd = -1;
  for (const s of raw as Partial<DemoSubtask>[]) {
    if (typeof s?.label !== "string" || !Number.isInteger(s.start_frame) || !Number.isInteger(s.end_frame)) return null;
    const start = s.start_frame!;
    const end = s.end_frame!;
    if (start <= prevEnd || end < start || end > lengthFrames - 1) return null;
    out.push({ label: s.label, start_frame: start, end_frame: end });
    prevEnd = end;
  }
  // Room for every segment to keep at least one frame after jitter.
  return lengthFrames >= out.length ? out : null;
}

/**
 * The truth's subtasks with every boundary moved by a few frames (±1..±amp). `demo_truth_subtasks`
 * is 0-based and inclusive on both ends, like SegmentDraft. Segment i covers the boundaries
 * [B_i, B_{i+1}) where B_i is its first frame and B_{i+1} the first frame after it; adjacent
 * truth segments share a boundary, so they stay adjacent. Result: inclusive, inside
 * 0..lengthFrames-1, non-overlapping, each at least one frame, fresh unique keys.
 */
export function jitteredSegments(
  c: Pick<Candidate, "id" | "lengthFrames" | "truth">,
  amp: number,
  salt: number,
  /** When set, the second subtask's start is off by this many frames instead (a boundary two annotators disagree on). */
  outlier?: number,
): SegmentDraft[] {
  const n = c.truth.length;
  const len = c.lengthFrames;
  // Boundaries in half-open form: starts, plus the frame after each end (shared when adjacent).
  const starts = c.truth.map((s, i) => {
    if (i === 1 && outlier) return s.start_frame + (jitter(c.id, 2 * i, 1, salt) > 0 ? outlier : -outlier);
    return s.start_frame + jitter(c.id, 2 * i, amp, salt);
  });
  const ends = c.truth.map((s, i) => {
    const next = c.truth[i + 1];
    // A segment that touches the next one ends where the next one (jittered) starts.
    return next && next.start_frame === s.end_frame + 1 ? null : s.end_frame + 1 + jitter(c.id, 2 * i + 1, amp, salt);
  });
  const segs: { start: number; endExcl: number }[] = [];
  for (let i = 0; i < n; i++) {
    const endExcl = ends[i] ?? starts[i + 1]!;
    segs.push({ start: starts[i]!, endExcl });
  }
  // Clamp into the episode and make them ordered, non-overlapping and non-empty: each starts
  // at or after the previous one's end and leaves one frame for every segment after it.
  for (let i = 0; i < n; i++) {
    const s = segs[i]!;
    const lo = i === 0 ? 0 : segs[i - 1]!.endExcl;
    s.start = Math.min(Math.max(s.start, lo), len - (n - i));
    s.endExcl = Math.min(Math.max(s.endExcl, s.start + 1), len - (n - i - 1));
  }
  return segs.map((s, i) => ({ key: randomUUID(), startFrame: s.start, endFrame: s.endExcl - 1, label: c.truth[i]!.label }));
}

// ---------------------------------------------------------------------------------------
// Outcomes

function pick(list: readonly string[], wanted: string): string {
  return list.includes(wanted) ? wanted : list[0]!;
}

/** A failure reason that fits the stage the episode failed in (its last subtask). */
export function failureReasonFor(truth: DemoSubtask[], reasons: readonly string[]): string {
  const last = truth[truth.length - 1]!.label.toLowerCase();
  if (last.includes("grasp")) return pick(reasons, "Grasp failed");
  if (/(lift|place|release|handover|bin|extend)/.test(last)) return pick(reasons, "Object dropped");
  return pick(reasons, "Did not finish in time");
}

// ---------------------------------------------------------------------------------------
// Entry point

export async function sessionUser(email: string): Promise<SessionUser> {
  const u = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true } });
  return u;
}

export async function seedDemoWorkflow(opts: { log?: (m: string) => void } = {}): Promise<{ created: boolean }> {
  const log = opts.log ?? (() => {});
  const started = await db.annotation.findFirst({ where: { annotatorId: { not: null } }, select: { id: true } });
  if (started) {
    log("demo workflow: annotators already have work; leaving it as it is");
    return { created: false };
  }

  const first = DEMO_USERS.find((u) => u.role === "ANNOTATOR")!;
  const leadSeed = DEMO_USERS.find((u) => u.role === "LEAD")!;
  // Existing users (by email) are left alone; missing ones are created with seedUsers' hashing.
  await seedUsers([first, leadSeed, SECOND_ANNOTATOR]);
  const ann1 = await sessionUser(first.email);
  const ann2 = await sessionUser(SECOND_ANNOTATOR.email);
  const lead = await sessionUser(leadSeed.email);

  // Demo episodes (they carry their ground truth), untouched, in id order.
  const rows = await db.episode.findMany({
    where: { status: "UNASSIGNED", assigneeId: null, metadata: { path: ["synthetic"], equals: true } },
    orderBy: { id: "asc" },
    select: { id: true, lengthFrames: true, outcome: true, metadata: true },
  });
  const candidates: Candidate[] = [];
  for (const r of rows) {
    const truth = validTruth((r.metadata as Record<string, unknown> | null)?.demo_truth_subtasks, r.lengthFrames);
    if (truth) candidates.push({ id: r.id, lengthFrames: r.lengthFrames, outcome: r.outcome, truth });
  }
  // 5 single-annotated + 2 double-annotated, and most episodes stay unassigned.
  if (candidates.length < 10) {
    log(`demo workflow: only ${candidates.length} demo episodes with ground truth; skipped`);
    return { created: false };
  }

  const settings = await getAnnotationSettings();
  // The approved episode is a failure (with reason and quality flag) when the data has one.
  const failure = candidates.find((c) => c.outcome === "FAILURE") ?? candidates[3]!;
  const rest = candidates.filter((c) => c !== failure);
  const plan: [Plan, Candidate][] = [
    ["IN_PROGRESS", rest[0]!],
    ["SUBMITTED", rest[1]!],
    ["IN_REVIEW", rest[2]!],
    ["APPROVED", failure],
    ["CHANGES_REQUESTED", rest[3]!],
  ];
  const doubles = [rest[4]!, rest[5]!];

  /** Full annotation: jittered truth, labels, outcome (and a reason for failures). */
  const fullSnapshot = (c: Candidate, amp: number, salt: number, forceFailure = false, outlier?: number): AnnotationSnapshot => {
    const outcome: Outcome = forceFailure ? "FAILURE" : c.outcome === "UNKNOWN" ? "UNSURE" : c.outcome;
    const isFailure = outcome === "FAILURE";
    return {
      segments: jitteredSegments(c, amp, salt, outlier),
      outcome,
      failureReason: isFailure ? failureReasonFor(c.truth, settings.failureReasons) : null,
      note: c.outcome === "UNKNOWN" ? "The source did not record an outcome; not sure from the video alone." : "",
      qualityFlags: isFailure ? [pick(settings.qualityFlags, "Camera occluded")] : [],
    };
  };

  const save = async (user: SessionUser, annotationId: number, snapshot: (current: AnnotationSnapshot) => AnnotationSnapshot) => {
    const current = await getAnnotation({ user, id: annotationId });
    await saveAnnotation({ user, id: annotationId, baseVersion: current.version, snapshot: snapshot(current.snapshot) });
  };

  for (const [state, c] of plan) {
    const { annotationId } = await claimEpisode({ user: ann1, episodeId: c.id });
    if (state === "IN_PROGRESS") {
      // Half done: the first subtasks marked, outcome not decided yet (kept as claimed).
      const segs = jitteredSegments(c, 3, 1);
      await save(ann1, annotationId, (cur) => ({ ...cur, segments: segs.slice(0, Math.max(1, Math.ceil(segs.length / 2))) }));
      log(`demo workflow: episode ${c.id} in progress`);
      continue;
    }
    await save(ann1, annotationId, () => fullSnapshot(c, 3, 1, state === "APPROVED" && c.outcome !== "FAILURE"));
    await transitionAnnotation({ user: ann1, id: annotationId, action: "submit" });
    if (state === "IN_REVIEW") {
      await transitionAnnotation({ user: lead, id: annotationId, action: "start_review" });
    } else if (state === "APPROVED") {
      await transitionAnnotation({ user: lead, id: annotationId, action: "approve" });
    } else if (state === "CHANGES_REQUESTED") {
      await transitionAnnotation({ user: lead, id: annotationId, action: "start_review" });
      const a = await getAnnotation({ user: lead, id: annotationId });
      const segs = a.snapshot.segments;
      const pinned = segs[Math.min(1, segs.length - 1)]!;
      const frame = Math.min(a.snapshot.segments[0]!.endFrame + 1, c.lengthFrames - 1);
      await createComment({ user: lead, annotationId, frame, body: `Around frame ${frame} the gripper has not closed yet; check where this stage really ends.` });
      await createComment({ user: lead, annotationId, segmentKey: pinned.key, body: `“${pinned.label}” starts a few frames late; move its start to the first frame of the colour change.` });
      await transitionAnnotation({
        user: lead,
        id: annotationId,
        action: "request_changes",
        comment: "Boundaries are a little off on two stages; see the pinned comments and resubmit.",
      });
    }
    log(`demo workflow: episode ${c.id} ${state.toLowerCase().replace(/_/g, " ")}`);
  }

  // Two episodes annotated by both annotators, each slightly differently (same labels): the
  // first within ±2 frames of the truth, the second within ±5 and 9 frames off on one
  // boundary, so some boundaries agree within k = 5 frames and one does not.
  for (const c of doubles) {
    const { annotations } = await assignAnnotators({ user: lead, episodeId: c.id, annotatorIds: [ann1.id, ann2.id] });
    const takes = [
      { user: ann1, amp: 2, salt: 11, outlier: undefined },
      { user: ann2, amp: 5, salt: 23, outlier: 9 },
    ];
    for (const { user, amp, salt, outlier } of takes) {
      const annotationId = annotations.find((a) => a.annotator?.id === user.id)!.id;
      await save(user, annotationId, () => fullSnapshot(c, amp, salt, false, outlier));
      await transitionAnnotation({ user, id: annotationId, action: "submit" });
    }
    log(`demo workflow: episode ${c.id} double-annotated (${ann1.name}, ${ann2.name})`);
  }
  return { created: true };
}
