import { withApi } from "@/lib/server/api";
import { openApiDocument, ZOpenApiDocument } from "@/lib/openapi";

export const GET = withApi({ auth: "public", schemas: { response: ZOpenApiDocument }, handler: () => openApiDocument() });
