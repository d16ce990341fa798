import { withApi } from "@/lib/server/api";
import { db } from "@/lib/db";
import { ZHealthResponse } from "@/lib/contract/system";

export const GET = withApi({
  auth: "public",
  schemas: { response: ZHealthResponse },
  handler: async () => {
    await db.$queryRaw`SELECT 1`;
    return { ok: true };
  },
});
