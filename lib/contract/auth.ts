// What the sign-in, session and first-run routes answer (app/api/auth/**, app/api/setup).
import { z } from "zod";
import { ZOk } from "./common";
import { ZSessionUser, ZUser } from "./users";

/** POST /api/auth/login: the user signed in (the session itself travels in the cookie). */
export const ZLoginResponse = z.strictObject({ user: ZSessionUser });
export type LoginResponse = z.infer<typeof ZLoginResponse>;

/** POST /api/auth/logout */
export const ZLogoutResponse = ZOk;
export type LogoutResponse = z.infer<typeof ZLogoutResponse>;

/** GET /api/auth/me */
export const ZMeResponse = z.strictObject({ user: ZSessionUser });
export type MeResponse = z.infer<typeof ZMeResponse>;

/** POST /api/auth/password (changeOwnPassword). */
export const ZPasswordChangeResponse = z.strictObject({ changed: z.literal(true) });
export type PasswordChangeResponse = z.infer<typeof ZPasswordChangeResponse>;

/** GET /api/setup: whether the first admin still has to be created. */
export const ZSetupStatusResponse = z.strictObject({ needsSetup: z.boolean() });
export type SetupStatusResponse = z.infer<typeof ZSetupStatusResponse>;

/** POST /api/setup (201): the first admin (createFirstAdmin). */
export const ZSetupResponse = z.strictObject({ user: ZUser });
export type SetupResponse = z.infer<typeof ZSetupResponse>;
