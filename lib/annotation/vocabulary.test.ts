import { describe, expect, it } from "vitest";
import { inVocabulary, offVocabulary, vocabularyProblem } from "./vocabulary";

const segs = (...labels: string[]) => labels.map((label) => ({ label }));
const VOCAB = ["grasp_cloth", "wipe", "return_cloth"];

describe("label vocabularies", () => {
  it("finds the labels off the vocabulary, once each, ignoring case and spacing", () => {
    expect(offVocabulary(segs("grasp_cloth", "reach", " Wipe ", "REACH", "", "rest"), VOCAB)).toEqual(["reach", "rest"]);
    expect(inVocabulary("Wipe", VOCAB)).toBe(true);
    expect(inVocabulary("reach", VOCAB)).toBe(false);
  });
  it("has nothing to say about a task without a vocabulary", () => {
    expect(offVocabulary(segs("anything"), [])).toEqual([]);
    expect(inVocabulary("anything", [])).toBe(true);
  });
  it("blocks submission only when the vocabulary is closed, naming the labels and the vocabulary", () => {
    expect(vocabularyProblem(segs("reach", "wipe"), { labels: VOCAB, closed: false })).toBeNull();
    expect(vocabularyProblem(segs("reach", "wipe"), { labels: VOCAB, closed: true })).toBe("Label “reach” is not in the task's closed vocabulary (grasp_cloth, wipe, return_cloth).");
    expect(vocabularyProblem(segs("wipe"), { labels: VOCAB, closed: true })).toBeNull();
  });
});
