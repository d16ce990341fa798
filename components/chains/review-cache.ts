// Pure cache patch after a successful review save: the panel shows what was saved at once,
// before the refetch that the invalidation triggers comes back.
import type { PredictionDetail, SavedReview, SaveReviewBody } from "./types";

export function withSavedReview(detail: PredictionDetail, body: SaveReviewBody, saved: SavedReview): PredictionDetail {
  const prev = detail.review;
  return {
    ...detail,
    review: {
      id: saved.id,
      predictionId: detail.id,
      // Who saved is known to the server; the refetch fills it in.
      reviewerId: prev?.reviewerId ?? null,
      reviewer: prev?.reviewer ?? null,
      createdAt: prev?.createdAt ?? saved.updatedAt,
      updatedAt: saved.updatedAt,
      version: saved.version,
      verdict: saved.verdict,
      planning: body.planning,
      observation: body.observation,
      reasoning: body.reasoning,
      answerText: body.answerText,
      note: body.note,
    },
  };
}
