import { withApi } from "@/lib/server/api";
import { ZReleasePreviewResponse } from "@/lib/contract/releases";
import { previewRelease } from "@/lib/releases/releases";
import { ZPreviewReleaseSchema } from "@/lib/releases/schemas";

/** Episode counts per split for a definition, before anything is saved. */
export const POST = withApi({ auth: "RESEARCHER", schemas: { body: ZPreviewReleaseSchema, response: ZReleasePreviewResponse }, handler: async ({ body }) => previewRelease(body) });
