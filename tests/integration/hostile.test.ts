// The concrete attacks of issue 14, one by one, against the real routes and PostgreSQL: each
// answers a clear 4xx (never a 500), does its work in bounded time and size, and writes
// nothing it should not. (The generated hostile tier is separate; these are the cases found by
// hand.)
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createSession, SESSION_COOKIE } from "@/lib/auth/session";
import { seedUsers } from "@/prisma/seed/users";
import type { Role } from "@/lib/auth/roles";
import { createImportJob, runImportJob } from "@/lib/imports/run-import";
import { PUT as putAnnotation } from "@/app/api/annotations/[id]/route";
import { POST as transition } from "@/app/api/annotations/[id]/transitions/route";
import { POST as postComment } from "@/app/api/annotations/[id]/comments/route";
import { POST as nextEpisode } from "@/app/api/episodes/next/route";
import { POST as assign } from "@/app/api/episodes/[id]/assignments/route";
import { GET as getEpisode } from "@/app/api/episodes/[id]/route";
import { GET as listEpisodes } from "@/app/api/episodes/route";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as importRun } from "@/app/api/runs/import/route";
import { POST as createRelease } from "@/app/api/releases/route";
import { POST as createEndpoint } from "@/app/api/endpoints/route";
import { POST as testEndpoint } from "@/app/api/endpoints/[id]/test/route";
import { createServer } from "node:http";
import { DELETE as deleteRelease, GET as getRelease, PATCH as patchRelease } from "@/app/api/releases/[id]/route";
import * as fx from "@/tests/fixtures/build-fixtures";
import { call, resetDb } from "./helpers";

type Person = { id: number; cookie: string };
const cookieOf = async (id: number) => `${SESSION_COOKIE}=${(await createSession(id)).token}`;

async function people(): Promise<Record<Role, Person>> {
  const ids = await seedUsers();
  const out = {} as Record<Role, Person>;
  for (const [role, id] of ids) out[role] = { id, cookie: await cookieOf(id) };
  return out;
}

async function world(count: number, lengthFrames = 90) {
  const environment = await db.environment.create({ data: { slug: "lab", name: "Lab" } });
  const task = await db.task.create({ data: { environmentId: environment.id, key: "t", instruction: "Wipe the table" } });
  const source = await db.source.create({ data: { kind: "MANIFEST", uri: "/data/lab", name: "lab" } });
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await db.episode.create({ data: { sourceId: source.id, sourceKey: `ep-${i}`, environmentId: environment.id, taskId: task.id, lengthFrames, fps: 30 } })).id);
  }
  return { environment, task, ids };
}

async function json(res: Response) {
  const text = await res.text();
  return { status: res.status, bytes: text.length, body: text ? JSON.parse(text) : null, type: res.headers.get("content-type") };
}

let u: Record<Role, Person>;

beforeEach(async () => {
  await resetDb();
  u = await people();
});

