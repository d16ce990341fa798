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
  "POST /api/episodes/assignments": "LEAD",
  "GET /api/review-queue": "LEAD",
  "POST /api/review-queue/next": "LEAD",
  "POST /api/review-queue/release": "LEAD",
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
  "GET /api/exports/[id]/download": "RESEARCHER",
  "GET /api/exports/[id]/links": "RESEARCHER",
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

// ---------------------------------------------------------------------------------------------
// The ownership axis: the same route and role, with and without the object being one's own
// (lib/auth/policy.ts). Two people per role; the expected answers are written here by hand.
// "allowed" means authorisation let the request through (it may still fail later, e.g. 400 or
// 409, for reasons that have nothing to do with who asks); a number is the refusal expected.

import { db } from "@/lib/db";
import { createSession, SESSION_COOKIE } from "@/lib/auth/session";
import { seedUsers } from "@/prisma/seed/users";
import * as annotationRoute from "@/app/api/annotations/[id]/route";
import * as versionsRoute from "@/app/api/annotations/[id]/versions/route";
import * as commentsRoute from "@/app/api/annotations/[id]/comments/route";
import * as transitionsRoute from "@/app/api/annotations/[id]/transitions/route";
import * as commentRoute from "@/app/api/comments/[id]/route";
import * as episodeRoute from "@/app/api/episodes/[id]/route";
import * as episodesRoute from "@/app/api/episodes/route";
import * as labelsRoute from "@/app/api/tasks/[id]/labels/route";
import * as runRoute from "@/app/api/runs/[id]/route";
import * as runCancelRoute from "@/app/api/runs/[id]/cancel/route";
import * as endpointRoute from "@/app/api/endpoints/[id]/route";
import * as releaseRoute from "@/app/api/releases/[id]/route";
import * as releaseTransitionsRoute from "@/app/api/releases/[id]/transitions/route";
import * as exportCancelRoute from "@/app/api/exports/[id]/cancel/route";
import * as settingsRoute from "@/app/api/settings/annotation/route";
import * as runImportRoute from "@/app/api/runs/import/route";

type Who = "annotatorA" | "annotatorB" | "researcherA" | "researcherB" | "leadA" | "leadB";
type Expect = "allowed" | 403 | 404;

