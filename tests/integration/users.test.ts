// First-run setup, sign-in and user management through the API routes.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { GET as setupState, POST as setup } from "@/app/api/setup/route";
import { POST as login } from "@/app/api/auth/login/route";
import { GET as me } from "@/app/api/auth/me/route";
import { PATCH as patchUser } from "@/app/api/users/[id]/route";
import { POST as createUser } from "@/app/api/users/route";
import { call, resetDb } from "./helpers";

const sessionCookie = (res: Response) => res.headers.get("set-cookie")!.split(";")[0]!;
const runSetup = (body: Record<string, string>) => call(setup as never, { method: "POST", url: "/api/setup", body });
const signIn = (email: string, password: string) => call(login as never, { method: "POST", url: "/api/auth/login", body: { email, password } });
const BOSS = { email: "boss@lab.org", name: "Boss", password: "a-long-password" };

describe("first-run setup and users", () => {
  beforeEach(resetDb);

  it("creates the first admin once, then refuses", async () => {
    expect(await (await call(setupState as never, { url: "/api/setup" })).json()).toEqual({ needsSetup: true });
    const ok = await runSetup({ email: "Boss@Lab.org", name: "Boss", password: "a-long-password" });
    expect(ok.status).toBe(201);
    expect((await ok.json()).user).toMatchObject({ email: "boss@lab.org", role: "ADMIN" });
    const again = await runSetup({ email: "x@lab.org", name: "X", password: "a-long-password" });
    expect(again.status).toBe(409);
    expect(await db.user.count()).toBe(1);
  });

  it("signs in with a secure, http-only session cookie, and rejects a wrong password without saying which part was wrong", async () => {
    await runSetup(BOSS);
    const bad = await signIn("boss@lab.org", "nope");
    expect(bad.status).toBe(401);
    expect((await bad.json()).detail).toBe("Wrong email or password.");
    const unknown = await signIn("who@lab.org", "nope");
    expect((await unknown.json()).detail).toBe("Wrong email or password.");
    const res = await signIn("boss@lab.org", "a-long-password");
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=lax/i);
    const who = await call(me as never, { url: "/api/auth/me", cookie: sessionCookie(res) });
    expect((await who.json()).user.email).toBe("boss@lab.org");
    // Only a hash of the token is stored.
    const token = sessionCookie(res).split("=")[1]!;
    expect(await db.session.count({ where: { id: token } })).toBe(0);
  });

  it("ends a user's sessions when an admin disables them, and protects the last admin", async () => {
    await runSetup(BOSS);
    const admin = sessionCookie(await signIn("boss@lab.org", "a-long-password"));
    const created = await call(createUser as never, { method: "POST", url: "/api/users", cookie: admin, body: { email: "ann@lab.org", name: "Ann", role: "ANNOTATOR", password: "annotator-pass" } });
    expect(created.status).toBe(201);
    const annId = (await created.json()).user.id as number;
    const ann = sessionCookie(await signIn("ann@lab.org", "annotator-pass"));
    expect((await call(me as never, { url: "/api/auth/me", cookie: ann })).status).toBe(200);
    const dis = await call(patchUser as never, { method: "PATCH", url: `/api/users/${annId}`, params: { id: String(annId) }, cookie: admin, body: { disabled: true } });
    expect(dis.status).toBe(200);
    expect((await call(me as never, { url: "/api/auth/me", cookie: ann })).status).toBe(401);
    const bossId = (await db.user.findUniqueOrThrow({ where: { email: "boss@lab.org" } })).id;
    const demote = await call(patchUser as never, { method: "PATCH", url: `/api/users/${bossId}`, params: { id: String(bossId) }, cookie: admin, body: { role: "LEAD" } });
    expect(demote.status).toBe(409);
    expect((await db.auditLog.findMany({ where: { action: "user.update" } })).length).toBe(1);
  });

  it("answers invalid input with problem+json naming the fields", async () => {
    const res = await runSetup({ email: "not-an-email", name: "", password: "short" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = await res.json();
    expect(body.invalid_params.map((p: { name: string }) => p.name).sort()).toEqual(["email", "name", "password"]);
    expect(body.requestId).toBeTruthy();
  });
});
