import { withApi } from "@/lib/server/api";
import { getAgreementReport } from "@/lib/annotations/agreement-report";
import { ZAgreementQuerySchema } from "@/lib/annotations/schemas";

export const GET = withApi({
  auth: "RESEARCHER",
  schemas: { query: ZAgreementQuerySchema },
  handler: ({ query }) => getAgreementReport(query),
});
