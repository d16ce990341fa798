// Every API route × every role × signed out. The expected access is written here, apart from
// the code under test; a route that is not in this table fails the test, so no new route can
// skip authorisation.
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/lib/auth/roles";
import { call, cookieFor, discoverRoutes, resetDb } from "./helpers";

type Access = Role | "public";
const EXPECTED: Record<string, Access> = {
  "GET /api/agreement": "RESEARCHER",
  "GET /api/annotations/[id]": "ANNOTATOR",
  "PUT /api/annotations/[id]": "ANNOTATOR",
  "GET /api/annotations/[id]/comments": "ANNOTATOR",
  "POST /api/annotations/[id]/comments": "ANNOTATOR",
  "POST /api/annotations/[id]/restore": "ANNOTATOR",
  "POST /api/annotations/[id]/transitions": "ANNOTATOR",
  "GET /api/annotations/[id]/versions": "ANNOTATOR",
  "GET /api/audit": "LEAD",
  "PATCH /api/comments/[id]": "ANNOTATOR",
  "GET /api/episodes/[id]/agreement": "RESEARCHER",
  "PATCH /api/episodes/[id]/cameras/[camera]": "ANNOTATOR",
  "POST /api/episodes/[id]/assignments": "LEAD",
  "POST /api/episodes/[id]/claim": "ANNOTATOR",
  "POST /api/episodes/next": "ANNOTATOR",
  "GET /api/settings/annotation": "ANNOTATOR",
  "PUT /api/settings/annotation": "LEAD",
  "GET /api/tasks": "ANNOTATOR",
  "PATCH /api/tasks/[id]": "LEAD",
  "GET /api/tasks/[id]/labels": "ANNOTATOR",
  "POST /api/auth/login": "public",
  "POST /api/auth/logout": "public",
  "GET /api/auth/me": "ANNOTATOR",
  "POST /api/auth/password": "ANNOTATOR",
  "GET /api/episodes": "ANNOTATOR",
  "GET /api/episodes/[id]": "ANNOTATOR",
  "GET /api/episodes/[id]/poster": "ANNOTATOR",
  "GET /api/facets": "ANNOTATOR",
  "GET /api/health": "public",
  "GET /api/releases": "RESEARCHER",
  "POST /api/releases": "RESEARCHER",
  "POST /api/releases/preview": "RESEARCHER",
  "GET /api/releases/[id]": "RESEARCHER",
  "PATCH /api/releases/[id]": "RESEARCHER",
  "DELETE /api/releases/[id]": "RESEARCHER",
  "POST /api/releases/[id]/transitions": "RESEARCHER",
  "GET /api/releases/[id]/diff": "RESEARCHER",
  "GET /api/releases/[id]/episodes": "RESEARCHER",
  "GET /api/releases/[id]/exports": "RESEARCHER",
  "POST /api/releases/[id]/exports": "RESEARCHER",
  "POST /api/releases/[id]/exports/preview": "RESEARCHER",
  "GET /api/exports/[id]": "RESEARCHER",
  "POST /api/exports/[id]/cancel": "RESEARCHER",
  "POST /api/exports/[id]/resume": "RESEARCHER",
  "GET /api/exports/[id]/manifest": "RESEARCHER",
  "GET /api/imports": "RESEARCHER",
  "POST /api/imports": "RESEARCHER",
  "GET /api/imports/[id]": "RESEARCHER",
  "GET /api/imports/sources": "RESEARCHER",
  "GET /api/media/videos/[id]": "ANNOTATOR",
  "HEAD /api/media/videos/[id]": "ANNOTATOR",
  "GET /api/openapi": "public",
  "GET /api/setup": "public",
  "POST /api/setup": "public",
  "GET /api/users": "ADMIN",
  "POST /api/users": "ADMIN",
  "PATCH /api/users/[id]": "ADMIN",
  "GET /api/episodes/[id]/frames/[frame]": "RESEARCHER",
  "GET /api/episodes/[id]/comparison": "RESEARCHER",
  "GET /api/runs": "RESEARCHER",
  "POST /api/runs": "RESEARCHER",
  "POST /api/runs/import": "RESEARCHER",
  "GET /api/runs/[id]": "RESEARCHER",
  "PATCH /api/runs/[id]": "RESEARCHER",
  "DELETE /api/runs/[id]": "RESEARCHER",
  "GET /api/runs/[id]/report": "RESEARCHER",
  "POST /api/runs/[id]/cancel": "RESEARCHER",
  "POST /api/runs/[id]/resume": "RESEARCHER",
  "GET /api/predictions": "RESEARCHER",
  "GET /api/predictions/[id]": "RESEARCHER",
  "PUT /api/predictions/[id]/review": "RESEARCHER",
  "GET /api/leaderboard": "RESEARCHER",
  "POST /api/leaderboard/seen": "RESEARCHER",
  "GET /api/endpoints": "RESEARCHER",
  "POST /api/endpoints": "RESEARCHER",
  "PATCH /api/endpoints/[id]": "RESEARCHER",
  "DELETE /api/endpoints/[id]": "RESEARCHER",
  "POST /api/endpoints/[id]/test": "RESEARCHER",
};
const RANK: Record<Role, number> = { ANNOTATOR: 1, RESEARCHER: 2, LEAD: 3, ADMIN: 4 };
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

const routes = discoverRoutes();
const cases: Array<{ key: string; pattern: string; method: string; file: string }> = [];
for (const r of routes) {
  const mod = (await import(/* @vite-ignore */ r.file)) as Record<string, unknown>;
  for (const m of METHODS) if (typeof mod[m] === "function") cases.push({ key: `${m} ${r.pattern}`, pattern: r.pattern, method: m, file: r.file });
}

describe("authorisation matrix", () => {
  beforeAll(async () => {
    await resetDb();
  });

  it("covers exactly the routes that exist", () => {
    expect(cases.map((c) => c.key).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const c of cases) {
    describe(c.key, () => {
      const expected = EXPECTED[c.key];
      const url = c.pattern.replace(/\[(\w+)\]/g, "999999");
      const params = Object.fromEntries([...c.pattern.matchAll(/\[(\w+)\]/g)].map((m) => [m[1]!, "999999"]));
      const body = ["POST", "PUT", "PATCH"].includes(c.method) ? {} : undefined;
      const send = async (cookie?: string) => {
        const mod = (await import(/* @vite-ignore */ c.file)) as Record<string, Parameters<typeof call>[0]>;
        return call(mod[c.method]!, { method: c.method, url, params, body, cookie });
      };

      it("signed out", async () => {
        const res = await send();
        if (expected === "public") expect(res.status).not.toBe(401);
        else expect(res.status).toBe(401);
      });
      for (const role of ROLES) {
        it(`as ${role}`, async () => {
          // A fresh session per call: the logout route ends the session it is called with.
          const res = await send(await cookieFor(role));
          const allowed = expected === "public" || RANK[role] >= RANK[expected as Role];
          if (allowed) expect([401, 403]).not.toContain(res.status);
          else {
            expect(res.status).toBe(403);
            if (c.method !== "HEAD") expect(res.headers.get("content-type")).toContain("application/problem+json");
          }
        });
      }
    });
  }
});
