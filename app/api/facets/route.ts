import { withApi } from "@/lib/server/api";
import { listFacets } from "@/lib/episodes/get-episode";

export const GET = withApi({ auth: "ANNOTATOR", handler: () => listFacets() });
