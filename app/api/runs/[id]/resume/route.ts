import { withApi, json } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZRunStatusResponse } from "@/lib/contract/runs";
import { resumeModelRun } from "@/lib/model-runs/run-model";

export const POST = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, response: ZRunStatusResponse },
  handler: async ({ params, user, requestId }) => json(await resumeModelRun({ user, id: params.id, requestId }), 202),
});
