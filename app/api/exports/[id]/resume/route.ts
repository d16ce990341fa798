import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZExportResponse } from "@/lib/contract/exports";
import { resumeExport } from "@/lib/export/export-service";

export const POST = withApi({ auth: "RESEARCHER", schemas: { params: ZIdParamSchema, response: ZExportResponse }, handler: async ({ params, user, requestId }) => ({ export: (await resumeExport({ user, id: params.id, requestId })).export }) });
