import { z } from "zod";
import { withApi } from "@/lib/server/api";
import { zIdParam } from "@/lib/server/schemas";
import { exportTar } from "@/lib/export/download";

const ZDownloadQuery = z.object({ format: z.string().min(1).max(40).optional() });

/** A finished local export as one tar, streamed: one format's files and what all formats share, or everything. */
export const GET = withApi({
  auth: "RESEARCHER",
  schemas: { params: z.object({ id: zIdParam() }), query: ZDownloadQuery },
  binary: "application/x-tar",
  handler: async ({ params, query }) => {
    const t = await exportTar(params.id, query.format);
    return new Response(t.stream, {
      headers: { "content-type": "application/x-tar", "content-disposition": `attachment; filename="${t.fileName}"`, "cache-control": "no-store" },
    });
  },
});
