import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZExportResponse } from "@/lib/contract/exports";
import { getExport } from "@/lib/export/export-service";

export const GET = withApi({ auth: "RESEARCHER", schemas: { params: ZIdParamSchema, response: ZExportResponse }, handler: async ({ params }) => ({ export: await getExport(params.id) }) });