describe("stalls", () => {
  it("answers 800 segments at frame 0 with at most 50 problems and a small body", async () => {
    const w = await world(1, 1000);
    const next = await json(await call(nextEpisode as never, { method: "POST", url: "/api/episodes/next", body: {}, cookie: u.ANNOTATOR.cookie }));
    const annotationId = next.body.claimed.annotationId as number;
    const segments = Array.from({ length: 800 }, (_, i) => ({ key: `k${i}`, startFrame: 0, endFrame: 0, label: "x" }));
    const r = await json(
      await call(putAnnotation as never, {
        method: "PUT",
        url: `/api/annotations/${annotationId}`,
        params: { id: String(annotationId) },
        body: { baseVersion: 1, snapshot: { segments, outcome: "UNKNOWN", failureReason: null, note: "", qualityFlags: [] } },
        cookie: u.ANNOTATOR.cookie,
      }),
    );
    expect(r.status).toBe(400);
    expect(r.type).toContain("application/problem+json");
    const reasons = (r.body.invalid_params as { reason: string }[]).map((p) => p.reason);
    expect(reasons).toHaveLength(51);
    expect(reasons[50]).toBe("… and 749 more problems.");
    expect(r.bytes).toBeLessThan(20_000);
    expect(w.ids).toHaveLength(1);
  });

  it("runs a path pattern that backtracks forever elsewhere in linear time", async () => {
    const record = { problem: "p", problem_type: "numerical", output: "<answer>40</answer>", path: `${"a".repeat(3000)}!` };
    const qs = new URLSearchParams({ run: "evil", modelName: "m", pathPattern: "^(?<episode>(a+)+)$" }).toString();
    const r = await json(
      await call(importRun as never, { method: "POST", url: `/api/runs/import?${qs}`, cookie: u.RESEARCHER.cookie, headers: { "content-type": "application/json" }, rawBody: JSON.stringify([record]) }),
    );
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain("does not match");
    expect(await db.predictionRun.count()).toBe(0);
  });
});

