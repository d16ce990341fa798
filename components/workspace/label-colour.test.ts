import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normaliseLabel } from "@/lib/progress/progress-curve";
import { labelColours, PALETTE, UNLABELLED } from "./label-colour";

const segs = (...labels: string[]) => labels.map((label) => ({ label }));

describe("segment colours", () => {
  it("gives a task's vocabulary the same colours on every episode", () => {
    const vocab = ["grasp_cloth", "wipe", "return_cloth"];
    const a = labelColours(segs("grasp_cloth", "wipe", "return_cloth"), vocab);
    const b = labelColours(segs("wipe", "return_cloth"), vocab);
    expect(a("wipe")).toBe(b("wipe"));
    expect(a("grasp_cloth")).toBe(PALETTE[0]);
    expect(a(" Return_Cloth")).toBe(a("return_cloth"));
  });

  it("never gives two touching, different labels one colour (up to as many labels as colours)", () => {
    const names = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }).filter((x) => normaliseLabel(x) !== ""), { minLength: 2, maxLength: PALETTE.length, selector: normaliseLabel });
    fc.assert(
      fc.property(names, fc.array(fc.nat(), { minLength: 2, maxLength: 40 }), fc.nat(), (pool, picks, nVocab) => {
        const labels = picks.map((i) => pool[i % pool.length]!);
        const colourOf = labelColours(segs(...labels), pool.slice(0, nVocab % (pool.length + 1)));
        for (let i = 1; i < labels.length; i++) {
          if (normaliseLabel(labels[i - 1]!) !== normaliseLabel(labels[i]!)) expect(colourOf(labels[i - 1]!)).not.toBe(colourOf(labels[i]!));
        }
      }),
    );
  });

  it("shows unlabelled segments in neutral grey", () => {
    expect(labelColours(segs("", "reach"))("")).toBe(UNLABELLED);
  });
});
