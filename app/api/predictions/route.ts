import { withApi } from "@/lib/server/api";
import { ZReviewQueueResponse } from "@/lib/contract/predictions";
import { listReviewQueue, ZReviewQueueSchema } from "@/lib/predictions/review";

/** The chain-review queue, filtered and paged. */
export const GET = withApi({ auth: "RESEARCHER", schemas: { query: ZReviewQueueSchema, response: ZReviewQueueResponse }, handler: async ({ query }) => listReviewQueue(query) });
