// Users: sign-in, first-run setup and the admin's user management.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { passwordProblem } from "@/lib/auth/password-policy";
import { ROLES, type Role } from "@/lib/auth/roles";
import { invalidateUserSessions, type SessionUser } from "@/lib/auth/session";
import { conflict, notFound, unauthenticated, validationError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/audit/record-audit";

export const ZEmailSchema = z.string().trim().toLowerCase().email("Enter a valid email address.").max(200);
/** A new password: lib/auth/password-policy.ts (the user's own email and name are checked where they are known). */
export const ZPasswordSchema = z.string().superRefine((p, ctx) => {
  const problem = passwordProblem(p);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** A policy problem that names the user (their email or name in the password), as a 400. */
function refuseOwnName(password: string, who: { email?: string; name?: string }, field = "password") {
  const problem = passwordProblem(password, who);
  if (problem) throw validationError("Choose another password.", [{ name: field, reason: problem }]);
}
export const ZRoleSchema = z.enum(ROLES);

const publicUser = { id: true, email: true, name: true, role: true, disabled: true, createdAt: true } as const;

// A fixed hash to compare against when the email is unknown, so timing does not reveal which emails exist.
let dummyHash: Promise<string> | undefined;

export async function authenticate(opts: { email: string; password: string }): Promise<SessionUser> {
  const user = await db.user.findUnique({ where: { email: opts.email.trim().toLowerCase() } });
  if (!user || user.disabled) {
    dummyHash ??= hashPassword("not-a-real-password");
    await verifyPassword(await dummyHash, opts.password);
    throw unauthenticated("Wrong email or password.");
  }
  if (!(await verifyPassword(user.passwordHash, opts.password))) throw unauthenticated("Wrong email or password.");
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export async function hasAdmin(): Promise<boolean> {
  return (await db.user.count({ where: { role: "ADMIN", disabled: false } })) > 0;
}

/** First-run setup: creates the first admin. Refused once any admin exists (checked in the transaction). */
export async function createFirstAdmin(opts: { email: string; name: string; password: string }) {
  refuseOwnName(opts.password, opts);
  return db.$transaction(async (tx) => {
    // Serialise concurrent setups: only one of two simultaneous first-run requests may win.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(727002)`;
    if ((await tx.user.count({ where: { role: "ADMIN" } })) > 0) throw conflict("Setup is already done: an admin exists.");
    const user = await tx.user.create({
      data: { email: opts.email, name: opts.name, role: "ADMIN", passwordHash: await hashPassword(opts.password) },
      select: publicUser,
    });
    await recordAudit({ actorId: user.id, action: "user.setup_admin", entityType: "user", entityId: user.id }, tx);
    return user;
  });
}

export async function listUsers() {
  return db.user.findMany({ select: publicUser, orderBy: [{ role: "desc" }, { email: "asc" }] });
}

export async function createUser(opts: {
  actor: SessionUser;
  email: string;
  name: string;
  role: Role;
  password: string;
  requestId?: string;
}) {
  const exists = await db.user.findUnique({ where: { email: opts.email } });
  if (exists) throw validationError("A user with this email already exists.", [{ name: "email", reason: "already taken" }]);
  refuseOwnName(opts.password, opts);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { email: opts.email, name: opts.name, role: opts.role, passwordHash: await hashPassword(opts.password) },
      select: publicUser,
    });
    await recordAudit(
      { actorId: opts.actor.id, action: "user.create", entityType: "user", entityId: user.id, detail: { email: user.email, role: user.role }, requestId: opts.requestId },
      tx,
    );
    return user;
  });
}

export async function updateUser(opts: {
  actor: SessionUser;
  id: number;
  patch: { name?: string; role?: Role; disabled?: boolean; password?: string };
  requestId?: string;
}) {
  const before = await db.user.findUnique({ where: { id: opts.id }, select: publicUser });
  if (!before) throw notFound("User");
  const { patch } = opts;
  if (patch.password) refuseOwnName(patch.password, { email: before.email, name: patch.name ?? before.name });
  const demotesOrDisablesAdmin =
    before.role === "ADMIN" && ((patch.role && patch.role !== "ADMIN") || patch.disabled === true);
  return db.$transaction(async (tx) => {
    if (demotesOrDisablesAdmin) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(727002)`;
      const admins = await tx.user.count({ where: { role: "ADMIN", disabled: false } });
      if (admins <= 1) throw conflict("This is the last active admin; make someone else admin first.");
    }
    const user = await tx.user.update({
      where: { id: opts.id },
      data: {
        name: patch.name,
        role: patch.role,
        disabled: patch.disabled,
        passwordHash: patch.password ? await hashPassword(patch.password) : undefined,
      },
      select: publicUser,
    });
    await recordAudit(
      {
        actorId: opts.actor.id,
        action: "user.update",
        entityType: "user",
        entityId: user.id,
        detail: {
          before: { name: before.name, role: before.role, disabled: before.disabled },
          after: { name: user.name, role: user.role, disabled: user.disabled },
          passwordReset: Boolean(patch.password),
        },
        requestId: opts.requestId,
      },
      tx,
    );
    // A disabled user, a changed role or a reset password ends existing sessions.
    if (patch.disabled || patch.password || (patch.role && patch.role !== before.role)) {
      await tx.session.deleteMany({ where: { userId: user.id } });
    }
    return user;
  });
}

/** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists. */
export async function ensureAdminFromEnv(email?: string, password?: string): Promise<boolean> {
  if (!email || !password) return false;
  if (await hasAdmin()) return false;
  await createFirstAdmin({ email: email.toLowerCase(), name: "Admin", password });
  return true;
}

/** Self-service password change: the current password, then a new one that passes the policy. Other sessions end. */
export async function changeOwnPassword(opts: { user: SessionUser; currentPassword: string; newPassword: string; keepSessionId: string | null; requestId?: string }) {
  const u = await db.user.findUnique({ where: { id: opts.user.id } });
  if (!u || u.disabled) throw unauthenticated();
  if (!(await verifyPassword(u.passwordHash, opts.currentPassword))) {
    throw validationError("Your current password is not right.", [{ name: "currentPassword", reason: "Does not match your current password." }]);
  }
  if (opts.newPassword === opts.currentPassword) {
    throw validationError("Choose a new password.", [{ name: "newPassword", reason: "The new password is the same as the current one." }]);
  }
  refuseOwnName(opts.newPassword, { email: u.email, name: u.name }, "newPassword");
  const hash = await hashPassword(opts.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: u.id }, data: { passwordHash: hash } });
    await tx.session.deleteMany({ where: { userId: u.id, ...(opts.keepSessionId ? { id: { not: opts.keepSessionId } } : {}) } });
    await recordAudit({ actorId: u.id, action: "user.password_change", entityType: "user", entityId: u.id, requestId: opts.requestId }, tx);
  });
  return { changed: true };
}

export { invalidateUserSessions };
