import { withApi } from "@/lib/server/api";
import { listImportCandidates } from "@/lib/imports/list-candidates";

export const GET = withApi({ auth: "RESEARCHER", handler: async () => ({ items: await listImportCandidates() }) });
