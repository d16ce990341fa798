import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { restoreVersion } from "@/lib/annotations/save-annotation";
import { ZRestoreVersionSchema } from "@/lib/annotations/schemas";
import { ZSaveAnnotationResponse } from "@/lib/contract/annotations";

export const POST = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZIdParamSchema, body: ZRestoreVersionSchema, response: ZSaveAnnotationResponse },
  handler: ({ user, params, body, requestId }) => restoreVersion({ user, id: params.id, version: body.version, baseVersion: body.baseVersion, requestId }),
});
