import { withApi } from "@/lib/server/api";
import { claimNextReview } from "@/lib/annotations/review-queue";
import { ZReviewNextSchema } from "@/lib/annotations/schemas";
import { ZReviewNextResponse } from "@/lib/contract/review-queue";

export const POST = withApi({
  auth: "LEAD",
  schemas: { body: ZReviewNextSchema, response: ZReviewNextResponse },
  handler: async ({ user, body, requestId }) => {
    const { skip, ...filters } = body;
    return { claimed: await claimNextReview({ user, filters, skip, requestId }) };
  },
});
