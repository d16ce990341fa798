import { withApi } from "@/lib/server/api";
import { listReviewQueue } from "@/lib/annotations/review-queue";
import { ZReviewQueueQuerySchema } from "@/lib/annotations/schemas";
import { ZReviewQueueResponse } from "@/lib/contract/review-queue";

export const GET = withApi({
  auth: "LEAD",
  schemas: { query: ZReviewQueueQuerySchema, response: ZReviewQueueResponse },
  handler: ({ user, query }) => listReviewQueue(user, query),
});
