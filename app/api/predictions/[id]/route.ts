import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { getPrediction } from "@/lib/predictions/review";

export const GET = withApi({ auth: "RESEARCHER", schemas: { params: ZIdParamSchema }, handler: async ({ params }) => ({ prediction: await getPrediction(params.id) }) });
