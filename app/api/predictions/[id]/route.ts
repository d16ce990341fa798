import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { ZPredictionResponse } from "@/lib/contract/predictions";
import { getPrediction } from "@/lib/predictions/review";

export const GET = withApi({ auth: "RESEARCHER", schemas: { params: ZIdParamSchema, response: ZPredictionResponse }, handler: async ({ params }) => ({ prediction: await getPrediction(params.id) }) });
