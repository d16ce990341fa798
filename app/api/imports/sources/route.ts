import { withApi } from "@/lib/server/api";
import { ZImportSourcesResponse } from "@/lib/contract/imports";
import { listImportCandidates } from "@/lib/imports/list-candidates";

export const GET = withApi({ auth: "RESEARCHER", schemas: { response: ZImportSourcesResponse }, handler: async () => ({ items: await listImportCandidates() }) });
