import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { readManifest } from "@/lib/export/export-service";

/** The finished export's manifest.json, as a download. */
export const GET = withApi({
  auth: "RESEARCHER",
  schemas: { params: ZIdParamSchema },
  binary: "application/json",
  handler: async ({ params }) => {
    const m = await readManifest(params.id);
    return new Response(m.text, { headers: { "content-type": "application/json", "content-disposition": `attachment; filename="export-${params.id}-manifest.json"`, "cache-control": "no-store" } });
  },
});
