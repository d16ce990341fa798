import { z } from "zod";
import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZRunDeleteResponse, ZRunResponse, ZRunUpdateResponse } from "@/lib/contract/runs";
import { deleteRun, getRun, updateRun, ZUpdateRunSchema } from "@/lib/predictions/runs";

export const GET = withApi({ auth: "RESEARCHER", schemas: { params: ZIdParamSchema, response: ZRunResponse }, handler: async ({ params }) => ({ run: await getRun(params.id) }) });

export const PATCH = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, body: ZUpdateRunSchema, response: ZRunUpdateResponse },
  handler: async ({ params, body, user, requestId }) => ({ run: await updateRun({ user, id: params.id, changes: body, requestId }) }),
});

/** Deleting a run needs `?confirm=<the run's name>`. */
export const DELETE = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, query: z.object({ confirm: z.string().default("") }), response: ZRunDeleteResponse },
  handler: async ({ params, query, user, requestId }) => deleteRun({ user, id: params.id, confirm: query.confirm, requestId }),
});
