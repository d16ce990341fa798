import { withApi } from "@/lib/server/api";
import { claimNextEpisode } from "@/lib/annotations/claim-episode";
import { ZClaimNextSchema } from "@/lib/annotations/schemas";
import { ZClaimNextResponse } from "@/lib/contract/episodes";

export const POST = withApi({
  auth: "ANNOTATOR",
  schemas: { body: ZClaimNextSchema, response: ZClaimNextResponse },
  handler: async ({ user, body, requestId }) => ({ claimed: await claimNextEpisode({ user, ...body, requestId }) }),
});
