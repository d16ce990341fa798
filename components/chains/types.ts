// What the chain-review endpoints send, as it arrives over JSON (dates become strings). The
// prediction routes' types come from the response contract (lib/contract/predictions.ts), which
// those routes are checked against.
import type { z } from "zod";
import type { ZChainVerdict } from "@/lib/contract/common";
import type { ChainReview, PredictionDetail as ContractPredictionDetail, QueueItem as ContractQueueItem, ReviewQueueResponse, SavedReview as ContractSavedReview } from "@/lib/contract/predictions";
import type { TSaveReview } from "@/lib/predictions/review";
import type { ComparisonResponse } from "@/lib/contract/episodes";


/** GET /api/predictions/<id> → { prediction }. */
export type PredictionDetail = ContractPredictionDetail;
export type ReviewData = ChainReview;
export type Verdict = z.infer<typeof ZChainVerdict>;

/** GET /api/predictions?… */
export type QueueItem = ContractQueueItem;
export type QueuePage = ReviewQueueResponse;

/** PUT /api/predictions/<id>/review body and its answer ({ review }). */
export type SaveReviewBody = TSaveReview;
export type SavedReview = ContractSavedReview;

/** GET /api/episodes/<id>/comparison. */
export type Comparison = ComparisonResponse;
export type ComparisonRun = Comparison["runs"][number];
export type ComparisonPoint = ComparisonRun["points"][number];
