import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { posterUriForEpisode } from "@/lib/media/poster";
import { serveStored } from "@/lib/media/serve-media";

export const GET = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema },
  binary: "image/jpeg",
  handler: async ({ req, params }) =>
    serveStored(req, await posterUriForEpisode(params.id), { cacheControl: "private, max-age=86400", contentType: "image/jpeg" }),
});
