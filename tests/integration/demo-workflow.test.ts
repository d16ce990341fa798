// The demo's workflow seed: every status shown, two double-annotated episodes with real
// agreement figures, all through the real server functions, and safe to run twice.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { generateDemoDataset } from "@/lib/demo/generate-demo-dataset";
import { createImportJob, runImportJob } from "@/lib/imports/run-import";
import { getAgreementReport } from "@/lib/annotations/agreement-report";
import { STATUSES } from "@/lib/annotation/workflow";
import { validateSegments } from "@/lib/annotation/segments";
import { DEFAULT_ANNOTATION_SETTINGS } from "@/lib/settings/annotation-settings";
import { seedUsers } from "@/prisma/seed/users";
import { SECOND_ANNOTATOR, seedDemoWorkflow } from "@/prisma/seed/demo-workflow";
import { resetDb } from "./helpers";

const counts = async () => ({
  users: await db.user.count(),
  episodes: await db.episode.count(),
  annotations: await db.annotation.count(),
  segments: await db.segment.count(),
  versions: await db.annotationVersion.count(),
  comments: await db.reviewComment.count(),
  audit: await db.auditLog.count(),
});

describe("demo workflow seed", () => {
  let first: { created: boolean };

  beforeAll(async () => {
    await resetDb();
    // The demo dataset without its 10-minute episode (31 episodes); reused when already generated.
    const { manifestPath } = await generateDemoDataset(path.join(env.importRoots[0]!, "demo-workflow-test"), { long: false });
    const job = await createImportJob({ actor: null, path: manifestPath });
    const r = await runImportJob(job.id);
    expect(r.ok).toBe(true);
    await seedUsers();
    first = await seedDemoWorkflow({});
  }, 180_000);

  it("puts episodes in every workflow state and leaves most unassigned", async () => {
    expect(first.created).toBe(true);
    const byStatus = await db.episode.groupBy({ by: ["status"], _count: { _all: true } });
    const n = (s: string) => byStatus.find((b) => b.status === s)?._count._all ?? 0;
    for (const s of STATUSES) expect(n(s), s).toBeGreaterThanOrEqual(1);
    expect(n("UNASSIGNED")).toBeGreaterThan((await db.episode.count()) / 2);
    expect(await db.user.findUnique({ where: { email: SECOND_ANNOTATOR.email } })).not.toBeNull();
  });

  it("writes valid segments, a failure with a reason and a flag, and pinned review comments", async () => {
    const anns = await db.annotation.findMany({
      where: { annotatorId: { not: null } },
      include: { segments: { orderBy: { startFrame: "asc" } }, episode: { select: { lengthFrames: true } } },
    });
    for (const a of anns) {
      const segs = a.segments.map((s) => ({ key: s.key, startFrame: s.startFrame, endFrame: s.endFrame, label: s.label }));
      expect(segs.length).toBeGreaterThan(0);
      expect(validateSegments(segs, a.episode.lengthFrames, { requireLabels: true })).toEqual([]);
    }
    const failure = anns.find((a) => a.outcome === "FAILURE" && a.status !== "IN_PROGRESS");
    expect(failure).toBeDefined();
    expect(DEFAULT_ANNOTATION_SETTINGS.failureReasons).toContain(failure!.failureReason);
    expect(failure!.qualityFlags.length).toBeGreaterThan(0);

    const changes = anns.find((a) => a.status === "CHANGES_REQUESTED")!;
    const comments = await db.reviewComment.findMany({ where: { annotationId: changes.id } });
    expect(comments.length).toBeGreaterThanOrEqual(3);
    expect(comments.some((c) => c.frame !== null)).toBe(true);
    const pinned = comments.find((c) => c.segmentKey !== null);
    expect(changes.segments.map((s) => s.key)).toContain(pinned?.segmentKey);
  });

  it("double-annotates exactly two episodes with non-trivial agreement", async () => {
    const per = await db.annotation.groupBy({ by: ["episodeId"], where: { annotatorId: { not: null } }, _count: { _all: true } });
    expect(per.filter((p) => p._count._all === 2).length).toBe(2);
    expect(per.every((p) => p._count._all <= 2)).toBe(true);

    const report = await getAgreementReport({ k: 5 });
    expect(report.pairs.length).toBe(2);
    for (const p of report.pairs) {
      expect(p.result.meanBoundaryOffset).not.toBeNull();
      expect(p.result.withinK).not.toBeNull();
      expect(p.result.segmentIoU).not.toBeNull();
      // Slightly different segmentations: close, but not identical.
      expect(p.result.meanBoundaryOffset!).toBeGreaterThan(0);
      expect(p.result.withinK!).toBeGreaterThan(0);
      expect(p.result.withinK!).toBeLessThan(1);
      expect(p.result.segmentIoU!).toBeGreaterThan(0.5);
      expect(p.result.segmentIoU!).toBeLessThan(1);
    }
    expect(report.overall.pairs).toBe(2);
    expect(report.byAnnotator.length).toBe(2);
  });

  it("does nothing when run again", async () => {
    const before = await counts();
    expect(await seedDemoWorkflow({})).toEqual({ created: false });
    expect(await counts()).toEqual(before);
  });
});
