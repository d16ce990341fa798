import { withApi } from "@/lib/server/api";
import { listEpisodes, ZEpisodeListQuerySchema } from "@/lib/episodes/list-episodes";

export const GET = withApi({
  auth: "ANNOTATOR",
  schemas: { query: ZEpisodeListQuerySchema },
  handler: ({ user, query }) => listEpisodes({ user, query }),
});
