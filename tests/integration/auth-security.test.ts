// Sign-in the way OWASP ASVS L2 asks, against PostgreSQL: throttled per account and per
// address (held in the database, so across processes), audited on success and failure; a
// self-service password change with a policy; and the origin check that lets a team open the
// app by any address.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedUsers } from "@/prisma/seed/users";
import { DEMO_USERS } from "@/prisma/seed/demo-users";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as changePassword } from "@/app/api/auth/password/route";
import { GET as me } from "@/app/api/auth/me/route";
import { POST as nextEpisode } from "@/app/api/episodes/next/route";
import { ACCOUNT_LIMIT, ADDRESS_LIMIT } from "@/lib/auth/sign-in-throttle";
import { call, resetDb } from "./helpers";

const lead = DEMO_USERS.find((u) => u.role === "LEAD")!;
const signIn = (email: string, password: string, address = "203.0.113.7") =>
  call(login as never, { method: "POST", url: "/api/auth/login", body: { email, password }, headers: { "x-forwarded-for": address } });
const cookieFrom = (res: Response) => res.headers.get("set-cookie")!.split(";")[0]!;

beforeEach(async () => {
  await resetDb();
  await seedUsers();
});

describe("sign-in throttling and audit", () => {
  it(`locks an account after ${ACCOUNT_LIMIT} failures in the window, even for the right password, with Retry-After`, async () => {
    for (let i = 0; i < ACCOUNT_LIMIT; i++) expect((await signIn(lead.email, "wrong password!")).status).toBe(401);
    const locked = await signIn(lead.email, lead.password);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await locked.json()) as { detail: string }).detail).toMatch(/^Too many failed sign-ins for this account/);
    // Another account from another address is not affected.
    const other = DEMO_USERS.find((u) => u.role === "ANNOTATOR")!;
    expect((await signIn(other.email, other.password, "198.51.100.1")).status).toBe(200);
    // The failures are in the database: a second app process would count them the same way.
    expect(await db.signInFailure.count({ where: { email: lead.email } })).toBe(ACCOUNT_LIMIT);
  });

  it(`limits one address to ${ADDRESS_LIMIT} failures across accounts`, async () => {
    for (let i = 0; i < ADDRESS_LIMIT; i++) await signIn(`nobody${i}@x.test`, "wrong password!", "192.0.2.9");
    const r = await signIn(lead.email, lead.password, "192.0.2.9");
    expect(r.status).toBe(429);
    expect((await signIn(lead.email, lead.password, "192.0.2.10")).status).toBe(200);
  });

  it("audits each sign-in and each failure, and a success clears the account's failures", async () => {
    await signIn(lead.email, "wrong password!");
    expect((await signIn(lead.email, lead.password)).status).toBe(200);
    const rows = await db.auditLog.findMany({ where: { action: { startsWith: "auth." } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.action, (r.detail as { address?: string }).address])).toEqual([
      ["auth.sign_in_failed", "203.0.113.7"],
      ["auth.sign_in", "203.0.113.7"],
    ]);
    expect(rows[0]!.actorId).toBeNull();
    expect(rows[1]!.actorId).not.toBeNull();
    expect(await db.signInFailure.count({ where: { email: lead.email } })).toBe(0);
  });
});

describe("password change", () => {
  it("needs the current password, refuses weak ones, ends other sessions and keeps this one", async () => {
    const first = await signIn(lead.email, lead.password);
    const other = await signIn(lead.email, lead.password);
    const cookie = cookieFrom(first);
    const change = (body: unknown) => call(changePassword as never, { method: "POST", url: "/api/auth/password", body, cookie });

    const wrongCurrent = await change({ currentPassword: "not it at all", newPassword: "violet-kayak-harbour-17" });
    expect(wrongCurrent.status).toBe(400);
    for (const weak of ["          ", "password123", "short", "lea-lead@demo.local-1"]) {
      const r = await change({ currentPassword: lead.password, newPassword: weak });
      expect({ weak, status: r.status }).toEqual({ weak, status: 400 });
    }
    expect((await change({ currentPassword: lead.password, newPassword: "violet-kayak-harbour-17" })).status).toBe(200);
    expect((await call(me as never, { url: "/api/auth/me", cookie })).status).toBe(200);
    expect((await call(me as never, { url: "/api/auth/me", cookie: cookieFrom(other) })).status).toBe(401);
    expect((await signIn(lead.email, lead.password)).status).toBe(401);
    expect((await signIn(lead.email, "violet-kayak-harbour-17")).status).toBe(200);
    expect(await db.auditLog.count({ where: { action: "user.password_change" } })).toBe(1);
  });
});

describe("origin check", () => {
  it("accepts a write whose Origin is the host it was sent to, whatever APP_URL says, and refuses others", async () => {
    const annotator = DEMO_USERS.find((u) => u.role === "ANNOTATOR")!;
    const cookie = cookieFrom(await signIn(annotator.email, annotator.password));
    const post = (origin: string, host: string) =>
      call(nextEpisode as never, { method: "POST", url: `http://${host}/api/episodes/next`, body: {}, cookie, headers: { origin, host } });
    expect((await post("http://10.0.0.5:3000", "10.0.0.5:3000")).status).toBe(200);
    expect((await post("http://studio.lan:3000", "studio.lan:3000")).status).toBe(200);
    expect((await post("http://localhost:3000", "10.0.0.5:3000")).status).toBe(200); // APP_URL
    expect((await post("http://10.0.0.5:4000", "10.0.0.5:3000")).status).toBe(403); // another port
    expect((await post("http://evil.test", "10.0.0.5:3000")).status).toBe(403);
    expect((await post("null", "10.0.0.5:3000")).status).toBe(403);
  });
});
