import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { deleteEndpoint, updateEndpoint, ZEndpointUpdateSchema } from "@/lib/model-runs/endpoints";

export const PATCH = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, body: ZEndpointUpdateSchema },
  handler: async ({ params, body, user, requestId }) => ({ endpoint: await updateEndpoint({ user, id: params.id, data: body, requestId }) }),
});

export const DELETE = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema },
  handler: async ({ params, user, requestId }) => deleteEndpoint({ user, id: params.id, requestId }),
});
