// Demo release: approves the annotations of a couple of untouched demo episodes per task,
// accepts some of the demo PRIMO run's chains, then defines a release with the PRIMO split design
// (Humanoid Lab held out, one unseen task per other environment), takes it through review,
// approval and publication, and starts an export of it, so the release and export pages have
// something to show on first start. Everything goes through the real server functions.
// Idempotent: does nothing once any release exists.
import { db } from "../../lib/db";
import type { AnnotationSnapshot } from "../../lib/annotation/types";
import { claimEpisode } from "../../lib/annotations/claim-episode";
import { saveAnnotation } from "../../lib/annotations/save-annotation";
import { transitionAnnotation } from "../../lib/annotations/transition-annotation";
import { getAnnotation } from "../../lib/annotations/get-annotation";
import { saveReview } from "../../lib/predictions/review";
import { getAnnotationSettings } from "../../lib/settings/annotation-settings";
import { createRelease, getRelease, transitionRelease } from "../../lib/releases/releases";
import { startExport } from "../../lib/export/export-service";
import type { TExportConfigInput } from "../../lib/export/config";
import { failureReasonFor, jitteredSegments, sessionUser, validTruth } from "./demo-workflow";
import { DEMO_USERS, seedUsers } from "./users";

export const DEMO_RELEASE_NAME = "Demo progress benchmark";
/** Approved episodes per task (the rest stay for annotators to claim). */
const PER_TASK = 2;
/** Accepted chains per approved episode (from the demo PRIMO run). */
const CHAINS_PER_EPISODE = 2;
const PRIMO_RUN = "PRIMO R1 7B (demo)";

export const DEMO_EXPORT_CONFIG: TExportConfigInput = {
  formats: ["primo-sft", "primo-rl", "lrm-progress", "benchmark"],
  queries: { mode: "count", count: 4 },
  maxFrames: 16,
  seed: 0,
  imageWidth: 320,
};

export async function seedDemoRelease(opts: { log?: (m: string) => void; enqueueExport?: boolean } = {}): Promise<{ created: boolean; releaseId?: number; exportId?: number }> {
  const log = opts.log ?? (() => {});
  const existing = await db.release.findFirst({ where: { name: DEMO_RELEASE_NAME }, orderBy: { version: "asc" }, select: { id: true, status: true, _count: { select: { exports: true } } } });
  if (!existing && (await db.release.count()) > 0) {
    log("demo release: the team has its own releases; leaving them as they are");
    return { created: false };
  }
  if (existing?.status === "PUBLISHED" && existing._count.exports > 0) {
    log("demo release: already published and exported; leaving it as it is");
    return { created: false };
  }
  const role = (r: string) => DEMO_USERS.find((u) => u.role === r)!;
  await seedUsers([role("ANNOTATOR"), role("RESEARCHER"), role("LEAD")]);
  const annotator = await sessionUser(role("ANNOTATOR").email);
  const researcher = await sessionUser(role("RESEARCHER").email);
  const lead = await sessionUser(role("LEAD").email);
  // A run that stopped half-way (a crash, Ctrl+C) carries on from where the release got to.
  const releaseId = existing?.id ?? (await prepareRelease({ annotator, researcher, lead, log }));
  return finishRelease({ releaseId, researcher, lead, log, enqueueExport: opts.enqueueExport ?? true });
}

type Actor = Awaited<ReturnType<typeof sessionUser>>;

