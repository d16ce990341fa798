import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZRunStatusResponse } from "@/lib/contract/runs";
import { cancelModelRun } from "@/lib/model-runs/run-model";

export const POST = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, response: ZRunStatusResponse },
  handler: async ({ params, user, requestId }) => cancelModelRun({ user, id: params.id, requestId }),
});
