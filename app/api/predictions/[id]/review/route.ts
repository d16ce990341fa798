import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZSaveReviewResponse } from "@/lib/contract/predictions";
import { saveReview, ZSaveReviewSchema } from "@/lib/predictions/review";

export const PUT = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, body: ZSaveReviewSchema, response: ZSaveReviewResponse },
  handler: async ({ params, body, user, requestId }) => ({ review: await saveReview({ user, predictionId: params.id, review: body, requestId }) }),
});
