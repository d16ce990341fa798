import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZExportPreviewResponse } from "@/lib/contract/exports";
import { previewExport, ZPreviewExportSchema } from "@/lib/export/export-service";

/** What each format would hold for this release and configuration, and why a format would be empty. */
export const POST = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, body: ZPreviewExportSchema, response: ZExportPreviewResponse },
  handler: async ({ params, body }) => previewExport({ releaseId: params.id, config: body.config }),
});
