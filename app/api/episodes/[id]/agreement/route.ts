import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { getEpisodeAgreement } from "@/lib/annotations/agreement-report";
import { ZAgreementQuerySchema } from "@/lib/annotations/schemas";
import { ZEpisodeAgreementResponse } from "@/lib/contract/agreement";

export const GET = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, query: ZAgreementQuerySchema, response: ZEpisodeAgreementResponse },
  handler: ({ params, query }) => getEpisodeAgreement({ episodeId: params.id, k: query.k }),
});
