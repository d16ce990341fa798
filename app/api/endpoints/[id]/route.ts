import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZEndpointDeleteResponse, ZEndpointResponse } from "@/lib/contract/endpoints";
import { deleteEndpoint, updateEndpoint, ZEndpointUpdateSchema } from "@/lib/model-runs/endpoints";

export const PATCH = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, body: ZEndpointUpdateSchema, response: ZEndpointResponse },
  handler: async ({ params, body, user, requestId }) => ({ endpoint: await updateEndpoint({ user, id: params.id, data: body, requestId }) }),
});

export const DELETE = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, response: ZEndpointDeleteResponse },
  handler: async ({ params, user, requestId }) => deleteEndpoint({ user, id: params.id, requestId }),
});
