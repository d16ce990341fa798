import { NextResponse } from "next/server";
import { withApi } from "@/lib/server/api";
import { ZLogoutResponse } from "@/lib/contract/auth";
import { invalidateSession, SESSION_COOKIE } from "@/lib/auth/session";

export const POST = withApi({
  auth: "public",
  schemas: { response: ZLogoutResponse },
  handler: async ({ req }) => {
    await invalidateSession(req.cookies.get(SESSION_COOKIE)?.value);
    const res = NextResponse.json({ ok: true }, { headers: { "cache-control": "no-store" } });
    res.cookies.delete(SESSION_COOKIE);
    return res;
  },
});
