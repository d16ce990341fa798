import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { updateComment } from "@/lib/annotations/comments";
import { ZUpdateCommentSchema } from "@/lib/annotations/schemas";
import { ZCommentResponse } from "@/lib/contract/annotations";

export const PATCH = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema, body: ZUpdateCommentSchema, response: ZCommentResponse },
  handler: async ({ user, params, body }) => ({ comment: await updateComment({ user, id: params.id, resolved: body.resolved }) }),
});
