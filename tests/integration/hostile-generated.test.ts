// The hostile tier: requests generated with fast-check from every route's own declared schemas
// (lib/server/api.ts exposes them), sent to the real handlers against PostgreSQL by a signed-in
// admin and by the route's lowest allowed role. Values are the ones that broke the server
// before (issue 14) and their neighbours: int4 and 2^53 boundaries, non-canonical ids, NUL and
// unpaired surrogates, huge, deep and wide values, traversal paths, SSRF targets, catastrophic
// regexes, markup. For every request:
//   * the answer is never a 500, and an error is problem+json;
//   * a refused request (4xx) wrote nothing: row triggers on every table log each row written
//     (except sessions and sign-in bookkeeping), and the log must not grow;
//   * nothing stalls: no request takes longer than 15 s, and the event loop, shared by every
//     request in this process as it is by the server's, is never blocked for a second.
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createSession, SESSION_COOKIE } from "@/lib/auth/session";
import type { Role } from "@/lib/auth/roles";
import type { RouteHandler } from "@/lib/server/api";
import { createImportJob, runImportJob } from "@/lib/imports/run-import";
import { seedUsers } from "@/prisma/seed/users";
import * as fx from "@/tests/fixtures/build-fixtures";
import { call, discoverRoutes, resetDb } from "./helpers";

/** Requests per (route, method); about 95 handlers make it over 2,000 in all. */
const RUNS_PER_HANDLER = 28;
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
/** Tables whose writes a refused request may make: its session's sliding expiry and sign-in bookkeeping. */
const ALLOWED_WRITES = new Set(["sessions", "sign_in_failures", "_prisma_migrations", "hostile_writes"]);

// ---- values ---------------------------------------------------------------------------------

const deep = (n: number): unknown => (n === 0 ? "bottom" : { a: deep(n - 1) });
const BOUNDARY_INTS = [0, -1, 1, 2, 3, 2147483647, 2147483648, -2147483648, -2147483649, 4294967296, 9007199254740991, 9007199254740993, 1e308, -1e308, 0.5, 1e-300];
const NASTY_STRINGS = [
  "", " ", "0", "1", "2", "-1", "0x1", "+1", " 1", "1 ", "1e0", "01", "1.0", "２", "%00", "%201", "2147483648", "9007199254740993",
  "\u0000", "a\u0000b", "\ud800", "\udfff", "x\udc00y", "\u202e", "\ufeff",
  "../../etc/passwd", "/etc/passwd", "..\\..\\windows\\win.ini", "....//....//etc", "imports/../../..", "/proc/self/environ",
  "http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:22/", "http://[::1]/", "http://user@10.0.0.1/", "file:///etc/passwd", "gopher://127.0.0.1:6379/",
  "javascript:alert(1)", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "'; DROP TABLE users; --", "' OR '1'='1",
  "^(?<episode>(a+)+)$", "(a|aa)+$", "(?<=x)(?<episode>y)", "%s%s%s%n", "{{7*7}}", "${jndi:ldap://x}",
  "SUCCESS", "FAILURE", "ANNOTATOR", "ADMIN", "submit", "approve", "publish", "primo-rl", "lerobot", "me", "none", "asc", "desc",
];
const scalar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...BOUNDARY_INTS) },
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant("x".repeat(200_000)),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  fc.array(scalar, { maxLength: 6 }),
  fc.dictionary(fc.constantFrom("id", "name", "__proto__", "constructor", "a\u0000", "x"), scalar, { maxKeys: 4 }),
  fc.constant(deep(300)),
  fc.constant(Array.from({ length: 20_000 }, () => 2147483648)),
  fc.constant(Array.from({ length: 6_000 }, (_, i) => ({ key: `k${i}`, startFrame: 0, endFrame: 0, label: "x" }))),
);

