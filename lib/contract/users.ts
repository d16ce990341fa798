// What the user routes answer (app/api/users/**), as lib/users/users.ts builds it (its
// `publicUser` select: never the password hash), and the user shapes other contracts embed.
import { z } from "zod";
import { int, ZRole, zWireDate } from "./common";

/** A person named next to something (annotator, author, assignee…): id and display name only. */
export const ZUserRef = z.strictObject({ id: int(), name: z.string() });
export type UserRef = z.infer<typeof ZUserRef>;

/** The signed-in user as a session knows them (lib/auth/session.ts SessionUser). */
export const ZSessionUser = z.strictObject({ id: int(), email: z.string(), name: z.string(), role: ZRole });
export type SessionUserView = z.infer<typeof ZSessionUser>;

/** A user as the admin sees them (lib/users/users.ts publicUser). */
export const ZUser = z.strictObject({
  id: int(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
  disabled: z.boolean(),
  createdAt: zWireDate,
});
export type User = z.infer<typeof ZUser>;

/** GET /api/users */
export const ZUserListResponse = z.strictObject({ items: z.array(ZUser) });
export type UserListResponse = z.infer<typeof ZUserListResponse>;

/** POST /api/users (201), PATCH /api/users/<id> */
export const ZUserResponse = z.strictObject({ user: ZUser });
export type UserResponse = z.infer<typeof ZUserResponse>;
