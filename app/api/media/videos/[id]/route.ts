import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { db } from "@/lib/db";
import { conflict, notFound } from "@/lib/server/errors";
import { serveStored } from "@/lib/media/serve-media";

// Only files the database knows are served; the id is the only input, never a path.
const def = {
  auth: "ANNOTATOR" as const,
  schemas: { params: ZIdParamSchema },
  binary: "video/mp4",
  handler: async ({ req, params }: { req: Request; params: { id: number } }) => {
    const f = await db.videoFile.findUnique({ where: { id: params.id } });
    if (!f) throw notFound("Video");
    const uri = f.playbackUri ?? (f.browserPlayable ? f.uri : null);
    if (!uri) {
      throw conflict(
        f.transcodeStatus === "FAILED"
          ? `This ${f.codec} video cannot be played in a browser and its conversion failed: ${f.transcodeError ?? "unknown error"}`
          : `This ${f.codec} video cannot be played in a browser; it is being converted to H.264.`,
        { transcodeStatus: f.transcodeStatus },
      );
    }
    // Media never changes under a given URI: transcodes get a new one.
    return serveStored(req, uri, { cacheControl: "private, max-age=31536000, immutable" });
  },
};

export const GET = withApi(def);
export const HEAD = withApi(def);
