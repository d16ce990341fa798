import { withApi } from "@/lib/server/api";
import { listFacets } from "@/lib/episodes/get-episode";
import { ZFacetsResponse } from "@/lib/contract/episodes";

export const GET = withApi({ auth: "ANNOTATOR", schemas: { response: ZFacetsResponse }, handler: () => listFacets() });
