import { withApi } from "@/lib/server/api";
import { openApiDocument } from "@/lib/openapi";

export const GET = withApi({ auth: "public", handler: () => openApiDocument() });
