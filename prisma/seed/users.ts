// Seed factory for people: one user per role. Used by the demo and by the tests.
import { db } from "../../lib/db";
import { hashPassword } from "../../lib/auth/password";
import type { Role } from "../../lib/auth/roles";
import { DEMO_USERS, type SeedUser } from "./demo-users";

export { DEMO_USERS, type SeedUser };

/** Creates the users that do not exist yet (by email); existing ones are left alone. */
export async function seedUsers(users: SeedUser[] = DEMO_USERS): Promise<Map<Role, number>> {
  const ids = new Map<Role, number>();
  for (const u of users) {
    const existing = await db.user.findUnique({ where: { email: u.email } });
    const row =
      existing ??
      (await db.user.create({ data: { email: u.email, name: u.name, role: u.role, passwordHash: await hashPassword(u.password) } }));
    ids.set(u.role, row.id);
  }
  return ids;
}
