// Inter-annotator agreement between two segmentations of the same episode.
//
// Two complementary views:
// - Boundary agreement: where does each annotation say one subtask ends and the next
//   begins? A segment [s, e] contributes the boundaries s and e + 1 (the first frame after
//   it), so adjacent segments [0,9],[10,19] share the boundary 10 and give {0, 10, 20}.
//   Every boundary of either side is matched to the nearest boundary of the other; the
//   distances are pooled symmetrically so neither annotator is the reference.
// - Segment IoU: does each subtask cover the same frames? Each segment is matched with the
//   best-overlapping segment of the other side carrying the same (normalised) label; a
//   segment with no same-label partner scores 0. Again pooled over both sides.

import { normaliseLabel } from "../progress/progress-curve";

export type AgreementSegment = { startFrame: number; endFrame: number; label: string };

export type PairResult = {
  /** Mean distance in frames from each boundary to the nearest boundary of the other annotation. */
  meanBoundaryOffset: number | null;
  /** Share (0..1) of those distances that are ≤ k frames. */
  withinK: number | null;
  /** Mean best same-label temporal IoU over the segments of both annotations. */
  segmentIoU: number | null;
  /** How many boundary distances the two boundary metrics average over. */
  boundaryCount: number;
};

export type Summary = { pairs: number; meanBoundaryOffset: number | null; withinK: number | null; segmentIoU: number | null };

export function boundaries(segs: readonly AgreementSegment[]): number[] {
  const set = new Set<number>();
  for (const s of segs) {
    set.add(s.startFrame);
    set.add(s.endFrame + 1);
  }
  return [...set].sort((a, b) => a - b);
}

/** Distance from x to the nearest value of a sorted, non-empty array. */
function nearestDistance(x: number, sorted: readonly number[]): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  // lo is the first value ≥ x (or the last value); its left neighbour is the last value < x.
  let best = Math.abs(sorted[lo] - x);
  if (lo > 0) best = Math.min(best, Math.abs(x - sorted[lo - 1]));
  return best;
}

/** Temporal IoU of two inclusive frame ranges, counted in frames. */
export function segmentIoU(a: AgreementSegment, b: AgreementSegment): number {
  const inter = Math.max(0, Math.min(a.endFrame, b.endFrame) - Math.max(a.startFrame, b.startFrame) + 1);
  const union = a.endFrame - a.startFrame + 1 + (b.endFrame - b.startFrame + 1) - inter;
  return union > 0 ? inter / union : 0;
}

function bestIoUs(from: readonly AgreementSegment[], to: readonly AgreementSegment[]): number[] {
  const toLabels = to.map((t) => normaliseLabel(t.label));
  return from.map((f) => {
    const label = normaliseLabel(f.label);
    let best = 0;
    to.forEach((t, i) => {
      if (toLabels[i] === label) best = Math.max(best, segmentIoU(f, t));
    });
    return best;
  });
}

const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function pairAgreement(a: readonly AgreementSegment[], b: readonly AgreementSegment[], k = 5): PairResult {
  let meanBoundaryOffset: number | null = null;
  let withinK: number | null = null;
  let boundaryCount = 0;
  if (a.length > 0 && b.length > 0) {
    const ba = boundaries(a);
    const bb = boundaries(b);
    const distances = [...ba.map((x) => nearestDistance(x, bb)), ...bb.map((x) => nearestDistance(x, ba))];
    boundaryCount = distances.length;
    meanBoundaryOffset = meanOf(distances);
    withinK = distances.filter((d) => d <= k).length / distances.length;
  }

  let iou: number | null = null;
  // One empty side is total disagreement about what happened (0), both empty is nothing to compare (null).
  if (a.length > 0 || b.length > 0) iou = meanOf([...bestIoUs(a, b), ...bestIoUs(b, a)]);

  return { meanBoundaryOffset, withinK, segmentIoU: iou, boundaryCount };
}

type Acc = { pairs: number; sums: Record<Metric, number>; counts: Record<Metric, number> };
type Metric = "meanBoundaryOffset" | "withinK" | "segmentIoU";
const METRICS: Metric[] = ["meanBoundaryOffset", "withinK", "segmentIoU"];

function newAcc(): Acc {
  return {
    pairs: 0,
    sums: { meanBoundaryOffset: 0, withinK: 0, segmentIoU: 0 },
    counts: { meanBoundaryOffset: 0, withinK: 0, segmentIoU: 0 },
  };
}

function add(acc: Acc, r: PairResult) {
  acc.pairs++;
  for (const m of METRICS) {
    const v = r[m];
    if (v === null) continue;
    acc.sums[m] += v;
    acc.counts[m]++;
  }
}

function summarise(acc: Acc): Summary {
  const avg = (m: Metric) => (acc.counts[m] > 0 ? acc.sums[m] / acc.counts[m] : null);
  return { pairs: acc.pairs, meanBoundaryOffset: avg("meanBoundaryOffset"), withinK: avg("withinK"), segmentIoU: avg("segmentIoU") };
}

/**
 * Plain means of the pair results, overall, per annotator and per task. Each pair weighs
 * the same regardless of episode length or boundary count, so a long episode cannot
 * dominate an annotator's score. A pair counts for both of its annotators; a metric that is
 * null for a pair is left out of that metric's mean only.
 */
export function aggregateAgreement(
  pairs: readonly { annotatorIds: [number, number]; taskId: number; result: PairResult }[],
): { overall: Summary; byAnnotator: Map<number, Summary>; byTask: Map<number, Summary> } {
  const overall = newAcc();
  const byAnnotator = new Map<number, Acc>();
  const byTask = new Map<number, Acc>();
  const bucket = (map: Map<number, Acc>, id: number) => {
    let acc = map.get(id);
    if (!acc) map.set(id, (acc = newAcc()));
    return acc;
  };
  for (const p of pairs) {
    add(overall, p.result);
    // A Set so a (degenerate) self-pair is not counted twice for the same person.
    for (const id of new Set(p.annotatorIds)) add(bucket(byAnnotator, id), p.result);
    add(bucket(byTask, p.taskId), p.result);
  }
  const mapOut = (m: Map<number, Acc>) => new Map([...m].map(([id, acc]) => [id, summarise(acc)] as const));
  return { overall: summarise(overall), byAnnotator: mapOut(byAnnotator), byTask: mapOut(byTask) };
}
