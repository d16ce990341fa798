import { withApi } from "@/lib/server/api";
import { db } from "@/lib/db";

export const GET = withApi({
  auth: "public",
  handler: async () => {
    await db.$queryRaw`SELECT 1`;
    return { ok: true };
  },
});
