import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZEndpointTestResponse } from "@/lib/contract/endpoints";
import { testEndpoint } from "@/lib/model-runs/endpoints";

/** Asks the endpoint which models it serves: checks URL, key and model name before a run. */
export const POST = withApi({ auth: "RESEARCHER", schemas: { params: ZIdParamSchema, response: ZEndpointTestResponse }, handler: async ({ params }) => testEndpoint(params.id) });