/** The keys of a zod object schema, through wrappers (default, optional, pipe, refine). */
function shapeOf(schema: z.ZodType | undefined): Record<string, z.ZodType> | null {
  let s = schema as unknown as { shape?: Record<string, z.ZodType>; _zod?: { def?: Record<string, unknown> } } | undefined;
  for (let i = 0; i < 6 && s; i++) {
    if (s.shape && typeof s.shape === "object") return s.shape;
    const def = s._zod?.def as { innerType?: unknown; in?: unknown; schema?: unknown } | undefined;
    s = (def?.innerType ?? def?.in ?? def?.schema) as typeof s;
  }
  return null;
}

/** An object over the schema's own keys (each present or not, each hostile or a nested object of them). */
function objectFor(schema: z.ZodType | undefined): fc.Arbitrary<unknown> {
  const shape = shapeOf(schema);
  const keys = shape ? Object.keys(shape) : ["id", "name"];
  const nested = (key: string): fc.Arbitrary<unknown> => {
    const inner = shape?.[key] ? shapeOf(shape[key]) : null;
    if (!inner) return value;
    return fc.oneof(value, fc.record(Object.fromEntries(Object.keys(inner).map((k) => [k, value])), { requiredKeys: [] }));
  };
  return fc.oneof(
    { weight: 8, arbitrary: fc.record(Object.fromEntries(keys.map((k) => [k, nested(k)])), { requiredKeys: [] }) },
    { weight: 1, arbitrary: value },
  );
}

/** A path segment as a browser would send it: an unpaired surrogate cannot be UTF-8, so it arrives as U+FFFD. */
const segment = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd"));

const asParam = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : JSON.stringify(v) ?? "null");

// ---- the tier -------------------------------------------------------------------------------

type Case = { key: string; pattern: string; method: string; handler: RouteHandler };
const cases: Case[] = [];
for (const r of discoverRoutes()) {
  const mod = (await import(/* @vite-ignore */ r.file)) as Record<string, unknown>;
  for (const m of METHODS) if (typeof mod[m] === "function") cases.push({ key: `${m} ${r.pattern}`, pattern: r.pattern, method: m, handler: mod[m] as RouteHandler });
}

let userIds: Map<Role, number>;
const lag = monitorEventLoopDelay({ resolution: 10 });
const tally = { requests: 0, byStatus: new Map<number, number>(), slowestMs: 0, slowest: "" };

