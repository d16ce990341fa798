import { z } from "zod";
import { NextResponse } from "next/server";
import { withApi } from "@/lib/server/api";
import { ZLoginResponse } from "@/lib/contract/auth";
import { authenticate, ZEmailSchema } from "@/lib/users/users";
import { createSession, SESSION_COOKIE } from "@/lib/auth/session";
import { cookieSecure } from "@/lib/env";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { assertSignInAllowed, clearSignInFailures, clientAddress, recordSignInFailure } from "@/lib/auth/sign-in-throttle";

const ZLoginSchema = z.object({ email: ZEmailSchema, password: z.string().min(1, "Enter your password.").max(200) });

/** Sign-in: throttled per account and per address, and audited whether it succeeds or fails. */
export const POST = withApi({
  auth: "public",
  schemas: { body: ZLoginSchema, response: ZLoginResponse },
  maxBodyBytes: 10_000,
  handler: async ({ body, req, requestId }) => {
    const address = clientAddress(req);
    await assertSignInAllowed(body.email, address);
    let user;
    try {
      user = await authenticate(body);
    } catch (err) {
      if (err instanceof AppError && err.kind === "unauthenticated") {
        await recordSignInFailure(body.email, address);
        await recordAudit({ actorId: null, action: "auth.sign_in_failed", entityType: "user", entityId: body.email, detail: { email: body.email, address }, requestId });
      }
      throw err;
    }
    await clearSignInFailures(body.email);
    await recordAudit({ actorId: user.id, action: "auth.sign_in", entityType: "user", entityId: user.id, detail: { address }, requestId });
    const { token, expiresAt } = await createSession(user.id, req.headers.get("user-agent"));
    const res = NextResponse.json({ user }, { headers: { "cache-control": "no-store" } });
    res.cookies.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure: cookieSecure, path: "/", expires: expiresAt });
    return res;
  },
});
