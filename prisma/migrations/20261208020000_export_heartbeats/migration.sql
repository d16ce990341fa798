-- Export heartbeats: a worker renews them while it runs a unit, the plan or the finish; a stale
-- one means the worker died and another takes the work up (lib/export/export-job.ts).
ALTER TABLE "export_units" ADD COLUMN "heartbeat_at" TIMESTAMPTZ(3);
ALTER TABLE "export_jobs" ADD COLUMN "heartbeat_at" TIMESTAMPTZ(3);