/** Approved episodes (topped up to PER_TASK per task), accepted chains, and the draft release. */
async function prepareRelease({ annotator, researcher, lead, log }: { annotator: Actor; researcher: Actor; lead: Actor; log: (m: string) => void }): Promise<number> {
  const settings = await getAnnotationSettings();
  // Episodes this annotator already has approved count towards their task's share.
  const done = await db.annotation.findMany({ where: { annotatorId: annotator.id, status: "APPROVED" }, select: { episode: { select: { taskId: true } } } });

  // Untouched short demo episodes with their ground truth, a few per task.
  const rows = await db.episode.findMany({
    where: { status: "UNASSIGNED", assigneeId: null, lengthFrames: { lte: 1000 }, metadata: { path: ["synthetic"], equals: true }, task: { key: { not: "frame-coded-calibration" } } },
    orderBy: { id: "asc" },
    select: { id: true, taskId: true, lengthFrames: true, outcome: true, metadata: true },
  });
  const perTask = new Map<number, number>();
  for (const d of done) perTask.set(d.episode.taskId, (perTask.get(d.episode.taskId) ?? 0) + 1);
  const approved: number[] = [];
  for (const r of rows) {
    if ((perTask.get(r.taskId) ?? 0) >= PER_TASK) continue;
    const truth = validTruth((r.metadata as Record<string, unknown> | null)?.demo_truth_subtasks, r.lengthFrames);
    if (!truth) continue;
    perTask.set(r.taskId, (perTask.get(r.taskId) ?? 0) + 1);
    const { annotationId } = await claimEpisode({ user: annotator, episodeId: r.id });
    const current = await getAnnotation({ user: annotator, id: annotationId });
    const failure = r.outcome === "FAILURE";
    const snapshot: AnnotationSnapshot = {
      segments: jitteredSegments({ id: r.id, lengthFrames: r.lengthFrames, truth }, 2, 41),
      outcome: failure ? "FAILURE" : r.outcome === "UNKNOWN" ? "UNSURE" : "SUCCESS",
      failureReason: failure ? failureReasonFor(truth, settings.failureReasons) : null,
      note: "",
      qualityFlags: [],
    };
    await saveAnnotation({ user: annotator, id: annotationId, baseVersion: current.version, snapshot });
    await transitionAnnotation({ user: annotator, id: annotationId, action: "submit" });
    await transitionAnnotation({ user: lead, id: annotationId, action: "approve" });
    approved.push(r.id);
  }
  log(`demo release: ${approved.length} episodes annotated and approved`);

  // A few of the demo PRIMO run's chains reviewed and accepted, for the chain-of-thought formats
  // (on every episode approved here, this run's or an earlier one's).
  let accepted = 0;
  const run = await db.predictionRun.findUnique({ where: { name: PRIMO_RUN }, select: { id: true } });
  const mine = await db.annotation.findMany({ where: { annotatorId: annotator.id, status: "APPROVED" }, select: { episodeId: true }, orderBy: { episodeId: "asc" } });
  if (run) {
    for (const { episodeId } of mine) {
      if (await db.chainReview.count({ where: { prediction: { runId: run.id, episodeId } } })) continue; // reviewed by an earlier run
      const preds = await db.prediction.findMany({
        where: { runId: run.id, episodeId, questionType: "PROGRESS", formatOk: true, review: null },
        orderBy: { queryFrame: "asc" },
        select: { id: true, planning: true, observation: true, reasoning: true, answerText: true },
      });
      for (const p of preds.filter((_, i) => i % Math.max(1, Math.floor(preds.length / CHAINS_PER_EPISODE)) === 0).slice(0, CHAINS_PER_EPISODE)) {
        await saveReview({
          user: researcher,
          predictionId: p.id,
          review: { baseVersion: 0, planning: p.planning ?? "", observation: p.observation ?? "", reasoning: p.reasoning ?? "", answerText: p.answerText ?? "", verdict: "ACCEPTED", note: "" },
        });
        accepted++;
      }
    }
  }
  log(`demo release: ${accepted} chains accepted`);

  // The PRIMO split design of the demo data: Humanoid Lab is an unseen environment, and the last
  // task of the other two environments is an unseen task.
  const humanoid = await db.environment.findFirst({ where: { name: "Humanoid Lab" }, select: { id: true } });
  const testTasks = await db.task.findMany({ where: { key: { in: ["agibot-wipe-table", "robotwin-handover-hammer"] } }, select: { id: true } });
  const r = await createRelease({
    user: researcher,
    input: {
      name: DEMO_RELEASE_NAME,
      notes: "First cut of the demo benchmark: every approved demo episode. Humanoid Lab is held out (OOD cross-environment); wipe-table and handover-hammer are unseen tasks (OOD cross-task).",
      definition: { environmentIds: [], taskIds: [], episodeIds: [], onlyWithAcceptedChains: false },
      splits: { heldOutEnvironmentIds: humanoid ? [humanoid.id] : [], testTaskIds: testTasks.map((t) => t.id), idTestPercent: 25, seed: 0 },
    },
  });
  return r.id;
}

/** Submit, approve and publish (from wherever the release is), then export it if it has no export yet. */
async function finishRelease({ releaseId, researcher, lead, log, enqueueExport }: { releaseId: number; researcher: Actor; lead: Actor; log: (m: string) => void; enqueueExport: boolean }) {
  let r = await getRelease(releaseId);
  if (r.status === "DRAFT") {
    await transitionRelease({ user: researcher, id: releaseId, action: "submit" });
    r = await getRelease(releaseId);
  }
  if (r.status === "IN_REVIEW") {
    await transitionRelease({ user: lead, id: releaseId, action: "approve", contentHash: r.contentHash!, comment: "Splits checked against the PRIMO design." });
    r = await getRelease(releaseId);
  }
  if (r.status === "APPROVED") {
    await transitionRelease({ user: lead, id: releaseId, action: "publish", contentHash: r.contentHash! });
    r = await getRelease(releaseId);
  }
  log(`demo release: "${r.name}" v${r.version} published with ${r.episodeCount} episodes (sha256 ${r.contentHash!.slice(0, 12)})`);
  const already = await db.exportJob.findFirst({ where: { releaseId }, select: { id: true } });
  if (already) return { created: true, releaseId, exportId: already.id };
  const e = await startExport({ user: lead, releaseId, config: DEMO_EXPORT_CONFIG, enqueueJobs: enqueueExport });
  log(`demo release: export #${e.id} queued (formats ${DEMO_EXPORT_CONFIG.formats.join(", ")})`);
  return { created: true, releaseId, exportId: e.id };
}
