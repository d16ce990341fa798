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
import { resetDb } from "./helpers";

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
