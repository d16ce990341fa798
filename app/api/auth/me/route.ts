import { withApi } from "@/lib/server/api";

export const GET = withApi({ auth: "ANNOTATOR", handler: ({ user }) => ({ user }) });