describe("integers, ids and text that used to reach PostgreSQL", () => {
  it("refuses ids past int4 and non-canonical ids in paths, queries and bodies", async () => {
    const w = await world(1);
    for (const id of ["2147483648", "9007199254740991", "0x1", "+1", " 1", "1e0", "01", "1.0", "-1", "0"]) {
      const r = await call(getEpisode as never, { url: `/api/episodes/${encodeURIComponent(id)}`, params: { id }, cookie: u.RESEARCHER.cookie });
      expect({ id, status: r.status }).toEqual({ id, status: 400 });
    }
    expect((await call(getEpisode as never, { url: `/api/episodes/${w.ids[0]}`, params: { id: String(w.ids[0]) }, cookie: u.RESEARCHER.cookie })).status).toBe(200);
    for (const qs of ["page=2147483648", "pageSize=0x10", "environmentId=2147483648", "taskId=+1"]) {
      const r = await call(listEpisodes as never, { url: `/api/episodes?${qs}`, cookie: u.RESEARCHER.cookie });
      expect({ qs, status: r.status }).toEqual({ qs, status: 400 });
    }
  });

  it("refuses a release edit with an id past int4 without writing it, and repairs a release that holds one", async () => {
    await world(1);
    const created = await json(
      await call(createRelease as never, {
        method: "POST",
        url: "/api/releases",
        cookie: u.RESEARCHER.cookie,
        body: { name: "r", notes: "", definition: { environmentIds: [], taskIds: [], episodeIds: [], onlyWithAcceptedChains: false }, splits: { heldOutEnvironmentIds: [], testTaskIds: [], idTestPercent: 0, seed: 1 } },
      }),
    );
    expect(created.status).toBe(200);
    const id = String(created.body.release.id);
    const before = await db.release.findUniqueOrThrow({ where: { id: Number(id) } });
    const bad = await json(
      await call(patchRelease as never, {
        method: "PATCH",
        url: `/api/releases/${id}`,
        params: { id },
        cookie: u.RESEARCHER.cookie,
        body: { definition: { environmentIds: [], taskIds: [], episodeIds: [2147483648], onlyWithAcceptedChains: false } },
      }),
    );
    expect(bad.status).toBe(400);
    expect((await db.release.findUniqueOrThrow({ where: { id: Number(id) } })).filters).toEqual(before.filters);
    // A release stored with such an id (before it was refused) opens and can be deleted.
    await db.release.update({ where: { id: Number(id) }, data: { filters: { environmentIds: [], taskIds: [], episodeIds: [2147483648], onlyWithAcceptedChains: false } } });
    expect((await call(getRelease as never, { url: `/api/releases/${id}`, params: { id }, cookie: u.RESEARCHER.cookie })).status).toBe(200);
    const del = await call(deleteRelease as never, { method: "DELETE", url: `/api/releases/${id}?confirm=r`, params: { id }, cookie: u.RESEARCHER.cookie });
    expect(del.status).toBe(200);
  });

  it("refuses NUL and unpaired surrogates anywhere in a request, naming the field, and writes nothing", async () => {
    await world(1);
    const next = await json(await call(nextEpisode as never, { method: "POST", url: "/api/episodes/next", body: {}, cookie: u.ANNOTATOR.cookie }));
    const annotationId = String(next.body.claimed.annotationId);
    for (const [label, where] of [
      ["re\u0000ach", "snapshot.segments[0].label"],
      ["re\ud800ach", "snapshot.segments[0].label"],
    ] as const) {
      const r = await json(
        await call(putAnnotation as never, {
          method: "PUT",
          url: `/api/annotations/${annotationId}`,
          params: { id: annotationId },
          body: { baseVersion: 1, snapshot: { segments: [{ key: "a", startFrame: 0, endFrame: 5, label }], outcome: "UNKNOWN", failureReason: null, note: "", qualityFlags: [] } },
          cookie: u.ANNOTATOR.cookie,
        }),
      );
      expect(r.status).toBe(400);
      expect(r.body.invalid_params[0].name).toBe(where);
    }
    const r = await call(listEpisodes as never, { url: "/api/episodes?q=%00", cookie: u.RESEARCHER.cookie });
    expect(r.status).toBe(400);
    expect(await db.segment.count()).toBe(0);
  });

  it("keeps a comment, and the one given with Request changes, on the episode's frames", async () => {
    await world(1, 90);
    const next = await json(await call(nextEpisode as never, { method: "POST", url: "/api/episodes/next", body: {}, cookie: u.ANNOTATOR.cookie }));
    const id = String(next.body.claimed.annotationId);
    await call(putAnnotation as never, {
      method: "PUT",
      url: `/api/annotations/${id}`,
      params: { id },
      body: { baseVersion: 1, snapshot: { segments: [{ key: "a", startFrame: 0, endFrame: 89, label: "wipe" }], outcome: "SUCCESS", failureReason: null, note: "", qualityFlags: [] } },
      cookie: u.ANNOTATOR.cookie,
    });
    await call(transition as never, { method: "POST", url: `/api/annotations/${id}/transitions`, params: { id }, body: { action: "submit" }, cookie: u.ANNOTATOR.cookie });
    const pinned = await json(
      await call(transition as never, { method: "POST", url: `/api/annotations/${id}/transitions`, params: { id }, body: { action: "request_changes", comment: "look", frame: 100_000 }, cookie: u.LEAD.cookie }),
    );
    expect(pinned.status).toBe(400);
    expect(pinned.body.invalid_params).toEqual([{ name: "frame", reason: "Frame 100000 is past the episode's last frame (89)." }]);
    const comment = await call(postComment as never, { method: "POST", url: `/api/annotations/${id}/comments`, params: { id }, body: { body: "x", frame: 90 }, cookie: u.LEAD.cookie });
    expect(comment.status).toBe(400);
    expect(await db.reviewComment.count()).toBe(0);
    expect((await db.annotation.findUniqueOrThrow({ where: { id: Number(id) } })).status).toBe("SUBMITTED");
  });
});

