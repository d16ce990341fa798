import { withApi } from "@/lib/server/api";
import { listEpisodes, ZEpisodeListQuerySchema } from "@/lib/episodes/list-episodes";
import { ZEpisodeListResponse } from "@/lib/contract/episodes";

export const GET = withApi({
  auth: "ANNOTATOR",
  schemas: { query: ZEpisodeListQuerySchema, response: ZEpisodeListResponse },
  handler: ({ user, query }) => listEpisodes({ user, query }),
});
