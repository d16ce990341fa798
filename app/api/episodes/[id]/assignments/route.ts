import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { assignAnnotators } from "@/lib/annotations/claim-episode";
import { ZAssignSchema } from "@/lib/annotations/schemas";
import { ZAssignResponse } from "@/lib/contract/episodes";

export const POST = withApi({
  auth: "LEAD",
  schemas: { params: ZIdParamSchema, body: ZAssignSchema, response: ZAssignResponse },
  handler: ({ user, params, body, requestId }) => assignAnnotators({ user, episodeId: params.id, annotatorIds: body.annotatorIds, requestId }),
});
