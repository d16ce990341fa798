import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { cancelModelRun } from "@/lib/model-runs/run-model";

export const POST = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema },
  handler: async ({ params, user, requestId }) => cancelModelRun({ user, id: params.id, requestId }),
});
