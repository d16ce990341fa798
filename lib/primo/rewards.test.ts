// PRIMO's training rewards (grpo.py @ a2f3b08 rules). The shipped reward.py is checked against
// these functions on exported records in tests/integration/export.test.ts.
import { describe, expect, it } from "vitest";
import { accuracyReward, extractAnswer, normalizeNumber, primoAccuracyReward, primoFormatReward } from "./rewards";

const chain = (answer: string) => `<think><planning>p</planning><observation>o</observation><reasoning>r</reasoning></think><answer>${answer}</answer>`;

describe("accuracyReward (PRIMO's bounded linear reward)", () => {
  it("is 1 − |p − t| / R clipped to [0, 1]", () => {
    expect(accuracyReward(70, 100)).toBeCloseTo(0.7, 12); // R = 100: 1 - 30/100
    expect(accuracyReward(70, 100, 50)).toBeCloseTo(0.4, 12); // 1 - 30/50
    expect(accuracyReward(0, 100, 50)).toBe(0); // 1 - 100/50 = -1 → 0
    expect(accuracyReward(42, 42)).toBe(1);
    expect(accuracyReward(NaN, 42)).toBe(0);
    expect(() => accuracyReward(1, 2, 0)).toThrow(RangeError);
    expect(() => accuracyReward(1, 2, NaN)).toThrow(RangeError);
  });
});

describe("grpo.py's answer and number rules", () => {
  it("extracts the first answer block, trimmed; nothing without one", () => {
    expect(extractAnswer("<answer>  45 \n</answer> <answer>50</answer>")).toBe("45");
    expect(extractAnswer("45")).toBe("");
    expect(extractAnswer("<answer>\n</answer>")).toBe("");
  });
  it("reads numbers as normalize_number does: ≈ ~ , dropped, a trailing % divides by 100", () => {
    expect(normalizeNumber("≈ 45")).toBe(45);
    expect(normalizeNumber("~1,200")).toBe(1200);
    expect(normalizeNumber("45%")).toBeCloseTo(0.45, 15);
    expect(normalizeNumber("45％")).toBeCloseTo(0.45, 15);
    expect(normalizeNumber("1e2")).toBe(100);
    expect(normalizeNumber("forty")).toBeNull();
    expect(normalizeNumber("")).toBeNull();
  });
});

describe("primoAccuracyReward scores each sample by its own type", () => {
  it("numerical, regression, boolean", () => {
    expect(primoAccuracyReward(chain("40"), "<answer>50</answer>", "numerical")).toBeCloseTo(0.9, 12);
    expect(primoAccuracyReward(chain("40"), "<answer>50</answer>", "numerical", 20)).toBeCloseTo(0.5, 12);
    expect(primoAccuracyReward("no tags 40", "<answer>50</answer>", "numerical")).toBe(0);
    expect(primoAccuracyReward(chain("40"), "<answer>50</answer>", "regression")).toBeCloseTo(1 - (10 + 1e-9) / (50 + 1e-9), 12);
    expect(primoAccuracyReward(chain("Yes"), "<answer>yes</answer>", "boolean")).toBe(1);
    expect(primoAccuracyReward(chain("no"), "<answer>yes</answer>", "boolean")).toBe(0);
    expect(primoAccuracyReward(chain("40"), "<answer>50</answer>", "free-form")).toBe(0);
  });
  it("format reward is the PRIMO fullmatch", () => {
    expect(primoFormatReward(chain("40"))).toBe(1);
    expect(primoFormatReward(`${chain("40")}\n`)).toBe(0);
    expect(primoFormatReward("<answer>40</answer>")).toBe(0);
  });
});