async function writes(): Promise<number> {
  const r = await db.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM hostile_writes`;
  return Number(r[0]!.n);
}

describe("hostile tier: generated requests against every route", () => {
  beforeAll(async () => {
    await resetDb();
    userIds = await seedUsers();
    // A little real data, so that small ids hit real rows.
    const dir = path.join(env.importRoots[0]!, `hostile-gen-${process.pid}`);
    const f = await fx.buildManifestFixture(dir);
    expect((await runImportJob((await createImportJob({ actor: null, path: f.manifestPath })).id)).ok).toBe(true);
    // Row triggers log every row written to any table, outside the allowed ones.
    await db.$executeRawUnsafe(`CREATE TABLE hostile_writes (id bigserial PRIMARY KEY, tbl text NOT NULL, op text NOT NULL)`);
    await db.$executeRawUnsafe(`CREATE FUNCTION hostile_log() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO hostile_writes (tbl, op) VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$`);
    const tables = await db.$queryRaw<Array<{ tablename: string }>>`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`;
    for (const { tablename } of tables) {
      if (ALLOWED_WRITES.has(tablename)) continue;
      // Failed sign-ins are audited by design.
      const when = tablename === "audit_log" ? "WHEN (NEW.action NOT LIKE 'auth.%')" : "";
      const ops = tablename === "audit_log" ? "INSERT" : "INSERT OR UPDATE OR DELETE";
      await db.$executeRawUnsafe(`CREATE TRIGGER hostile_log_t AFTER ${ops} ON "${tablename}" FOR EACH ROW ${when} EXECUTE FUNCTION hostile_log()`);
    }
    lag.enable();
  }, 300_000);

  afterAll(async () => {
    lag.disable();
    const tables = await db.$queryRaw<Array<{ tablename: string }>>`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`;
    for (const { tablename } of tables) await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS hostile_log_t ON "${tablename}"`);
    await db.$executeRawUnsafe(`DROP TABLE IF EXISTS hostile_writes`);
    await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS hostile_log()`);
    const statuses = [...tally.byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(" ");
    console.log(`[hostile tier] ${tally.requests} generated requests: ${statuses}; slowest ${tally.slowestMs.toFixed(0)} ms (${tally.slowest}); event loop max delay ${(lag.max / 1e6).toFixed(0)} ms`);
  });

  for (const c of cases) {
    it(`${c.key}: no 500, no partial write, no stall`, async () => {
      const names = [...c.pattern.matchAll(/\[(\w+)\]/g)].map((m) => m[1]!);
      const query = shapeOf(c.handler.schemas.query);
      const gen = fc.record({
        params: fc.record(Object.fromEntries(names.map((n) => [n, fc.oneof(fc.constantFrom("1", "2", "3"), value.map(asParam))]))),
        query: fc.oneof(
          fc.constant({}),
          fc.dictionary(fc.constantFrom(...(query ? Object.keys(query) : ["id"]), "page", "q"), value.map(asParam), { maxKeys: 4 }),
        ),
        body: fc.oneof({ weight: 6, arbitrary: objectFor(c.handler.schemas.body) }, { weight: 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant("{not json") }),
        role: fc.constantFrom<Role | "anonymous">("ADMIN", "ADMIN", c.handler.auth === "public" ? "ANNOTATOR" : c.handler.auth, "anonymous"),
      });
      const problems: string[] = [];
      await fc.assert(
        fc.asyncProperty(gen, async (g) => {
          const cookie = g.role === "anonymous" ? undefined : `${SESSION_COOKIE}=${(await createSession(userIds.get(g.role)!)).token}`;
          let url = c.pattern;
          for (const n of names) url = url.replace(`[${n}]`, segment(g.params[n]!));
          const qs = new URLSearchParams(g.query as Record<string, string>).toString();
          const before = await writes();
          const t0 = performance.now();
          const res = await call(c.handler as never, {
            method: c.method,
            url: `${url}${qs ? `?${qs}` : ""}`,
            params: g.params as Record<string, string>,
            cookie,
            ...(c.method === "GET" || c.method === "HEAD" || g.body === undefined ? {} : typeof g.body === "string" ? { rawBody: g.body, headers: { "content-type": "application/json" } } : { body: g.body }),
          });
          await res.arrayBuffer().catch(() => undefined);
          const ms = performance.now() - t0;
          tally.requests++;
          tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1);
          if (ms > tally.slowestMs) {
            tally.slowestMs = ms;
            tally.slowest = `${c.method} ${url}`;
          }
          const where = `${c.method} ${url}${qs ? `?${qs.slice(0, 120)}` : ""} as ${g.role}`;
          if (res.status >= 500) problems.push(`${res.status} from ${where}`);
          if (res.status >= 400 && res.status !== 416 && !(res.headers.get("content-type") ?? "").includes("application/problem+json")) problems.push(`${res.status} without problem+json from ${where}`);
          if (res.status >= 400 && (await writes()) !== before) {
            const rows = await db.$queryRaw<Array<{ tbl: string; op: string }>>`SELECT tbl, op FROM hostile_writes ORDER BY id DESC LIMIT 5`;
            problems.push(`${res.status} from ${where} but wrote ${rows.map((r) => `${r.op} ${r.tbl}`).join(", ")}`);
          }
          if (ms > 15_000) problems.push(`${where} took ${Math.round(ms)} ms`);
        }),
        { numRuns: RUNS_PER_HANDLER, seed: 20261207 + cases.indexOf(c) },
      );
      expect(problems).toEqual([]);
      expect(lag.max / 1e6).toBeLessThan(1_000);
    }, 300_000);
  }

  it(`sent at least 2,000 requests`, () => {
    expect(tally.requests).toBeGreaterThanOrEqual(2_000);
  });
});
