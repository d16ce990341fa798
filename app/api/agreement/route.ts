import { withApi } from "@/lib/server/api";
import { getAgreementReport } from "@/lib/annotations/agreement-report";
import { ZAgreementQuerySchema } from "@/lib/annotations/schemas";
import { ZAgreementReportResponse } from "@/lib/contract/agreement";

export const GET = withApi({
  auth: "RESEARCHER",
  schemas: { query: ZAgreementQuerySchema, response: ZAgreementReportResponse },
  handler: ({ query }) => getAgreementReport(query),
});
