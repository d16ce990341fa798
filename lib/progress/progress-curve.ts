// Ground-truth task progress, derived from an episode's subtask segments. This is the
// target a progress critic is trained and audited against, so the rules are spelled out:
//
// 1. Segments are sorted by startFrame; subtask k covers the inclusive frames [s_k, e_k].
// 2. Each subtask k gets a share w_k of the task; P_k = w_1 + ... + w_k (P_0 = 0).
//      EQUAL    : w_k = 1/N.
//      DURATION : weight_k = typicalDurations[normaliseLabel(label_k)] when that is a
//                 positive number, else the segment's own length e_k - s_k + 1;
//                 w_k = weight_k / (sum of all N weights).
// 3. Progress at frame t (returned in PERCENT, 0..100, unrounded):
//      before the first segment      : 0
//      inside subtask k              : P_{k-1} + w_k * (t - s_k) / (e_k - s_k)
//                                      (the fraction is 1 when s_k == e_k, so a one-frame
//                                      subtask is complete on its only frame)
//      in a gap / after the last one : P of the subtasks that ended before t (flat)
//    So progress rises linearly through each subtask and reaches P_k on its last frame.
// 4. N, the number of subtasks the shares are spread over:
//      SUCCESS, UNKNOWN, UNSURE : N = number of segments, so the curve is exactly 100 on
//                                 the last frame of the last segment.
//      FAILURE                  : the episode is scored against the whole task, so it must
//                                 stay below 100: N = max(segments + 1, canonicalSubtasks.length).
//                                 Under DURATION each missing subtask weighs the mean of the
//                                 typicalDurations of canonical labels absent from the episode
//                                 (when any of them has one), else the mean weight of the
//                                 episode's own segments. Under EQUAL each is simply 1/N.
// 5. No segments (or no frames) → all zeros.
//
// Labels are compared after normaliseLabel (trim, lowercase, collapse whitespace), so
// "Grasp  cup" and "grasp cup" are the same subtask everywhere (also in agreement scores).

import type { Outcome } from "../annotation/types";

export type ProgressWeighting = "EQUAL" | "DURATION";

type Seg = { startFrame: number; endFrame: number; label: string };

export function normaliseLabel(label: string): string {
  return label.trim().toLowerCase().replace(/\s+/g, " ");
}

/** A usable typical duration for a label, or undefined. Guards against 0/NaN weights, which would break the shares. */
function typicalFor(typical: Record<string, number> | undefined, label: string): number | undefined {
  if (!typical) return undefined;
  const key = normaliseLabel(label);
  // hasOwn, not `in`/indexing: labels such as "constructor" must not hit Object.prototype.
  if (!Object.hasOwn(typical, key)) return undefined;
  const v = typical[key];
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function progressCurve(opts: {
  segments: Seg[];
  lengthFrames: number;
  weighting: ProgressWeighting;
  outcome: Outcome;
  canonicalSubtasks?: string[];
  typicalDurations?: Record<string, number>;
}): number[] {
  const length = Number.isFinite(opts.lengthFrames) && opts.lengthFrames > 0 ? Math.floor(opts.lengthFrames) : 0;
  const curve = new Array<number>(length).fill(0);
  const segs = [...opts.segments].sort((a, b) => a.startFrame - b.startFrame || a.endFrame - b.endFrame);
  if (segs.length === 0 || length === 0) return curve;

  const weights =
    opts.weighting === "EQUAL"
      ? segs.map(() => 1)
      : segs.map((s) => typicalFor(opts.typicalDurations, s.label) ?? s.endFrame - s.startFrame + 1);
  let total = weights.reduce((a, b) => a + b, 0);

  if (opts.outcome === "FAILURE") {
    const canonical = opts.canonicalSubtasks ?? [];
    const n = Math.max(segs.length + 1, canonical.length);
    const missing = n - segs.length;
    let missingWeight = 1;
    if (opts.weighting === "DURATION") {
      const present = new Set(segs.map((s) => normaliseLabel(s.label)));
      const absentTypical = canonical
        .filter((c) => !present.has(normaliseLabel(c)))
        .map((c) => typicalFor(opts.typicalDurations, c))
        .filter((v): v is number => v !== undefined);
      missingWeight = absentTypical.length > 0 ? mean(absentTypical) : mean(weights);
    }
    total += missing * missingWeight;
  }

  // cumulative[k] = P_k as a fraction. Dividing running sums (instead of adding shares) makes
  // the last value exactly total/total = 1 for non-failures, so the curve hits 100, not 99.999….
  const cumulative = [0];
  let running = 0;
  for (const w of weights) {
    running += w;
    cumulative.push(running / total);
  }

  let k = 0;
  let flat = 0;
  for (let t = 0; t < length; t++) {
    while (k < segs.length && segs[k].endFrame < t) {
      flat = cumulative[k + 1];
      k++;
    }
    let p = flat;
    if (k < segs.length && segs[k].startFrame <= t) {
      const { startFrame: s, endFrame: e } = segs[k];
      const frac = e === s ? 1 : (t - s) / (e - s);
      // On the last frame use P_k itself so rounding cannot leave it a hair below the plateau that follows.
      p = frac >= 1 ? cumulative[k + 1] : cumulative[k] + (cumulative[k + 1] - cumulative[k]) * frac;
    }
    curve[t] = p * 100;
  }
  return curve;
}

/** Progress at a frame; out-of-range frames read the nearest end, fractional frames the frame they fall in. */
export function progressAt(curve: readonly number[], frame: number): number {
  if (curve.length === 0) return 0;
  const f = Number.isFinite(frame) ? Math.floor(frame) : frame > 0 ? curve.length - 1 : 0;
  return curve[Math.min(curve.length - 1, Math.max(0, f))];
}