describe("authorisation matrix: ownership", () => {
  const cookie = {} as Record<Who, string>;
  const id = {} as Record<Who, number>;
  const o = {} as { episode: number; episode2: number; task: number; annA: number; annLead: number; comment: number; run: number; endpoint: number; release: number; leadRelease: number; export: number };

  beforeAll(async () => {
    await resetDb();
    const roles = await seedUsers();
    const people: Array<[Who, Role]> = [["annotatorA", "ANNOTATOR"], ["annotatorB", "ANNOTATOR"], ["researcherA", "RESEARCHER"], ["researcherB", "RESEARCHER"], ["leadA", "LEAD"], ["leadB", "LEAD"]];
    for (const [who, role] of people) {
      const u = who.endsWith("A") ? { id: roles.get(role)! } : await db.user.create({ data: { email: `${who}@test.local`, name: who, role, passwordHash: "unused" } });
      id[who] = u.id;
      cookie[who] = `${SESSION_COOKIE}=${(await createSession(u.id)).token}`;
    }
    const env = await db.environment.create({ data: { slug: "own", name: "Own" } });
    const task = await db.task.create({ data: { environmentId: env.id, key: "t", instruction: "Stack the cups" } });
    const source = await db.source.create({ data: { kind: "MANIFEST", uri: "/data/own", name: "own" } });
    const ep = await db.episode.create({ data: { sourceId: source.id, sourceKey: "e0", environmentId: env.id, taskId: task.id, lengthFrames: 90, fps: 30, assigneeId: id.annotatorA, outcome: "SUCCESS", status: "IN_PROGRESS" } });
    const annA = await db.annotation.create({ data: { episodeId: ep.id, annotatorId: id.annotatorA, status: "IN_PROGRESS", outcome: "SUCCESS", segments: { create: [{ key: "s1", startFrame: 0, endFrame: 89, label: "grasp the secret cup" }] } } });
    // The blind second annotator of the same episode.
    await db.annotation.create({ data: { episodeId: ep.id, annotatorId: id.annotatorB, status: "IN_PROGRESS" } });
    const ep2 = await db.episode.create({ data: { sourceId: source.id, sourceKey: "e1", environmentId: env.id, taskId: task.id, lengthFrames: 90, fps: 30, assigneeId: id.leadA, status: "SUBMITTED" } });
    const annLead = await db.annotation.create({ data: { episodeId: ep2.id, annotatorId: id.leadA, status: "SUBMITTED", outcome: "SUCCESS", segments: { create: [{ key: "s1", startFrame: 0, endFrame: 89, label: "stack" }] } } });
    const comment = await db.reviewComment.create({ data: { annotationId: annA.id, authorId: id.leadA, annotationVersion: annA.version, body: "Check frame 10" } });
    const run = await db.predictionRun.create({ data: { name: "run-a", modelName: "m", createdById: id.researcherA } });
    const endpoint = await db.modelEndpoint.create({ data: { name: "gpu-a", baseUrl: "http://gpu.example:8000/v1", model: "m", createdById: id.researcherA } });
    const release = await db.release.create({ data: { name: "rel-a", version: 1, createdById: id.researcherA } });
    const leadRelease = await db.release.create({ data: { name: "rel-lead", version: 1, status: "IN_REVIEW", createdById: id.leadA, contentHash: "h" } });
    const exp = await db.exportJob.create({ data: { releaseId: leadRelease.id, createdById: id.researcherA } });
    Object.assign(o, { episode: ep.id, episode2: ep2.id, task: task.id, annA: annA.id, annLead: annLead.id, comment: comment.id, run: run.id, endpoint: endpoint.id, release: release.id, leadRelease: leadRelease.id, export: exp.id });
  });

  const send = (handler: unknown, who: Who, method: string, url: string, params: Record<string, string>, body?: unknown) =>
    call(handler as Parameters<typeof call>[0], { method, url, params, body, cookie: cookie[who] });

  // [name, route module method, method, url, params, body, expectations in the order they run]
  const cases: Array<{ name: string; h: () => unknown; method: string; url: () => string; params: () => Record<string, string>; body?: () => unknown; expect: Array<[Who, Expect]> }> = [
    { name: "read another annotator's annotation", h: () => annotationRoute.GET, method: "GET", url: () => `/api/annotations/${o.annA}`, params: () => ({ id: String(o.annA) }),
      expect: [["annotatorB", 404], ["annotatorA", "allowed"], ["researcherB", "allowed"]] },
    { name: "save another annotator's annotation", h: () => annotationRoute.PUT, method: "PUT", url: () => `/api/annotations/${o.annA}`, params: () => ({ id: String(o.annA) }),
      body: () => ({ baseVersion: 99, snapshot: { segments: [], outcome: "UNKNOWN", failureReason: null, note: "", qualityFlags: [] } }),
      expect: [["annotatorB", 404], ["researcherB", 403], ["annotatorA", "allowed"], ["leadB", "allowed"]] },
    { name: "read its versions", h: () => versionsRoute.GET, method: "GET", url: () => `/api/annotations/${o.annA}/versions`, params: () => ({ id: String(o.annA) }),
      expect: [["annotatorB", 404], ["annotatorA", "allowed"]] },
    { name: "comment on it", h: () => commentsRoute.POST, method: "POST", url: () => `/api/annotations/${o.annA}/comments`, params: () => ({ id: String(o.annA) }), body: () => ({ body: "hi" }),
      expect: [["annotatorB", 404], ["annotatorA", "allowed"]] },
    { name: "resolve a comment on it", h: () => commentRoute.PATCH, method: "PATCH", url: () => `/api/comments/${o.comment}`, params: () => ({ id: String(o.comment) }), body: () => ({ resolved: true }),
      expect: [["annotatorB", 404], ["researcherB", 403], ["annotatorA", "allowed"], ["leadB", "allowed"]] },
    { name: "submit it", h: () => transitionsRoute.POST, method: "POST", url: () => `/api/annotations/${o.annA}/transitions`, params: () => ({ id: String(o.annA) }), body: () => ({ action: "submit" }),
      expect: [["annotatorB", 404], ["researcherB", 403], ["annotatorA", "allowed"]] },
    { name: "four-eyes: approve one's own annotation", h: () => transitionsRoute.POST, method: "POST", url: () => `/api/annotations/${o.annLead}/transitions`, params: () => ({ id: String(o.annLead) }), body: () => ({ action: "approve" }),
      expect: [["leadA", 403], ["leadB", "allowed"]] },
    { name: "rename another researcher's run", h: () => runRoute.PATCH, method: "PATCH", url: () => `/api/runs/${o.run}`, params: () => ({ id: String(o.run) }), body: () => ({ description: "mine now" }),
      expect: [["researcherB", 403], ["researcherA", "allowed"], ["leadB", "allowed"]] },
    { name: "delete another researcher's run", h: () => runRoute.DELETE, method: "DELETE", url: () => `/api/runs/${o.run}?confirm=wrong`, params: () => ({ id: String(o.run) }),
      expect: [["researcherB", 403], ["researcherA", "allowed"]] },
    { name: "cancel another researcher's run", h: () => runCancelRoute.POST, method: "POST", url: () => `/api/runs/${o.run}/cancel`, params: () => ({ id: String(o.run) }),
      expect: [["researcherB", 403], ["researcherA", "allowed"]] },
    { name: "change another researcher's endpoint", h: () => endpointRoute.PATCH, method: "PATCH", url: () => `/api/endpoints/${o.endpoint}`, params: () => ({ id: String(o.endpoint) }), body: () => ({ concurrency: 2 }),
      expect: [["researcherB", 403], ["researcherA", "allowed"], ["leadB", "allowed"]] },
    { name: "delete another researcher's endpoint", h: () => endpointRoute.DELETE, method: "DELETE", url: () => `/api/endpoints/${o.endpoint}`, params: () => ({ id: String(o.endpoint) }),
      expect: [["researcherB", 403]] },
    { name: "edit another researcher's draft release", h: () => releaseRoute.PATCH, method: "PATCH", url: () => `/api/releases/${o.release}`, params: () => ({ id: String(o.release) }), body: () => ({ notes: "edited" }),
      expect: [["researcherB", 403], ["researcherA", "allowed"], ["leadB", "allowed"]] },
    { name: "delete another researcher's draft release", h: () => releaseRoute.DELETE, method: "DELETE", url: () => `/api/releases/${o.release}?confirm=wrong`, params: () => ({ id: String(o.release) }),
      expect: [["researcherB", 403], ["researcherA", "allowed"]] },
    { name: "submit another researcher's draft release", h: () => releaseTransitionsRoute.POST, method: "POST", url: () => `/api/releases/${o.release}/transitions`, params: () => ({ id: String(o.release) }), body: () => ({ action: "submit" }),
      expect: [["researcherB", 403], ["researcherA", "allowed"]] },
    { name: "cancel another researcher's export", h: () => exportCancelRoute.POST, method: "POST", url: () => `/api/exports/${o.export}/cancel`, params: () => ({ id: String(o.export) }),
      expect: [["researcherB", 403], ["researcherA", "allowed"]] },
    { name: "four-eyes: approve a release one created", h: () => releaseTransitionsRoute.POST, method: "POST", url: () => `/api/releases/${o.leadRelease}/transitions`, params: () => ({ id: String(o.leadRelease) }), body: () => ({ action: "approve" }),
      expect: [["leadA", 403], ["leadB", "allowed"]] },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const got: Array<[Who, Expect | number]> = [];
      for (const [who, want] of c.expect) {
        const res = await send(c.h(), who, c.method, c.url(), c.params(), c.body?.());
        got.push([who, want === "allowed" && res.status < 500 && ![401, 403, 404].includes(res.status) ? "allowed" : res.status]);
      }
      expect(got).toEqual(c.expect);
    });
  }

  it("importing into another researcher's run (same run name) is refused; its maker may add to it", async () => {
    const importInto = (who: Who) =>
      call(runImportRoute.POST as never, { method: "POST", url: "/api/runs/import?run=run-a&format=jsonl", cookie: cookie[who], headers: { "content-type": "application/x-ndjson" }, rawBody: "{}\n" });
    const got: Array<[Who, Expect | number]> = [];
    for (const who of ["researcherB", "researcherA", "leadB"] as const) {
      const res = await importInto(who);
      got.push([who, res.status < 500 && ![401, 403, 404].includes(res.status) ? "allowed" : res.status]);
    }
    expect(got).toEqual([["researcherB", 403], ["researcherA", "allowed"], ["leadB", "allowed"]]);
  });

  it("four-eyes: a lead who saved a version of someone's annotation does not approve it; another lead does", async () => {
    const ann = await db.annotation.create({ data: { episodeId: o.episode2, annotatorId: id.annotatorB, status: "IN_REVIEW", outcome: "SUCCESS", segments: { create: [{ key: "s1", startFrame: 0, endFrame: 89, label: "x" }] } } });
    await db.annotationVersion.create({ data: { annotationId: ann.id, version: 1, authorId: id.annotatorB, snapshot: {} } });
    await db.annotationVersion.create({ data: { annotationId: ann.id, version: 2, authorId: id.leadA, snapshot: {} } });
    const approve = (who: Who) => send(transitionsRoute.POST, who, "POST", `/api/annotations/${ann.id}/transitions`, { id: String(ann.id) }, { action: "approve" });
    const refused = await approve("leadA");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toContain("you changed this annotation");
    expect((await approve("leadB")).status).toBe(200);
  });

  it("blind second annotator: no outcome, no outcome filter hit, no colleague's labels", async () => {
    const episode = async (who: Who) => (await (await send(episodeRoute.GET, who, "GET", `/api/episodes/${o.episode}`, { id: String(o.episode) })).json()) as { outcome: string; annotations: Array<{ id: number }> };
    expect((await episode("annotatorA")).outcome).toBe("SUCCESS");
    const b = await episode("annotatorB");
    expect(b.outcome).toBe("UNKNOWN");
    expect(b.annotations.map((a) => a.id)).not.toContain(o.annA);
    const listed = async (who: Who) =>
      ((await (await send(episodesRoute.GET, who, "GET", `/api/episodes?outcome=SUCCESS`, {})).json()) as { items: Array<{ id: number }> }).items.map((e) => e.id);
    expect(await listed("annotatorA")).toContain(o.episode);
    expect(await listed("annotatorB")).not.toContain(o.episode);
    expect(await listed("researcherB")).toContain(o.episode);
    const labels = async (who: Who) => JSON.stringify(await (await send(labelsRoute.GET, who, "GET", `/api/tasks/${o.task}/labels`, { id: String(o.task) })).json());
    expect(await labels("annotatorB")).not.toContain("secret cup");
    expect(await labels("researcherB")).toContain("secret cup");
  });

  it("four-eyes is a lead setting: turned off, a lead may approve their own work", async () => {
    const current = await (await send(settingsRoute.GET, "leadA", "GET", "/api/settings/annotation", {})).json();
    expect(current.fourEyes).toBe(true);
    const off = await send(settingsRoute.PUT, "leadA", "PUT", "/api/settings/annotation", {}, { ...current, fourEyes: false });
    expect(off.status).toBe(200);
    const own = await db.annotation.create({ data: { episodeId: o.episode, annotatorId: id.leadA, status: "SUBMITTED", outcome: "SUCCESS", segments: { create: [{ key: "s1", startFrame: 0, endFrame: 89, label: "x" }] } } });
    const res = await send(transitionsRoute.POST, "leadA", "POST", `/api/annotations/${own.id}/transitions`, { id: String(own.id) }, { action: "approve" });
    expect(res.status).toBe(200);
    // Only leads change it.
    expect((await send(settingsRoute.PUT, "researcherA", "PUT", "/api/settings/annotation", {}, { ...current, fourEyes: true })).status).toBe(403);
  });
});
