// Shared helpers for integration tests: database reset, signed-in requests, route calls.
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { db } from "@/lib/db";
import { createSession, SESSION_COOKIE } from "@/lib/auth/session";
import { seedUsers } from "@/prisma/seed/users";
import type { Role } from "@/lib/auth/roles";
import { env } from "@/lib/env";

let freshDirs = 0;
/** A new empty folder `<name>-<pid>-<n>` in the first import root, for a test's dataset. */
export function freshDir(name: string): string {
  const d = path.join(env.importRoots[0]!, `${name}-${process.pid}-${freshDirs++}`);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
  return d;
}

export async function resetDb(): Promise<void> {
  const rows = await db.$queryRaw<Array<{ tablename: string }>>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  if (rows.length) await db.$executeRawUnsafe(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
}

/** Seeds one user per role and returns a session cookie for each. */
export async function signedInCookies(): Promise<Record<Role, string>> {
  const ids = await seedUsers();
  const out = {} as Record<Role, string>;
  for (const [role, id] of ids) out[role] = `${SESSION_COOKIE}=${(await createSession(id)).token}`;
  return out;
}

export async function cookieFor(role: Role): Promise<string> {
  const ids = await seedUsers();
  return `${SESSION_COOKIE}=${(await createSession(ids.get(role)!)).token}`;
}

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function call(
  handler: Handler,
  opts: { method?: string; url: string; params?: Record<string, string>; body?: unknown; rawBody?: string | FormData | Uint8Array; cookie?: string; headers?: Record<string, string> },
): Promise<Response> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const req = new NextRequest(new URL(opts.url, "http://localhost:3000"), {
    method: opts.method ?? "GET",
    headers,
    body: (opts.rawBody as BodyInit | undefined) ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  return handler(req, { params: Promise.resolve(opts.params ?? {}) });
}

/** Every app/api route file, as its URL pattern and module path. */
export function discoverRoutes(): Array<{ pattern: string; file: string }> {
  const root = path.resolve("app/api");
  const out: Array<{ pattern: string; file: string }> = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "route.ts") out.push({ pattern: `/api/${path.relative(root, dir).split(path.sep).join("/")}`.replace(/\/$/, ""), file: p });
    }
  };
  walk(root);
  return out.sort((a, b) => a.pattern.localeCompare(b.pattern));
}
