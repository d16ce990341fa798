import { withApi } from "@/lib/server/api";
import { getAnnotationSettings, updateAnnotationSettings, ZAnnotationSettingsPatchSchema } from "@/lib/settings/annotation-settings";
import { ZAnnotationSettingsResponse } from "@/lib/contract/system";

export const GET = withApi({
  auth: "ANNOTATOR",
  schemas: { response: ZAnnotationSettingsResponse },
  handler: () => getAnnotationSettings(),
});

export const PUT = withApi({
  auth: "LEAD",
  schemas: { body: ZAnnotationSettingsPatchSchema, response: ZAnnotationSettingsResponse },
  handler: ({ user, body, requestId }) => updateAnnotationSettings({ user, settings: body, requestId }),
});
