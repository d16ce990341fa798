import { withApi } from "@/lib/server/api";
import { releaseReview } from "@/lib/annotations/review-queue";
import { ZReviewReleaseSchema } from "@/lib/annotations/schemas";
import { ZReviewReleaseResponse } from "@/lib/contract/review-queue";

export const POST = withApi({
  auth: "LEAD",
  schemas: { body: ZReviewReleaseSchema, response: ZReviewReleaseResponse },
  handler: ({ user, body, requestId }) => releaseReview({ user, annotationId: body.annotationId, requestId }),
});
