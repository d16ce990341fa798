// Prediction runs: list, read, rename, delete.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/auth/session";
import { notFound, validationError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/policy";

export interface RunSummary {
  id: number;
  name: string;
  modelName: string;
  description: string;
  origin: string;
  progressScale: number;
  status: string;
  progress: unknown;
  problemCount: number;
  createdAt: Date;
  createdBy: string | null;
  /** Who may manage it follows from this (lib/auth/policy.ts run.manage). */
  createdById: number | null;
  endpointName: string | null;
  predictions: number;
  answered: number;
  formatOk: number;
  accepted: number;
  rejected: number;
  needsFix: number;
}

export async function listRuns(): Promise<RunSummary[]> {
  const rows = await db.$queryRaw<Array<Omit<RunSummary, "createdBy" | "endpointName"> & { created_by: string | null; endpoint_name: string | null }>>`
    SELECT r.id, r.name, r.model_name AS "modelName", r.description, r.origin, r.progress_scale AS "progressScale",
           r.status::text AS status, r.progress, jsonb_array_length(r.problems)::int AS "problemCount", r.created_at AS "createdAt",
           r.created_by_id AS "createdById", u.name AS created_by, me.name AS endpoint_name,
           coalesce(c.predictions, 0)::int AS predictions, coalesce(c.answered, 0)::int AS answered, coalesce(c.format_ok, 0)::int AS "formatOk",
           coalesce(c.accepted, 0)::int AS accepted, coalesce(c.rejected, 0)::int AS rejected, coalesce(c.needs_fix, 0)::int AS "needsFix"
    FROM prediction_runs r
    LEFT JOIN users u ON u.id = r.created_by_id
    LEFT JOIN model_endpoints me ON me.id = r.endpoint_id
    LEFT JOIN LATERAL (
      SELECT count(*) AS predictions, count(p.value) AS answered, count(*) FILTER (WHERE p.format_ok) AS format_ok,
             count(*) FILTER (WHERE cr.verdict = 'ACCEPTED') AS accepted, count(*) FILTER (WHERE cr.verdict = 'REJECTED') AS rejected,
             count(*) FILTER (WHERE cr.verdict = 'NEEDS_FIX') AS needs_fix
      FROM predictions p LEFT JOIN chain_reviews cr ON cr.prediction_id = p.id
      WHERE p.run_id = r.id
    ) c ON true
    ORDER BY r.created_at DESC, r.id DESC`;
  return rows.map(({ created_by, endpoint_name, ...r }) => ({ ...r, createdBy: created_by, endpointName: endpoint_name }));
}

export async function getRun(id: number) {
  const run = await db.predictionRun.findUnique({
    where: { id },
    include: { createdBy: { select: { id: true, name: true } }, endpoint: { select: { id: true, name: true, model: true } } },
  });
  if (!run) throw notFound(`Run ${id}`);
  return run;
}

export const ZUpdateRunSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    modelName: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(5000).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Nothing to change.");

export async function updateRun(opts: { user: SessionUser; id: number; changes: z.infer<typeof ZUpdateRunSchema>; requestId?: string }) {
  // The rename and its audit entry land together; a taken name is a 409 (unique index).
  return db.$transaction(async (tx) => {
    const found = await tx.predictionRun.findUnique({ where: { id: opts.id }, select: { name: true, modelName: true, description: true, createdById: true } });
    if (!found) throw notFound(`Run ${opts.id}`);
    const { createdById, ...before } = found;
    authorize(opts.user, "run.manage", { createdById });
    const after = await tx.predictionRun.update({ where: { id: opts.id }, data: opts.changes, select: { id: true, name: true, modelName: true, description: true } });
    await recordAudit({ actorId: opts.user.id, action: "run.update", entityType: "prediction_run", entityId: opts.id, detail: { before, after: opts.changes }, requestId: opts.requestId }, tx);
    return after;
  });
}

/** Deletes a run and its predictions and reviews. `confirm` must repeat the run's name. */
export async function deleteRun(opts: { user: SessionUser; id: number; confirm: string; requestId?: string }) {
  return db.$transaction(async (tx) => {
    const run = await tx.predictionRun.findUnique({ where: { id: opts.id }, select: { name: true, createdById: true, _count: { select: { predictions: true } } } });
    if (!run) throw notFound(`Run ${opts.id}`);
    authorize(opts.user, "run.manage", run);
    if (opts.confirm !== run.name) {
      throw validationError(`Type the run's name to delete it.`, [{ name: "confirm", reason: `Must be "${run.name}".` }]);
    }
    await tx.predictionRun.delete({ where: { id: opts.id } });
    await recordAudit(
      { actorId: opts.user.id, action: "run.delete", entityType: "prediction_run", entityId: opts.id, detail: { name: run.name, predictions: run._count.predictions }, requestId: opts.requestId },
      tx,
    );
    return { id: opts.id, deleted: run._count.predictions };
  });
}

/** 404 for a missing run, 403 unless the user made it or is a lead (lib/auth/policy.ts). */
export async function authorizeRun(user: SessionUser, id: number): Promise<void> {
  const run = await db.predictionRun.findUnique({ where: { id }, select: { createdById: true } });
  if (!run) throw notFound(`Run ${id}`);
  authorize(user, "run.manage", run);
}
