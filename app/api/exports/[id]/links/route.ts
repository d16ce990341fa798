import { z } from "zod";
import { withApi } from "@/lib/server/api";
import { zIdParam } from "@/lib/server/schemas";
import { exportLinks } from "@/lib/export/download";
import { ZExportLinksResponse } from "@/lib/contract/exports";

const ZLinksQuery = z.object({ format: z.string().min(1).max(40).optional() });

/** How to fetch a finished export's files (one format's and the shared ones, or all): pre-signed links in S3, else the tar. */
export const GET = withApi({
  auth: "RESEARCHER",
  schemas: { params: z.object({ id: zIdParam() }), query: ZLinksQuery, response: ZExportLinksResponse },
  handler: ({ params, query }) => exportLinks(params.id, query.format),
});
