import { withApi, json } from "@/lib/server/api";
import { listRuns } from "@/lib/predictions/runs";
import { ZRunListResponse, ZStartRunResponse } from "@/lib/contract/runs";
import { startModelRun, ZStartModelRunSchema } from "@/lib/model-runs/run-model";

export const GET = withApi({ auth: "RESEARCHER", schemas: { response: ZRunListResponse }, handler: async () => ({ items: await listRuns() }) });

/** Starts a model run: episodes are sent to a configured endpoint by a background job. */
export const POST = withApi({
  auth: "RESEARCHER",
  schemas: { body: ZStartModelRunSchema, response: ZStartRunResponse },
  handler: async ({ body, user, requestId }) => json({ run: await startModelRun({ user, data: body, requestId }) }, 202),
});