describe("unbounded input", () => {
  it("refuses a 30 MB anonymous sign-in without reading it, declared or streamed", async () => {
    const big = JSON.stringify({ email: "a@b.c", password: "x".repeat(30_000_000) });
    const declared = await json(await call(login as never, { method: "POST", url: "/api/auth/login", rawBody: big, headers: { "content-type": "application/json", "content-length": String(big.length) } }));
    expect(declared.status).toBe(413);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        if (pulled > 3000) return c.close();
        c.enqueue(new Uint8Array(10_000).fill(120));
      },
    });
    const { NextRequest } = await import("next/server");
    const req = new NextRequest("http://localhost:3000/api/auth/login", { method: "POST", body: stream, headers: { "content-type": "application/json" }, duplex: "half" } as never);
    const streamed = await login(req as never, { params: Promise.resolve({}) });
    expect(streamed.status).toBe(413);
    // It stopped reading soon after the 10 kB limit, not at the end of the 30 MB.
    expect(pulled).toBeLessThan(10);
  });

  it("refuses an import whose task text would reach every user's facets, and a video linked from outside the import folders", async () => {
    const root = path.join(env.importRoots[0]!, `hostile-${process.pid}`);
    rmSync(root, { recursive: true, force: true });
    const fixture = await fx.buildManifestFixture(root);
    const lines = readFileSync(fixture.manifestPath, "utf8").split("\n").filter((l) => l.trim());
    const first = JSON.parse(lines[0]!);
    // 2 MB of task text: its line is past the 1 MB line limit; 500 kB: past the 2,000-character task limit.
    writeFileSync(fixture.manifestPath, `${JSON.stringify({ ...first, task: "t".repeat(2_000_000) })}\n`);
    const r0 = await runImportJob((await createImportJob({ actor: null, path: fixture.manifestPath })).id);
    expect(r0.problems).toEqual([{ file: "manifest.jsonl", line: 1, reason: expect.stringMatching(/^line 1: the line is 2000\d+ characters long \(at most 1000000\)$/) }]);
    writeFileSync(fixture.manifestPath, `${JSON.stringify({ ...first, task: "t".repeat(500_000) })}\n`);
    const r1 = await runImportJob((await createImportJob({ actor: null, path: fixture.manifestPath })).id);
    expect(r1.ok).toBe(false);
    expect(r1.problems?.map((p) => p.reason)).toEqual(expect.arrayContaining([expect.stringContaining("the task text is 500000 characters long (at most 2000)")]));
    expect(await db.task.count()).toBe(0);

    // A link inside the dataset to a video outside every import folder.
    const outside = path.join(os.tmpdir(), `outside-${process.pid}`);
    mkdirSync(outside, { recursive: true });
    const real = path.join(root, first.cameras[0].path);
    const moved = path.join(outside, "secret.mp4");
    writeFileSync(moved, readFileSync(real));
    rmSync(real);
    symlinkSync(moved, real);
    writeFileSync(fixture.manifestPath, `${JSON.stringify(first)}\n`);
    const r2 = await runImportJob((await createImportJob({ actor: null, path: fixture.manifestPath })).id);
    expect(r2.ok).toBe(false);
    expect(r2.problems).toEqual(expect.arrayContaining([{ file: first.cameras[0].path, reason: "video is a link to a file outside the import folders; it is not read" }]));
    expect(await db.videoFile.count()).toBe(0);
    rmSync(outside, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }, 120_000);
});

