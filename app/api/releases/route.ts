import { withApi } from "@/lib/server/api";
import { createRelease, listReleases } from "@/lib/releases/releases";
import { ZCreateReleaseSchema } from "@/lib/releases/schemas";

export const GET = withApi({ auth: "RESEARCHER", handler: async () => ({ releases: await listReleases() }) });

export const POST = withApi({
  auth: "RESEARCHER",
  schemas: { body: ZCreateReleaseSchema },
  handler: async ({ body, user, requestId }) => ({ release: await createRelease({ user, input: body, requestId }) }),
});
