import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZImportJobResponse } from "@/lib/contract/imports";
import { getImportJob } from "@/lib/imports/run-import";
import { notFound } from "@/lib/server/errors";

export const GET = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, response: ZImportJobResponse },
  handler: async ({ params }) => {
    const job = await getImportJob(params.id);
    if (!job) throw notFound(`Import ${params.id}`);
    return { job };
  },
});
