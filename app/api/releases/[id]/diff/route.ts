import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { releaseDiff } from "@/lib/releases/releases";

export const GET = withApi({ auth: "RESEARCHER", schemas: { params: ZIdParamSchema }, handler: async ({ params }) => releaseDiff(params.id) });
