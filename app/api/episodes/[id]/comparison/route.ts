import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { compareEpisode } from "@/lib/predictions/compare-episode";
import { ZComparisonResponse } from "@/lib/contract/episodes";

export const GET = withApi({ auth: "RESEARCHER", schemas: { params: ZIdParamSchema, response: ZComparisonResponse }, handler: async ({ params }) => compareEpisode({ episodeId: params.id }) });
