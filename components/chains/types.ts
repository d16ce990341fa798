// What the chain-review endpoints send, as it arrives over JSON (dates become strings).
import type { getPrediction, QueueItem as ServerQueueItem, saveReview, TSaveReview } from "@/lib/predictions/review";
import type { compareEpisode } from "@/lib/predictions/compare-episode";

export type Wire<T> = T extends Date ? string : T extends Array<infer U> ? Array<Wire<U>> : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

/** GET /api/predictions/<id> → { prediction }. */
export type PredictionDetail = Wire<Awaited<ReturnType<typeof getPrediction>>>;
export type ReviewData = NonNullable<PredictionDetail["review"]>;
export type Verdict = "ACCEPTED" | "REJECTED" | "NEEDS_FIX";

/** GET /api/predictions?… */
export type QueueItem = Wire<ServerQueueItem>;
export interface QueuePage {
  items: QueueItem[];
  total: number;
  page: number;
  pageSize: number;
}

/** PUT /api/predictions/<id>/review body and its answer ({ review }). */
export type SaveReviewBody = TSaveReview;
export type SavedReview = Wire<Awaited<ReturnType<typeof saveReview>>>;

/** GET /api/episodes/<id>/comparison. */
export type Comparison = Wire<Awaited<ReturnType<typeof compareEpisode>>>;
export type ComparisonRun = Comparison["runs"][number];
export type ComparisonPoint = ComparisonRun["points"][number];
