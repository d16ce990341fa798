import { describe, expect, it } from "vitest";
import { withSavedReview } from "./review-cache";
import type { PredictionDetail, SavedReview, SaveReviewBody } from "./types";

const detail = { id: 11, planning: "p", observation: "o", reasoning: "r", answerText: "45", review: null } as unknown as PredictionDetail;
const body: SaveReviewBody = { baseVersion: 0, planning: "p2", observation: "o", reasoning: "r", answerText: "50", verdict: "NEEDS_FIX", note: "fixed the answer" };
const saved: SavedReview = { id: 3, version: 1, verdict: "NEEDS_FIX", updatedAt: "2026-01-02T03:04:05.000Z", answerFlag: null, answerFlagText: null };

describe("withSavedReview", () => {
  it("puts the saved review on a prediction that had none", () => {
    const next = withSavedReview(detail, body, saved);
    expect(next.review).toMatchObject({ id: 3, predictionId: 11, version: 1, verdict: "NEEDS_FIX", planning: "p2", answerText: "50", note: "fixed the answer" });
    expect(detail.review).toBeNull();
  });

  it("moves an existing review to the new version, keeping when it was created", () => {
    const first = withSavedReview(detail, body, saved);
    const next = withSavedReview(first, { ...body, baseVersion: 1, verdict: "ACCEPTED" }, { ...saved, version: 2, verdict: "ACCEPTED", updatedAt: "2026-01-03T00:00:00.000Z" });
    expect(next.review).toMatchObject({ version: 2, verdict: "ACCEPTED", createdAt: "2026-01-02T03:04:05.000Z", updatedAt: "2026-01-03T00:00:00.000Z" });
  });
});
