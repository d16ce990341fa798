import { describe, expect, it } from "vitest";
import { baseTexts, diffSegments, editedSections, modelTexts, withDrafts } from "./chain-text";

const join = (parts: { kind: string; text: string }[], keep: string) =>
  parts
    .filter((p) => p.kind === "same" || p.kind === keep)
    .map((p) => p.text)
    .join("");

describe("diffSegments", () => {
  it("marks replaced words as removed then added, keeping the rest", () => {
    const parts = diffSegments("the gripper holds the cup", "the gripper drops the cup");
    expect(parts).toEqual([
      { kind: "same", text: "the gripper " },
      { kind: "removed", text: "holds" },
      { kind: "added", text: "drops" },
      { kind: "same", text: " the cup" },
    ]);
  });

  it("rebuilds both texts exactly, line breaks and markup-looking text included", () => {
    const a = "Step 1: open\n<script>alert(1)</script>\n  then close";
    const b = "Step 1: open the drawer\n<script>alert(2)</script>\nthen close";
    const parts = diffSegments(a, b);
    expect(join(parts, "removed")).toBe(a);
    expect(join(parts, "added")).toBe(b);
    expect(parts.some((p) => p.kind !== "same")).toBe(true);
  });

  it("returns one unchanged part for equal texts and nothing for two empty ones", () => {
    expect(diffSegments("same", "same")).toEqual([{ kind: "same", text: "same" }]);
    expect(diffSegments("", "")).toEqual([]);
  });

  it("shows a section written from nothing as one addition", () => {
    expect(diffSegments("", "new text")).toEqual([{ kind: "added", text: "new text" }]);
    expect(diffSegments("old text", "")).toEqual([{ kind: "removed", text: "old text" }]);
  });

  it("merges neighbouring parts of one kind", () => {
    const parts = diffSegments("a b c", "x y z");
    for (let i = 1; i < parts.length; i++) expect(parts[i]!.kind).not.toBe(parts[i - 1]!.kind);
  });
});

describe("section texts", () => {
  const model = { planning: "p", observation: null, reasoning: "r", answerText: "45" };

  it("treats a missing model section as empty, as the server's edited check does", () => {
    expect(modelTexts(model)).toEqual({ planning: "p", observation: "", reasoning: "r", answerText: "45" });
  });

  it("starts from the saved review when there is one", () => {
    const review = { planning: "p2", observation: "", reasoning: "r", answerText: "50" };
    expect(baseTexts(model, review)).toEqual(review);
    expect(baseTexts(model, null)).toEqual(modelTexts(model));
  });

  it("lists exactly the sections that differ from the model's", () => {
    const orig = modelTexts(model);
    expect(editedSections(orig, orig)).toEqual([]);
    expect(editedSections(orig, withDrafts(orig, { answerText: "50", observation: "seen" }))).toEqual(["observation", "answerText"]);
  });

  it("lays drafts over the base, an empty draft included", () => {
    const base = modelTexts(model);
    expect(withDrafts(base, { planning: "" })).toEqual({ ...base, planning: "" });
    expect(withDrafts(base, {})).toEqual(base);
  });
});
