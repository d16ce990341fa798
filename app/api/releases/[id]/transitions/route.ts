import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZReleaseTransitionResponse } from "@/lib/contract/releases";
import { transitionRelease } from "@/lib/releases/releases";
import { ZTransitionReleaseSchema } from "@/lib/releases/schemas";

/** submit (researcher), approve / publish / return (lead). */
export const POST = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema, body: ZTransitionReleaseSchema, response: ZReleaseTransitionResponse },
  handler: async ({ params, body, user, requestId }) => transitionRelease({ user, id: params.id, ...body, requestId }),
});
