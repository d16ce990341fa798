import { z } from "zod";
import { withApi } from "@/lib/server/api";
import { zIdParam } from "@/lib/server/schemas";
import { exportLinks } from "@/lib/export/download";
import { ZExportLinksResponse } from "@/lib/contract/exports";

const ZLinksQuery = z.object({ format: z.string().min(1).max(40).optional() });

/** A finished S3 export: a pre-signed link to each file (one format's and the shared ones, or all). */
export const GET = withApi({
  auth: "RESEARCHER",
  schemas: { params: z.object({ id: zIdParam() }), query: ZLinksQuery, response: ZExportLinksResponse },
  handler: ({ params, query }) => exportLinks(params.id, query.format),
});
