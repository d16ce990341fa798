// Registers the job handlers. Runs inside the web process by default (instrumentation.ts),
// or in separate `npm run worker` processes; pg-boss hands each job to exactly one of them.
import "server-only";
import { getBoss, QUEUES } from "@/lib/jobs/queue";
import { runImportJob } from "@/lib/imports/run-import";
import { transcodeVideoFile } from "@/lib/media/transcode";
import { runModelJob } from "@/lib/model-runs/run-model";
import { enqueueStep, handleExportJob, reviveStalledExports } from "@/lib/export/export-job";
import { refreshPredictionSums } from "@/lib/metrics/prediction-sums";
import { refreshGroundTruth } from "@/lib/predictions/ground-truth";

/** How often this process looks for stalled export work. */
const SWEEP_MS = 10_000;
let sweeper: ReturnType<typeof setInterval> | undefined;

export async function startWorkers(log: (m: string) => void = console.log): Promise<void> {
  const boss = await getBoss();
  await boss.work<{ importJobId: number }>(QUEUES.import, { pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) await runImportJob(job.data.importJobId);
  });
  await boss.work<{ videoFileId: number }>(QUEUES.transcode, { pollingIntervalSeconds: 2 }, async (jobs) => {
    for (const job of jobs) await transcodeVideoFile(job.data.videoFileId);
  });
  await boss.work<{ runId: number }>(QUEUES.modelRun, { pollingIntervalSeconds: 2 }, async (jobs) => {
    for (const job of jobs) await runModelJob(job.data.runId);
  });
  // Ground truth and the leaderboard's sums are also refreshed by every reader of metrics; this
  // keeps readers from waiting.
  await boss.work(QUEUES.groundTruth, { pollingIntervalSeconds: 5 }, async () => {
    await refreshGroundTruth();
    await refreshPredictionSums();
  });
  await boss.schedule(QUEUES.groundTruth, "* * * * *");
  // Export units: every worker process takes units of any export, so several share one export.
  // After a job, fetch the next at once: pg-boss otherwise waits out its polling interval after
  // every fetch, so an export of many small units would run at one unit per second per worker.
  const exportWorker: string = await boss.work<Parameters<typeof handleExportJob>[0]>(QUEUES.export, { pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) await handleExportJob(job.data);
    boss.notifyWorker(exportWorker);
  });
  // Exports heal themselves: work whose worker died (kill -9, a lost machine) is taken up again
  // within about STALE_SECONDS + this period, by whichever worker sweeps first.
  sweeper ??= setInterval(() => {
    reviveStalledExports()
      .then(async (steps) => {
        for (const s of steps) await enqueueStep(s);
        if (steps.length) log(`[jobs] export: took up ${steps.length} stalled step(s)`);
      })
      .catch((err) => console.error("[jobs] export sweep failed", err));
  }, SWEEP_MS);
  sweeper.unref?.();
  log("[jobs] workers started: import, transcode, model-run, ground-truth, export");
}
