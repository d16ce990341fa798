import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZRunReportResponse } from "@/lib/contract/runs";
import { getRunReport } from "@/lib/metrics/run-report";
import { resolveScope, ZMetricScopeQuery } from "@/lib/metrics/scope";

export const GET = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, query: ZMetricScopeQuery, response: ZRunReportResponse },
  handler: async ({ params, query }) => getRunReport({ runId: params.id, scope: await resolveScope(query) }),
});
