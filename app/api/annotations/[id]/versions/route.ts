import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { listHistoryEvents, listVersions } from "@/lib/annotations/get-annotation";
import { ZVersionsResponse } from "@/lib/contract/annotations";

export const GET = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema, response: ZVersionsResponse },
  handler: async ({ user, params }) => {
    const versions = await listVersions({ user, id: params.id });
    return { versions, events: await listHistoryEvents(params.id) };
  },
});
