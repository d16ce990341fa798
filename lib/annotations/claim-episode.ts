// Handing out work: an annotator's "next episode", claiming one episode, and leads assigning
// an episode to several annotators (for agreement).
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { conflict, notFound, validationError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { AnnotationSnapshot } from "@/lib/annotation/types";
import { snapshotOf } from "./get-annotation";
import { syncEpisodeStatus } from "./transition-annotation";

type Tx = Prisma.TransactionClient;

export interface Claimed {
  episodeId: number;
  annotationId: number;
  /** True when this is work the annotator already had, not a newly claimed episode. */
  resumed: boolean;
}

/**
 * A new annotation for one annotator, starting from the episode's imported segments when it
 * has any (AgiBot action_config, manifest, LeRobot subtasks), so nobody redraws what exists.
 */
async function createAnnotationFor(tx: Tx, episodeId: number, annotatorId: number): Promise<number> {
  const prefill = await tx.annotation.findFirst({
    where: { episodeId, annotatorId: null },
    orderBy: { id: "asc" },
    include: { segments: { orderBy: { startFrame: "asc" } } },
  });
  const snapshot: AnnotationSnapshot = prefill
    ? { ...snapshotOf(prefill), failureReason: null, note: "", qualityFlags: [] }
    : { segments: [], outcome: "UNKNOWN", failureReason: null, note: "", qualityFlags: [] };
  const a = await tx.annotation.create({
    data: {
      episodeId,
      annotatorId,
      origin: prefill?.origin ?? "MANUAL",
      status: "IN_PROGRESS",
      outcome: snapshot.outcome,
      segments: { create: snapshot.segments },
      versions: { create: { version: 1, authorId: annotatorId, snapshot: snapshot as unknown as Prisma.InputJsonValue } },
    },
    select: { id: true },
  });
  return a.id;
}

export async function claimNextEpisode(opts: {
  user: SessionUser;
  taskId?: number;
  environmentId?: number;
  excludeAnnotationId?: number;
  requestId?: string;
}): Promise<Claimed | null> {
  const scope = { ...(opts.taskId ? { taskId: opts.taskId } : {}), ...(opts.environmentId ? { environmentId: opts.environmentId } : {}) };
  // One transaction per call, serialised per annotator by a PostgreSQL advisory lock (so it holds
  // across app processes): twenty parallel "Next episode" calls by one annotator claim one
  // episode and then find it as their own unfinished work, instead of claiming twenty.
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('claim-next-episode'), ${opts.user.id}::int)`;
    // Unfinished work first: sent-back episodes, then ones already started.
    for (const status of ["CHANGES_REQUESTED", "IN_PROGRESS"] as const) {
      const own = await tx.annotation.findFirst({
        where: { annotatorId: opts.user.id, status, episode: scope, ...(opts.excludeAnnotationId ? { id: { not: opts.excludeAnnotationId } } : {}) },
        orderBy: { episodeId: "asc" },
        select: { id: true, episodeId: true },
      });
      if (own) return { episodeId: own.episodeId, annotationId: own.id, resumed: true };
    }
    // One atomic statement picks and takes an unassigned episode. SKIP LOCKED lets concurrent
    // claims of different annotators pass each other instead of queueing on the same row, and
    // the status condition means two annotators can never both get it.
    const rows = await tx.$queryRaw<Array<{ id: number }>>`
      UPDATE episodes SET status = 'IN_PROGRESS', assignee_id = ${opts.user.id}, updated_at = now()
      WHERE id = (
        SELECT id FROM episodes
        WHERE status = 'UNASSIGNED' AND assignee_id IS NULL
          AND (${opts.taskId ?? null}::int IS NULL OR task_id = ${opts.taskId ?? null}::int)
          AND (${opts.environmentId ?? null}::int IS NULL OR environment_id = ${opts.environmentId ?? null}::int)
        ORDER BY id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id`;
    const episodeId = rows[0]?.id;
    if (episodeId === undefined) return null;
    const annotationId = await createAnnotationFor(tx, episodeId, opts.user.id);
    await recordAudit({ actorId: opts.user.id, action: "episode.claim", entityType: "episode", entityId: episodeId, detail: { annotationId }, requestId: opts.requestId }, tx);
    return { episodeId, annotationId, resumed: false };
  }, { maxWait: 10_000, timeout: 15_000 });
}

/** Claim one particular episode (opened from the list). Refused if someone else has it. */
export async function claimEpisode(opts: { user: SessionUser; episodeId: number; requestId?: string }): Promise<Claimed> {
  const mine = await db.annotation.findUnique({ where: { episodeId_annotatorId: { episodeId: opts.episodeId, annotatorId: opts.user.id } }, select: { id: true } });
  if (mine) return { episodeId: opts.episodeId, annotationId: mine.id, resumed: true };
  const exists = await db.episode.findUnique({ where: { id: opts.episodeId }, select: { id: true } });
  if (!exists) throw notFound(`Episode ${opts.episodeId}`);
  return db.$transaction(async (tx) => {
    const taken = await tx.episode.updateMany({
      where: { id: opts.episodeId, status: "UNASSIGNED", assigneeId: null },
      data: { status: "IN_PROGRESS", assigneeId: opts.user.id },
    });
    if (taken.count === 0) throw conflict("Someone else is already working on this episode. Use “Next episode” to get another one.");
    const annotationId = await createAnnotationFor(tx, opts.episodeId, opts.user.id);
    await recordAudit({ actorId: opts.user.id, action: "episode.claim", entityType: "episode", entityId: opts.episodeId, detail: { annotationId }, requestId: opts.requestId }, tx);
    return { episodeId: opts.episodeId, annotationId, resumed: false };
  });
}

async function checkAssignable(ids: number[]) {
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, disabled: true, name: true } });
  const problems = ids
    .filter((id) => !users.some((u) => u.id === id && !u.disabled))
    .map((id) => ({ name: "annotatorIds", reason: `User ${id} does not exist or is disabled.` }));
  if (problems.length) throw validationError("Some annotators cannot be assigned.", problems);
}

/** Gives each of `ids` an annotation of the episode (if they have none yet), inside `tx`. */
async function assignInTx(tx: Tx, user: SessionUser, episodeId: number, ids: number[], requestId?: string): Promise<number[] | null> {
  const ep = await tx.episode.findUnique({ where: { id: episodeId }, select: { id: true, assigneeId: true } });
  if (!ep) return null;
  const existing = await tx.annotation.findMany({ where: { episodeId: ep.id, annotatorId: { in: ids } }, select: { annotatorId: true } });
  const added: number[] = [];
  for (const id of ids) {
    if (existing.some((e) => e.annotatorId === id)) continue;
    await createAnnotationFor(tx, ep.id, id);
    added.push(id);
  }
  // Conditional: a claim that landed since we read the episode keeps its assignee.
  await tx.episode.updateMany({ where: { id: ep.id, assigneeId: null }, data: { assigneeId: ids[0] } });
  await syncEpisodeStatus(ep.id, tx);
  await recordAudit({ actorId: user.id, action: "episode.assign", entityType: "episode", entityId: ep.id, detail: { added }, requestId }, tx);
  return added;
}

/** Leads assign an episode to one or more annotators; each gets their own annotation. */
export async function assignAnnotators(opts: { user: SessionUser; episodeId: number; annotatorIds: number[]; requestId?: string }) {
  const ids = [...new Set(opts.annotatorIds)];
  await checkAssignable(ids);
  // New annotations, the assignee and the episode status change together.
  return db.$transaction(async (tx) => {
    const added = await assignInTx(tx, opts.user, opts.episodeId, ids, opts.requestId);
    if (!added) throw notFound(`Episode ${opts.episodeId}`);
    const annotations = await tx.annotation.findMany({
      where: { episodeId: opts.episodeId, annotatorId: { not: null } },
      orderBy: { id: "asc" },
      select: { id: true, status: true, annotator: { select: { id: true, name: true } } },
    });
    return { episodeId: opts.episodeId, added, annotations };
  });
}

/**
 * One annotator onto many episodes at once, from the episode list (a second annotator for
 * agreement): all or nothing. Episodes they already annotate are left as they are and counted.
 */
export async function assignAnnotatorToEpisodes(opts: { user: SessionUser; episodeIds: number[]; annotatorId: number; requestId?: string }) {
  const episodeIds = [...new Set(opts.episodeIds)];
  await checkAssignable([opts.annotatorId]);
  return db.$transaction(
    async (tx) => {
      const assigned: number[] = [];
      const already: number[] = [];
      for (const id of episodeIds) {
        const added = await assignInTx(tx, opts.user, id, [opts.annotatorId], opts.requestId);
        if (!added) throw notFound(`Episode ${id}`);
        (added.length ? assigned : already).push(id);
      }
      return { annotatorId: opts.annotatorId, assigned, already };
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}
