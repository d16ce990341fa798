// What the model-endpoint routes answer (app/api/endpoints/**). The API key is write-only:
// only `hasApiKey` says whether one is stored.
import { z } from "zod";
import { int, zWireDate } from "./common";

export const ZEndpointVideoMode = z.enum(["frames", "video"]);

/** An endpoint as listEndpoints / createEndpoint / updateEndpoint return it (key redacted). */
export const ZEndpoint = z.strictObject({
  id: int(),
  name: z.string(),
  baseUrl: z.string(),
  model: z.string(),
  videoMode: ZEndpointVideoMode,
  requestsPerMinute: int(),
  concurrency: int(),
  maxTokens: int(),
  temperature: z.number(),
  timeoutSec: int(),
  createdAt: zWireDate,
  updatedAt: zWireDate,
  /** Its maker and leads may change or delete it (lib/auth/policy.ts endpoint.manage). */
  createdById: int().nullable(),
  hasApiKey: z.boolean(),
});
export type Endpoint = z.infer<typeof ZEndpoint>;

/** GET /api/endpoints */
export const ZEndpointListResponse = z.strictObject({ items: z.array(ZEndpoint) });
export type EndpointListResponse = z.infer<typeof ZEndpointListResponse>;

/** POST /api/endpoints (201), PATCH /api/endpoints/<id> */
export const ZEndpointResponse = z.strictObject({ endpoint: ZEndpoint });
export type EndpointResponse = z.infer<typeof ZEndpointResponse>;

/** DELETE /api/endpoints/<id> */
export const ZEndpointDeleteResponse = z.strictObject({ id: int(), name: z.string() });
export type EndpointDeleteResponse = z.infer<typeof ZEndpointDeleteResponse>;

/** POST /api/endpoints/<id>/test: whether it answers and serves the model (never what the target sent). */
export const ZEndpointTestResponse = z.strictObject({
  ok: z.boolean(),
  models: z.array(z.string()),
  modelListed: z.boolean(),
  message: z.string(),
});
export type EndpointTestResponse = z.infer<typeof ZEndpointTestResponse>;
