import { z } from "zod";
import { withApi } from "@/lib/server/api";
import { ZIdParamSchema, ZPagingSchema } from "@/lib/server/schemas";
import { ZReleaseEpisodesResponse } from "@/lib/contract/releases";
import { listReleaseEpisodes } from "@/lib/releases/releases";

export const GET = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, query: ZPagingSchema.extend({ splitTag: z.enum(["TRAIN", "ID", "OOD_CROSS_TASK", "OOD_CROSS_ENV"]).optional() }), response: ZReleaseEpisodesResponse },
  handler: async ({ params, query }) => listReleaseEpisodes({ id: params.id, ...query }),
});
