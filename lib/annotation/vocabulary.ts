// A task's label vocabulary: its canonical subtasks. Open, labels off it are flagged; closed, they
// cannot be submitted. Pure; labels compare as the progress curve compares them (normaliseLabel).
import { normaliseLabel } from "@/lib/progress/progress-curve";

export interface Vocabulary {
  labels: readonly string[];
  closed: boolean;
}

/** The distinct labels (as written first) of these segments that are not in the vocabulary; none when it is empty. */
export function offVocabulary(segments: ReadonlyArray<{ label: string }>, labels: readonly string[]): string[] {
  if (labels.length === 0) return [];
  const known = new Set(labels.map(normaliseLabel));
  const out = new Map<string, string>();
  for (const s of segments) {
    const n = normaliseLabel(s.label);
    if (n && !known.has(n) && !out.has(n)) out.set(n, s.label.trim());
  }
  return [...out.values()];
}

export function inVocabulary(label: string, labels: readonly string[]): boolean {
  return labels.length === 0 || !normaliseLabel(label) || labels.some((l) => normaliseLabel(l) === normaliseLabel(label));
}

/** The submission problem a closed vocabulary raises, or null. */
export function vocabularyProblem(segments: ReadonlyArray<{ label: string }>, v: Vocabulary | undefined): string | null {
  if (!v?.closed) return null;
  const off = offVocabulary(segments, v.labels);
  if (!off.length) return null;
  return `${off.length === 1 ? "Label" : "Labels"} ${off.map((l) => `“${l}”`).join(", ")} ${off.length === 1 ? "is" : "are"} not in the task's closed vocabulary (${v.labels.join(", ")}).`;
}
