import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZRunReportResponse } from "@/lib/contract/runs";
import { getRunReport } from "@/lib/metrics/run-report";

export const GET = withApi({ auth: "RESEARCHER", schemas: { params: ZIdParamSchema, response: ZRunReportResponse }, handler: async ({ params }) => getRunReport({ runId: params.id }) });
