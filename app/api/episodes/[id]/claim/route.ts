import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { claimEpisode } from "@/lib/annotations/claim-episode";
import { ZClaimResponse } from "@/lib/contract/episodes";

export const POST = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema, response: ZClaimResponse },
  handler: async ({ user, params, requestId }) => ({ claimed: await claimEpisode({ user, episodeId: params.id, requestId }) }),
});
