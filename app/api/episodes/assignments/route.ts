import { withApi } from "@/lib/server/api";
import { assignAnnotatorToEpisodes } from "@/lib/annotations/claim-episode";
import { ZBulkAssignSchema } from "@/lib/annotations/schemas";
import { ZBulkAssignResponse } from "@/lib/contract/review-queue";

export const POST = withApi({
  auth: "LEAD",
  schemas: { body: ZBulkAssignSchema, response: ZBulkAssignResponse },
  handler: ({ user, body, requestId }) => assignAnnotatorToEpisodes({ user, episodeIds: body.episodeIds, annotatorId: body.annotatorId, requestId }),
});
