// The demo's release seed: a published release with the PRIMO split design, accepted chains, and
// an export of it that finishes, all through the real server functions; safe to run twice.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { generateDemoDataset } from "@/lib/demo/generate-demo-dataset";
import { createImportJob, runImportJob } from "@/lib/imports/run-import";
import { getExport } from "@/lib/export/export-service";
import { runExportInProcess } from "@/lib/export/export-job";
import { getRelease, releaseSnapshot } from "@/lib/releases/releases";
import { seedUsers } from "@/prisma/seed/users";
import { seedDemoWorkflow } from "@/prisma/seed/demo-workflow";
import { seedDemoPredictions } from "@/prisma/seed/demo-predictions";
import { DEMO_RELEASE_NAME, seedDemoRelease } from "@/prisma/seed/demo-release";
import { apiOperations } from "@/lib/openapi";
import { call, cookieFor, resetDb } from "./helpers";

let seeded: Awaited<ReturnType<typeof seedDemoRelease>>;

beforeAll(async () => {
  await resetDb();
  const { manifestPath } = await generateDemoDataset(path.join(env.importRoots[0]!, "demo-workflow-test"), { long: false });
  const job = await createImportJob({ actor: null, path: manifestPath });
  expect((await runImportJob(job.id)).ok).toBe(true);
  await seedUsers();
  await seedDemoWorkflow({});
  await seedDemoPredictions({});
  seeded = await seedDemoRelease({ enqueueExport: false });
}, 240_000);

describe("demo release seed", () => {
  it("publishes a release with every benchmark split and accepted chains, and leaves work for annotators", async () => {
    expect(seeded.created).toBe(true);
    const r = await getRelease(seeded.releaseId!);
    expect(r).toMatchObject({ name: DEMO_RELEASE_NAME, version: 1, status: "PUBLISHED" });
    expect(r.contentHash).toMatch(/^[0-9a-f]{64}$/);
    for (const tag of ["TRAIN", "OOD_CROSS_TASK", "OOD_CROSS_ENV"] as const) expect(r.total[tag], tag).toBeGreaterThan(0);
    expect(r.history.map((h) => h.action)).toEqual(["export.start", "release.publish", "release.approve", "release.submit", "release.create"]);
    const episodes = await releaseSnapshot(r.id);
    expect(episodes.length).toBe(r.episodeCount);
    expect(episodes.some((e) => e.chains.length > 0)).toBe(true);
    expect(episodes.every((e) => e.annotation.segments.length > 0 && e.video !== null)).toBe(true);
    // Most demo episodes are still there to be claimed.
    expect(await db.episode.count({ where: { status: "UNASSIGNED" } })).toBeGreaterThan(5);
  });

  it("its export finishes with a manifest that lists every split", async () => {
    await runExportInProcess([{ exportId: seeded.exportId!, step: "plan" }]);
    const e = await getExport(seeded.exportId!);
    expect(e.status, e.error ?? "").toBe("SUCCEEDED");
    expect(e.progress).toEqual({ fraction: 1, etaSeconds: 0, stalledSeconds: null, etaMediaOnly: false, retrying: null });
    const manifest = JSON.parse(readFileSync(path.join(e.outputUri!.slice("local:".length), "manifest.json"), "utf8")) as { counts: Record<string, Record<string, number>> };
    expect(Object.keys(manifest.counts).sort()).toEqual(["benchmark", "lrm-progress", "primo-rl", "primo-sft"]);
    expect(manifest.counts["primo-sft"]).toBeTruthy();
  });

  it("does nothing the second time", async () => {
    const before = await db.release.count();
    expect((await seedDemoRelease({ enqueueExport: false })).created).toBe(false);
    expect(await db.release.count()).toBe(before);
  });
});

// The response contract on real data: every JSON GET route, called on the demo's world (a
// published release with an export, runs with predictions, reviewed annotations), answers 200
// with a body its own response schema accepts. (Every test tier also checks every answer on the
// fly: CRITIC_CHECK_RESPONSES in vitest.config.ts and e2e/serve.ts.)
describe("real responses against their response schemas", () => {
  it("every JSON GET route's answer on the demo data validates", async () => {
    const first = async (rows: Promise<Array<{ id: number | string }>>) => String((await rows)[0]!.id);
    const ids: Record<string, string> = {
      annotations: await first(db.annotation.findMany({ where: { annotatorId: { not: null } }, select: { id: true }, orderBy: { id: "asc" }, take: 1 })),
      episodes: await first(db.episode.findMany({ where: { annotations: { some: { annotatorId: { not: null } } } }, select: { id: true }, orderBy: { id: "asc" }, take: 1 })),
      exports: String(seeded.exportId),
      imports: await first(db.importJob.findMany({ select: { id: true }, take: 1 })),
      predictions: await first(db.prediction.findMany({ select: { id: true }, take: 1 })),
      releases: String(seeded.releaseId),
      runs: await first(db.predictionRun.findMany({ select: { id: true }, take: 1 })),
      tasks: await first(db.task.findMany({ select: { id: true }, take: 1 })),
    };
    const cookie = await cookieFor("ADMIN");
    const checked: string[] = [];
    const failures: string[] = [];
    for (const op of apiOperations()) {
      if (op.method !== "GET" || op.handler.binary || op.path === "/api/openapi") continue;
      const kind = op.path.split("/")[2]!;
      const params = Object.fromEntries([...op.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, ids[kind]!]));
      const url = op.path.replace(/\{(\w+)\}/g, (_, n: string) => params[n]!);
      const res = await call(op.handler as never, { url, params, cookie });
      const body = (await res.json()) as unknown;
      if (res.status !== 200) {
        failures.push(`${op.key}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        continue;
      }
      const r = op.handler.schemas.response!.safeParse(body);
      if (!r.success) failures.push(`${op.key}: ${r.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      else checked.push(op.key);
    }
    expect(failures).toEqual([]);
    // Every JSON GET of the API (the contract test requires each to declare its schema).
    expect(checked.length).toBeGreaterThanOrEqual(30);
  });
});
