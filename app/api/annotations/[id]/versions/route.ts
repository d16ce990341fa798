import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { listVersions } from "@/lib/annotations/get-annotation";

export const GET = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema },
  handler: async ({ user, params }) => ({ versions: await listVersions({ user, id: params.id }) }),
});