describe("hoarding and blind double annotation", () => {
  it("gives one annotator one episode however many Next episode calls run at once", async () => {
    await world(30);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => call(nextEpisode as never, { method: "POST", url: "/api/episodes/next", body: {}, cookie: u.ANNOTATOR.cookie }).then(json)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((r) => r.body.claimed.episodeId)).size).toBe(1);
    expect(results.every((r) => Number.isInteger(r.body.claimed.episodeId))).toBe(true);
    expect(await db.episode.count({ where: { assigneeId: u.ANNOTATOR.id } })).toBe(1);
  });

  it("hides the first annotator's outcome from the second in the list, its filter and its sort", async () => {
    const w = await world(2);
    const first = await json(await call(nextEpisode as never, { method: "POST", url: "/api/episodes/next", body: {}, cookie: u.ANNOTATOR.cookie }));
    const episodeId = first.body.claimed.episodeId as number;
    const id = String(first.body.claimed.annotationId);
    await call(putAnnotation as never, {
      method: "PUT",
      url: `/api/annotations/${id}`,
      params: { id },
      body: { baseVersion: 1, snapshot: { segments: [], outcome: "FAILURE", failureReason: null, note: "", qualityFlags: [] } },
      cookie: u.ANNOTATOR.cookie,
    });
    const second = await db.user.create({ data: { email: "second@test.local", name: "Second", role: "ANNOTATOR", passwordHash: "unused" } });
    const secondCookie = await cookieOf(second.id);
    expect((await call(assign as never, { method: "POST", url: `/api/episodes/${episodeId}/assignments`, params: { id: String(episodeId) }, body: { annotatorIds: [second.id] }, cookie: u.LEAD.cookie })).status).toBe(200);

    const list = await json(await call(listEpisodes as never, { url: "/api/episodes", cookie: secondCookie }));
    expect(list.body.items.find((e: { id: number }) => e.id === episodeId).outcome).toBeNull();
    const filtered = await json(await call(listEpisodes as never, { url: "/api/episodes?outcome=FAILURE", cookie: secondCookie }));
    expect(filtered.body.total).toBe(0);
    expect((await call(listEpisodes as never, { url: "/api/episodes?sort=outcome", cookie: secondCookie })).status).toBe(400);
    // The first annotator and researchers still see it.
    expect((await json(await call(listEpisodes as never, { url: "/api/episodes?outcome=FAILURE", cookie: u.ANNOTATOR.cookie }))).body.total).toBe(1);
    expect((await json(await call(listEpisodes as never, { url: "/api/episodes?outcome=FAILURE", cookie: u.RESEARCHER.cookie }))).body.total).toBe(1);
    expect(w.ids).toContain(episodeId);
  });
});

describe("SSRF through model endpoints", () => {
  it("refuses loopback, link-local and user@host URLs, refuses names that resolve there when connecting, and never echoes a body", async () => {
    const make = (baseUrl: string) =>
      call(createEndpoint as never, { method: "POST", url: "/api/endpoints", cookie: u.RESEARCHER.cookie, body: { name: `e-${Math.random()}`, baseUrl, model: "m" } }).then(json);
    for (const baseUrl of ["http://127.0.0.1:8000/v1", "http://169.254.169.254/latest", "http://[::1]:8000/v1", "http://10.0.0.8:8000/v1", "http://admin@gpu.example/v1", "http://user:pw@gpu.example/v1"]) {
      const r = await make(baseUrl);
      expect({ baseUrl, status: r.status }).toEqual({ baseUrl, status: 400 });
    }
    expect(await db.modelEndpoint.count()).toBe(0);

    // A server on loopback that answers with something private.
    const server = createServer((_req, res) => {
      res.statusCode = 500;
      res.end("INTERNAL-SECRET-TOKEN ".repeat(50));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const port = (server.address() as { port: number }).port;
      const named = await make(`http://localhost:${port}/v1`);
      expect(named.status).toBe(201); // a name is checked where it resolves, when connecting
      const id = String(named.body.endpoint.id);
      const tested = await json(await call(testEndpoint as never, { method: "POST", url: `/api/endpoints/${id}/test`, params: { id }, cookie: u.RESEARCHER.cookie }));
      expect(tested.body.ok).toBe(false);
      expect(tested.body.message).toMatch(/^Refused: localhost is at/);
      // Allowed by the operator, the test connects, and still shows only the status.
      process.env.MODEL_ENDPOINT_ALLOW = "localhost";
      const allowed = await json(await call(testEndpoint as never, { method: "POST", url: `/api/endpoints/${id}/test`, params: { id }, cookie: u.RESEARCHER.cookie }));
      expect(allowed.body).toMatchObject({ ok: false, message: "The endpoint answered HTTP 500 to GET models." });
      expect(JSON.stringify(allowed.body)).not.toContain("INTERNAL-SECRET");
    } finally {
      delete process.env.MODEL_ENDPOINT_ALLOW;
      server.close();
    }
  });
});
