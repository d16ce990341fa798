// Database sessions: the cookie carries a random 256-bit token; the table stores its sha256,
// so a leaked database cannot be replayed as cookies. Sliding expiry.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Role } from "@/lib/auth/roles";

import { SESSION_COOKIE } from "@/lib/auth/cookie";

export { SESSION_COOKIE };

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The stored id of a session cookie's token. */
export const sessionIdOf = (token: string) => hashToken(token);
const ttlMs = () => env.SESSION_TTL_HOURS * 3600_000;

export async function createSession(userId: number, userAgent?: string | null): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + ttlMs());
  await db.session.create({ data: { id: hashToken(token), userId, expiresAt, userAgent: userAgent?.slice(0, 300) ?? null } });
  return { token, expiresAt };
}

export async function validateSessionToken(token: string | undefined): Promise<SessionUser | null> {
  if (!token || token.length > 100) return null;
  const id = hashToken(token);
  const session = await db.session.findUnique({
    where: { id },
    include: { user: { select: { id: true, email: true, name: true, role: true, disabled: true } } },
  });
  if (!session) return null;
  if (session.expiresAt.getTime() <= Date.now() || session.user.disabled) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  // Extend when less than half the lifetime is left (one write per half-TTL, not per request).
  if (session.expiresAt.getTime() - Date.now() < ttlMs() / 2) {
    await db.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() + ttlMs()) } });
  }
  const { disabled: _d, ...user } = session.user;
  return user;
}

export async function invalidateSession(token: string | undefined): Promise<void> {
  if (token) await db.session.deleteMany({ where: { id: hashToken(token) } });
}

export async function invalidateUserSessions(userId: number): Promise<void> {
  await db.session.deleteMany({ where: { userId } });
}
