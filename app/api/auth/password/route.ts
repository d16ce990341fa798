import { z } from "zod";
import { withApi } from "@/lib/server/api";
import { ZPasswordChangeResponse } from "@/lib/contract/auth";
import { changeOwnPassword, ZPasswordSchema } from "@/lib/users/users";
import { SESSION_COOKIE, sessionIdOf } from "@/lib/auth/session";

const ZChangePasswordSchema = z.object({ currentPassword: z.string().min(1, "Enter your current password.").max(200), newPassword: ZPasswordSchema });

/** Change one's own password (any signed-in user). Every other session of the user ends. */
export const POST = withApi({
  auth: "ANNOTATOR",
  schemas: { body: ZChangePasswordSchema, response: ZPasswordChangeResponse },
  maxBodyBytes: 10_000,
  handler: async ({ user, body, req, requestId }) => {
    const token = req.cookies.get(SESSION_COOKIE)?.value;
    return changeOwnPassword({ user, currentPassword: body.currentPassword, newPassword: body.newPassword, keepSessionId: token ? sessionIdOf(token) : null, requestId });
  },
});
