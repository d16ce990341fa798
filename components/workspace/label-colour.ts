// Segment colours from one palette. A task's vocabulary keeps its colours on every episode
// (its n-th label takes the n-th colour); other labels take a colour from their name; and two
// different labels that touch on the timeline never share a colour.
import { normaliseLabel } from "@/lib/progress/progress-curve";

/** Light enough for dark text, far enough apart to tell neighbours apart at a glance. */
export const PALETTE = ["#7eb0e6", "#f5b461", "#7fcf86", "#ee8a8a", "#bfa0e6", "#d2a47f", "#f3a0d2", "#d8d166", "#74d1dc", "#a9b8f5", "#f7d08a", "#9fd9b9"] as const;
export const UNLABELLED = "#c4c8ce";

function hashIndex(l: string): number {
  let h = 0;
  for (let i = 0; i < l.length; i++) h = (h * 31 + l.charCodeAt(i)) >>> 0;
  return h % PALETTE.length;
}

/**
 * A colour for every label of these segments (in timeline order). Labels are coloured greedily,
 * the vocabulary's first and in its order, then the rest by first appearance; each takes its
 * preferred colour unless a neighbouring label already has it, then the next free one.
 */
export function labelColours(segments: ReadonlyArray<{ label: string }>, vocabulary: readonly string[] = []): (label: string) => string {
  const vocab = vocabulary.map(normaliseLabel);
  const labels = segments.map((s) => normaliseLabel(s.label));
  const neighbours = new Map<string, Set<string>>();
  for (let i = 1; i < labels.length; i++) {
    const [a, b] = [labels[i - 1]!, labels[i]!];
    if (!a || !b || a === b) continue;
    if (!neighbours.has(a)) neighbours.set(a, new Set());
    if (!neighbours.has(b)) neighbours.set(b, new Set());
    neighbours.get(a)!.add(b);
    neighbours.get(b)!.add(a);
  }
  const order = [...new Set([...vocab.filter((v) => labels.includes(v)), ...labels])].filter(Boolean);
  const colour = new Map<string, number>();
  for (const l of order) {
    const vi = vocab.indexOf(l);
    const preferred = vi >= 0 ? vi % PALETTE.length : hashIndex(l);
    const taken = new Set([...(neighbours.get(l) ?? [])].map((n) => colour.get(n)).filter((c): c is number => c !== undefined));
    let c = preferred;
    for (let k = 0; k < PALETTE.length && taken.has(c); k++) c = (preferred + k + 1) % PALETTE.length;
    colour.set(l, c);
  }
  return (label: string) => {
    const l = normaliseLabel(label);
    if (!l) return UNLABELLED;
    const vi = vocab.indexOf(l);
    return PALETTE[colour.get(l) ?? (vi >= 0 ? vi % PALETTE.length : hashIndex(l))]!;
  };
}
