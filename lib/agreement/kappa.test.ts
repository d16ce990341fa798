// Expected values from scikit-learn's own test (sklearn/metrics/tests/test_classification.py
// test_cohen_kappa), whose rules lib/agreement/kappa.ts ports.
import { describe, expect, it } from "vitest";
import { cohensKappa } from "./kappa";

const rep = (v: string, n: number) => new Array<string>(n).fill(v);
const zip = (a: string[], b: string[]) => a.map((x, i) => [x, b[i]!] as const);

describe("Cohen's kappa", () => {
  it("matches scikit-learn on its two-class case, and is symmetric", () => {
    const y1 = [...rep("0", 40), ...rep("1", 60)];
    const y2 = [...rep("0", 20), ...rep("1", 20), ...rep("0", 10), ...rep("1", 50)];
    const r = cohensKappa(zip(y1, y2));
    expect(r.kappa).toBeCloseTo(0.348, 3);
    expect(cohensKappa(zip(y2, y1)).kappa).toBe(r.kappa);
    expect([r.n, r.agree]).toEqual([100, 70]);
    expect(r.confusion).toEqual([
      [20, 20],
      [10, 50],
    ]);
  });

  it("matches scikit-learn on its three-class cases", () => {
    const y1 = [...rep("0", 46), ...rep("1", 44), ...rep("2", 10)];
    expect(cohensKappa(zip(y1, [...rep("0", 52), ...rep("1", 32), ...rep("2", 16)])).kappa).toBeCloseTo(0.8013, 4);
    expect(cohensKappa(zip(y1, [...rep("0", 50), ...rep("1", 40), ...rep("2", 10)])).kappa).toBeCloseTo(0.9315, 4);
    expect(cohensKappa(zip(y1, y1)).kappa).toBeCloseTo(1, 10);
  });

  it("is undefined with nothing to compare, or when both always gave one same answer", () => {
    expect(cohensKappa([]).kappa).toBeNull();
    expect(cohensKappa(zip(rep("SUCCESS", 5), rep("SUCCESS", 5)))).toMatchObject({ n: 5, agree: 5, kappa: null });
  });
});
