import { withApi } from "@/lib/server/api";
import { setCameraOffset, ZCameraOffsetSchema, ZCameraParamsSchema } from "@/lib/episodes/camera-offset";
import { ZCameraOffsetResponse } from "@/lib/contract/episodes";

export const PATCH = withApi({
  auth: "ANNOTATOR",
  schemas: { params: ZCameraParamsSchema, body: ZCameraOffsetSchema, response: ZCameraOffsetResponse },
  handler: async ({ user, params, body, requestId }) => ({ camera: await setCameraOffset({ user, episodeId: params.id, camera: params.camera, offsetMs: body.offsetMs, requestId }) }),
});
