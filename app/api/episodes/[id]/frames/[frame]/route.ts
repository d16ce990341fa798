// A frame-exact JPEG of one episode frame (episode-relative index) of one camera, for reviewing a
// model's reasoning next to the frames it saw. The same frame of the same file never changes.
import { z } from "zod";
import { withApi } from "@/lib/server/api";
import { ZIdParamSchema, zQueryInt } from "@/lib/server/schemas";
import { frameImageUri } from "@/lib/media/extract-frame";
import { serveStored } from "@/lib/media/serve-media";

const ZFrameParamsSchema = ZIdParamSchema.extend({ frame: zQueryInt(z.number().nonnegative()) });
const ZFrameQuerySchema = z.object({
  camera: z.string().min(1).max(200).optional(),
  /** Wanted width in pixels; clamped to 64..1280 and rounded up to 160, 320, 640, 1280 or the video's own width. */
  w: zQueryInt(z.number().positive().max(100_000)).optional(),
});

export const GET = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZFrameParamsSchema, query: ZFrameQuerySchema },
  binary: "image/jpeg",
  handler: async ({ req, params, query }) =>
    serveStored(req, await frameImageUri({ episodeId: params.id, frame: params.frame, camera: query.camera, width: query.w }), {
      cacheControl: "private, max-age=31536000, immutable",
      contentType: "image/jpeg",
    }),
});
