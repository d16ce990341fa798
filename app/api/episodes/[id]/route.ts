import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { getEpisode } from "@/lib/episodes/get-episode";
import { ZEpisodeResponse } from "@/lib/contract/episodes";

export const GET = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema, response: ZEpisodeResponse },
  handler: ({ user, params }) => getEpisode({ user, id: params.id }),
});
