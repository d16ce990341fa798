import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { transitionAnnotation } from "@/lib/annotations/transition-annotation";
import { ZTransitionSchema } from "@/lib/annotations/schemas";
import { ZTransitionResponse } from "@/lib/contract/annotations";

export const POST = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema, body: ZTransitionSchema, response: ZTransitionResponse },
  handler: ({ user, params, body, requestId }) => transitionAnnotation({ user, id: params.id, action: body.action, comment: body.comment || undefined, frame: body.frame, segmentKey: body.segmentKey, requestId }),
});
