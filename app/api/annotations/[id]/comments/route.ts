import { withApi, json } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { createComment, listComments } from "@/lib/annotations/comments";
import { ZCreateCommentSchema } from "@/lib/annotations/schemas";

export const GET = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema },
  handler: async ({ user, params }) => ({ comments: await listComments({ user, annotationId: params.id }) }),
});

export const POST = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema, body: ZCreateCommentSchema },
  handler: async ({ user, params, body }) => json({ comment: await createComment({ user, annotationId: params.id, ...body }) }, 201),
});
