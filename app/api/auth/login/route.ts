import { z } from "zod";
import { NextResponse } from "next/server";
import { withApi } from "@/lib/server/api";
import { authenticate, ZEmailSchema } from "@/lib/users/users";
import { createSession, SESSION_COOKIE } from "@/lib/auth/session";
import { cookieSecure } from "@/lib/env";

const ZLoginSchema = z.object({ email: ZEmailSchema, password: z.string().min(1, "Enter your password.").max(200) });

export const POST = withApi({
  auth: "public",
  schemas: { body: ZLoginSchema },
  maxBodyBytes: 10_000,
  handler: async ({ body, req }) => {
    const user = await authenticate(body);
    const { token, expiresAt } = await createSession(user.id, req.headers.get("user-agent"));
    const res = NextResponse.json({ user }, { headers: { "cache-control": "no-store" } });
    res.cookies.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure: cookieSecure, path: "/", expires: expiresAt });
    return res;
  },
});
