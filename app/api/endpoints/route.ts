import { withApi, json } from "@/lib/server/api";
import { ZEndpointListResponse, ZEndpointResponse } from "@/lib/contract/endpoints";
import { createEndpoint, listEndpoints, ZEndpointSchema } from "@/lib/model-runs/endpoints";

export const GET = withApi({ auth: "RESEARCHER", schemas: { response: ZEndpointListResponse }, handler: async () => ({ items: await listEndpoints() }) });

export const POST = withApi({
  auth: "RESEARCHER",
  schemas: { body: ZEndpointSchema, response: ZEndpointResponse },
  handler: async ({ body, user, requestId }) => json({ endpoint: await createEndpoint({ user, data: body, requestId }) }, 201),
});
