import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { getAnnotation } from "@/lib/annotations/get-annotation";
import { saveAnnotation } from "@/lib/annotations/save-annotation";
import { ZSaveAnnotationSchema } from "@/lib/annotations/schemas";
import { ZAnnotationResponse, ZSaveAnnotationResponse } from "@/lib/contract/annotations";

export const GET = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema, response: ZAnnotationResponse },
  handler: ({ user, params }) => getAnnotation({ user, id: params.id }),
});

export const PUT = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema, body: ZSaveAnnotationSchema, response: ZSaveAnnotationResponse },
  maxBodyBytes: 2_000_000,
  handler: ({ user, params, body, requestId }) => saveAnnotation({ user, id: params.id, baseVersion: body.baseVersion, snapshot: body.snapshot, requestId }),
});
