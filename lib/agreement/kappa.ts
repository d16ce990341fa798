// Cohen's kappa for two raters' categorical answers (an episode's outcome, its failure reason),
// as scikit-learn computes it (sklearn/metrics/_classification.py cohen_kappa_score, unweighted):
// the confusion matrix C, expected E = outer(column sums, row sums) / N, and
// κ = 1 − Σ_{i≠j} C_ij / Σ_{i≠j} E_ij. Undefined (null) when no disagreement is expected by
// chance (both raters always gave the same single answer) or there are no pairs. Pure.

export interface KappaResult {
  /** Pairs compared. */
  n: number;
  /** Pairs on which both gave the same answer. */
  agree: number;
  kappa: number | null;
  /** Answers seen, sorted; `confusion[i][j]` counts pairs where rater A said categories[i] and rater B categories[j]. */
  categories: string[];
  confusion: number[][];
}

export function cohensKappa(pairs: ReadonlyArray<readonly [string, string]>): KappaResult {
  const categories = [...new Set(pairs.flatMap(([a, b]) => [a, b]))].sort();
  const idx = new Map(categories.map((c, i) => [c, i]));
  const k = categories.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const [a, b] of pairs) confusion[idx.get(a)!]![idx.get(b)!]!++;
  const n = pairs.length;
  const agree = categories.reduce((s, _, i) => s + confusion[i]![i]!, 0);
  if (n === 0) return { n, agree, kappa: null, categories, confusion };
  const rows = confusion.map((r) => r.reduce((s, x) => s + x, 0));
  const cols = categories.map((_, j) => confusion.reduce((s, r) => s + r[j]!, 0));
  let observedOff = 0;
  let expectedOff = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) continue;
      observedOff += confusion[i]![j]!;
      expectedOff += (rows[i]! * cols[j]!) / n;
    }
  }
  return { n, agree, kappa: expectedOff === 0 ? null : 1 - observedOff / expectedOff, categories, confusion };
}
