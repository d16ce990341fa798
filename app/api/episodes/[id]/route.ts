import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { getEpisode } from "@/lib/episodes/get-episode";

export const GET = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema },
  handler: ({ user, params }) => getEpisode({ user, id: params.id }),
});
