import { z } from "zod";
import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { compareEpisode } from "@/lib/predictions/compare-episode";
import { ZComparisonResponse } from "@/lib/contract/episodes";

const ZQuery = z.object({
  /** "1": ground truth only when the episode's annotations are all approved. */
  approvedOnly: z.enum(["0", "1"]).optional(),
});

export const GET = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, query: ZQuery, response: ZComparisonResponse },
  handler: async ({ params, query }) => compareEpisode({ episodeId: params.id, scope: { approvedOnly: query.approvedOnly === "1", release: null } }),
});
