import { withApi } from "@/lib/server/api";
import { ZReleaseCreateResponse, ZReleaseListResponse } from "@/lib/contract/releases";
import { createRelease, listReleases } from "@/lib/releases/releases";
import { ZCreateReleaseSchema } from "@/lib/releases/schemas";

export const GET = withApi({ auth: "RESEARCHER", schemas: { response: ZReleaseListResponse }, handler: async () => ({ releases: await listReleases() }) });

export const POST = withApi({
  auth: "RESEARCHER",
  schemas: { body: ZCreateReleaseSchema, response: ZReleaseCreateResponse },
  handler: async ({ body, user, requestId }) => ({ release: await createRelease({ user, input: body, requestId }) }),
});
