import { withApi, json } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { createComment, listComments } from "@/lib/annotations/comments";
import { ZCreateCommentSchema } from "@/lib/annotations/schemas";
import { ZCommentResponse, ZCommentsResponse } from "@/lib/contract/annotations";

export const GET = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema, response: ZCommentsResponse },
  handler: async ({ user, params }) => ({ comments: await listComments({ user, annotationId: params.id }) }),
});

export const POST = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema, body: ZCreateCommentSchema, response: ZCommentResponse },
  handler: async ({ user, params, body }) => json({ comment: await createComment({ user, annotationId: params.id, ...body }) }, 201),
});
