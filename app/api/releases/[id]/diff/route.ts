import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZReleaseDiffResponse } from "@/lib/contract/releases";
import { releaseDiff } from "@/lib/releases/releases";

export const GET = withApi({ auth: "RESEARCHER", schemas: { params: ZIdParamSchema, response: ZReleaseDiffResponse }, handler: async ({ params }) => releaseDiff(params.id) });
