import { withApi } from "@/lib/server/api";
import { getAnnotationSettings, updateAnnotationSettings, ZAnnotationSettingsSchema } from "@/lib/settings/annotation-settings";

export const GET = withApi({
  auth: "ANNOTATOR",
  handler: () => getAnnotationSettings(),
});

export const PUT = withApi({
  auth: "LEAD",
  schemas: { body: ZAnnotationSettingsSchema },
  handler: ({ user, body, requestId }) => updateAnnotationSettings({ user, settings: body, requestId }),
});
