import { withApi } from "@/lib/server/api";
import { ZMeResponse } from "@/lib/contract/auth";

export const GET = withApi({ auth: "ANNOTATOR", schemas: { response: ZMeResponse }, handler: ({ user }) => ({ user }) });
