import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZExportListResponse, ZExportResponse } from "@/lib/contract/exports";
import { listExports, startExport, ZStartExportSchema } from "@/lib/export/export-service";

export const GET = withApi({ auth: "RESEARCHER", schemas: { params: ZIdParamSchema, response: ZExportListResponse }, handler: async ({ params }) => ({ exports: await listExports({ releaseId: params.id }) }) });

export const POST = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, body: ZStartExportSchema, response: ZExportResponse },
  handler: async ({ params, body, user, requestId }) => ({ export: await startExport({ user, releaseId: params.id, config: body.config, requestId }) }),
});
