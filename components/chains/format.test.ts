import { describe, expect, it } from "vitest";
import { fmtProgress, verdictClass, verdictLabel } from "./format";

describe("format", () => {
  it("prints progress with at most one decimal, and a dash for none", () => {
    expect(fmtProgress(45)).toBe("45");
    expect(fmtProgress(45.46)).toBe("45.5");
    expect(fmtProgress(-0.01)).toBe("0");
    expect(fmtProgress(null)).toBe("—");
    expect(fmtProgress(Number.NaN)).toBe("—");
  });

  it("names verdicts, unreviewed included", () => {
    expect(verdictLabel("NEEDS_FIX")).toBe("Needs fix");
    expect(verdictLabel(null)).toBe("Unreviewed");
    expect(verdictClass("NEEDS_FIX")).toBe("needs-fix");
    expect(verdictClass(null)).toBe("unreviewed");
  });
});
