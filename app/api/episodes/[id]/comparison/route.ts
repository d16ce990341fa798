import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { compareEpisode } from "@/lib/predictions/compare-episode";

export const GET = withApi({ auth: "RESEARCHER", schemas: { params: ZIdParamSchema }, handler: async ({ params }) => compareEpisode({ episodeId: params.id }) });
