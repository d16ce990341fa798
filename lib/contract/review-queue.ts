// What the review-queue routes answer (app/api/review-queue/**), as
// lib/annotations/review-queue.ts and claim-episode.ts (bulk assignment) build them.
import { z } from "zod";
import { int, ZAnnotationStatus, zWireDate } from "./common";
import { ZUserRef } from "./users";

const ZNamed = z.strictObject({ id: int(), name: z.string() });

export const ZReviewQueueItem = z.strictObject({
  annotationId: int(),
  episodeId: int(),
  sourceKey: z.string(),
  lengthFrames: int(),
  environment: ZNamed,
  task: z.strictObject({ id: int(), instruction: z.string() }),
  annotator: ZUserRef,
  status: ZAnnotationStatus,
  version: int(),
  submittedAt: zWireDate.nullable(),
  /** Who has it under review (IN_REVIEW only). */
  reviewer: ZUserRef.nullable(),
  reviewClaimedAt: zWireDate.nullable(),
  openComments: int(),
  /** Why "next to review" will not hand this to the caller, if it will not. */
  notForYou: z.string().nullable(),
});
export type ReviewQueueItemView = z.infer<typeof ZReviewQueueItem>;

/** GET /api/review-queue: the oldest 200 matches, and how many there are. */
export const ZReviewQueueResponse = z.strictObject({ items: z.array(ZReviewQueueItem), total: int(), fourEyes: z.boolean() });
export type ReviewQueueResponse = z.infer<typeof ZReviewQueueResponse>;

/** POST /api/review-queue/next: null when nothing is waiting for this lead. */
export const ZReviewNextResponse = z.strictObject({
  claimed: z.strictObject({ annotationId: int(), episodeId: int(), resumed: z.boolean() }).nullable(),
});
export type ReviewNextResponse = z.infer<typeof ZReviewNextResponse>;

/** POST /api/review-queue/release */
export const ZReviewReleaseResponse = z.strictObject({ annotationId: int(), status: z.literal("SUBMITTED") });

/** POST /api/episodes/assignments: episodes newly given to the annotator, and those they already had. */
export const ZBulkAssignResponse = z.strictObject({ annotatorId: int(), assigned: z.array(int()), already: z.array(int()) });
export type BulkAssignResponse = z.infer<typeof ZBulkAssignResponse>;
