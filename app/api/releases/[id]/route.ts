import { z } from "zod";
import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZReleaseDeleteResponse, ZReleaseResponse } from "@/lib/contract/releases";
import { deleteRelease, getRelease, updateRelease } from "@/lib/releases/releases";
import { ZUpdateReleaseSchema } from "@/lib/releases/schemas";

export const GET = withApi({ auth: "RESEARCHER", schemas: { params: ZIdParamSchema, response: ZReleaseResponse }, handler: async ({ params }) => ({ release: await getRelease(params.id) }) });

export const PATCH = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, body: ZUpdateReleaseSchema, response: ZReleaseResponse },
  handler: async ({ params, body, user, requestId }) => ({ release: await updateRelease({ user, id: params.id, changes: body, requestId }) }),
});

/** Deleting an unpublished release needs `?confirm=<the release's name>`. */
export const DELETE = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, query: z.object({ confirm: z.string().default("") }), response: ZReleaseDeleteResponse },
  handler: async ({ params, query, user, requestId }) => deleteRelease({ user, id: params.id, confirm: query.confirm, requestId }),
});
