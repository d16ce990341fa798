// Dataset releases: define, preview, submit (freeze a snapshot), approve, publish, diff.
//
// Workflow: DRAFT → IN_REVIEW → APPROVED → PUBLISHED, and LEAD may return a release in review
// or approved to DRAFT. Submitting freezes the snapshot that reviewers look at; approval and
// publication are of exactly that content (its sha256 is shown and checked). Every move is a
// conditional update on the status it starts from, so two people acting at once cannot both
// win; the loser gets 409. Published releases are also protected by database triggers
// (migration 20261121200000_releases).
import "server-only";
import { INT4_MAX } from "@/lib/server/schemas";
import { z } from "zod";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { authorize, releaseContributors } from "@/lib/auth/policy";
import { fourEyesReview } from "@/lib/settings/annotation-settings";
import { recordAudit } from "@/lib/audit/record-audit";
import { conflict, notFound, validationError } from "@/lib/server/errors";
import type { SnapshotEpisode } from "@/lib/export/types";
import { diffSnapshots, type ReleaseDiff } from "./diff";
import { buildSnapshot, canonicalJson, contentHash, selectEpisodes, SELECTION_RULE } from "./snapshot";
import { ZReleaseDefinitionSchema, type TCreateRelease, type TReleaseDefinition, type ZPreviewReleaseSchema, type ZUpdateReleaseSchema } from "./schemas";
import { RELEASE_ACTIONS, notesEditable, type ReleaseAction } from "./workflow";
import { SPLIT_RULE, ZSplitConfigSchema, emptySplitCounts, splitCounts, splitWarnings, starvedTasks, type SplitCounts, type TSplitConfig } from "./splits";
import { offVocabulary } from "@/lib/annotation/vocabulary";

/**
 * The stored definition. Ids outside int4 (which no request can store any more, but releases
 * saved before that was checked may hold) are dropped, so such a release can still be opened,
 * repaired and deleted.
 */
const definitionOf = (r: { filters: unknown }): TReleaseDefinition => {
  const raw = r.filters ?? {};
  const parsed = ZReleaseDefinitionSchema.safeParse(raw);
  if (parsed.success || typeof raw !== "object" || raw === null) return parsed.success ? parsed.data : ZReleaseDefinitionSchema.parse({});
  const fixed: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const k of ["environmentIds", "taskIds", "episodeIds"]) {
    const v = fixed[k];
    if (Array.isArray(v)) fixed[k] = v.filter((x) => Number.isInteger(x) && x >= 1 && x <= INT4_MAX);
  }
  return ZReleaseDefinitionSchema.parse(fixed);
};
const splitsOf = (r: { splitConfig: unknown }): TSplitConfig => ZSplitConfigSchema.parse(r.splitConfig ?? {});

export interface ReleasePreview {
  episodes: number;
  total: SplitCounts;
  environments: { id: number; name: string; counts: SplitCounts }[];
  /** Splits a lead would want to know about before saving: no training data, a training task with none. */
  warnings: string[];
  /** Labels of the selected annotations that are not in their task's vocabulary (tasks that have one). */
  offVocabulary: { taskId: number; instruction: string; label: string; segments: number; episodes: number }[];
  rules: { selection: string; splits: string };
}

/** Per task and label, the selected annotations' labels that are off the task's vocabulary. */
async function offVocabularyLabels(annotationIds: number[]): Promise<ReleasePreview["offVocabulary"]> {
  if (!annotationIds.length) return [];
  const rows = await db.$queryRaw<Array<{ task_id: number; instruction: string; canonical: string[]; label: string; segments: number; episodes: number }>>`
    SELECT e.task_id, t.instruction, t.canonical_subtasks AS canonical, s.label, count(*)::int AS segments, count(DISTINCT s.annotation_id)::int AS episodes
    FROM segments s JOIN annotations a ON a.id = s.annotation_id JOIN episodes e ON e.id = a.episode_id JOIN tasks t ON t.id = e.task_id
    WHERE s.annotation_id = ANY(${annotationIds}::int[]) AND cardinality(t.canonical_subtasks) > 0
    GROUP BY 1, 2, 3, 4 ORDER BY 2, 4`;
  return rows
    .filter((r) => offVocabulary([{ label: r.label }], r.canonical).length > 0)
    .map((r) => ({ taskId: r.task_id, instruction: r.instruction, label: r.label, segments: r.segments, episodes: r.episodes }));
}

async function previewOf(def: TReleaseDefinition, splits: TSplitConfig): Promise<ReleasePreview> {
  const eps = await selectEpisodes(def);
  const { total, byEnvironment, byTask } = splitCounts(eps, splits);
  const envs = await db.environment.findMany({ where: { id: { in: [...byEnvironment.keys()] } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
  // Names only for the tasks a warning is about.
  const names = new Map((await db.task.findMany({ where: { id: { in: starvedTasks(byTask) } }, select: { id: true, instruction: true } })).map((t) => [t.id, t.instruction]));
  const warnings = splitWarnings(total, byTask, (id) => names.get(id) ?? `Task ${id}`);
  const off = await offVocabularyLabels(eps.map((e) => e.annotationId));
  return {
    offVocabulary: off,
    episodes: eps.length,
    total,
    environments: envs.map((e) => ({ id: e.id, name: e.name, counts: byEnvironment.get(e.id)! })),
    warnings,
    rules: { selection: SELECTION_RULE, splits: SPLIT_RULE },
  };
}

/** Counts per split before anything is saved. */
export async function previewRelease(opts: z.infer<typeof ZPreviewReleaseSchema>): Promise<ReleasePreview> {
  return previewOf(opts.definition, opts.splits);
}

const SUMMARY_SELECT = {
  id: true, name: true, version: true, status: true, notes: true, episodeCount: true, contentHash: true,
  snapshotAt: true, approvedAt: true, publishedAt: true, createdAt: true, updatedAt: true, previousId: true,
  createdBy: { select: { id: true, name: true } },
  approvedBy: { select: { id: true, name: true } },
  publishedBy: { select: { id: true, name: true } },
} satisfies Prisma.ReleaseSelect;

export async function listReleases() {
  return db.release.findMany({ select: SUMMARY_SELECT, orderBy: [{ name: "asc" }, { version: "desc" }] });
}

export async function getRelease(id: number) {
  const r = await db.release.findUnique({ where: { id }, select: { ...SUMMARY_SELECT, filters: true, splitConfig: true, previous: { select: { id: true, name: true, version: true, status: true } } } });
  if (!r) throw notFound(`Release ${id}`);
  const definition = definitionOf(r);
  const splits = splitsOf(r);
  const frozen = r.status !== "DRAFT";
  let counts: Pick<ReleasePreview, "total" | "environments" | "warnings">;
  if (frozen) {
    const rows = await db.$queryRaw<Array<{ environment_id: number; name: string; task_id: number; instruction: string; split_tag: keyof SplitCounts; n: number }>>`
      SELECT e.environment_id, env.name, e.task_id, t.instruction, re.split_tag::text AS split_tag, count(*)::int AS n
      FROM release_episodes re JOIN episodes e ON e.id = re.episode_id JOIN environments env ON env.id = e.environment_id JOIN tasks t ON t.id = e.task_id
      WHERE re.release_id = ${id} GROUP BY 1, 2, 3, 4, 5 ORDER BY 2`;
    const total = emptySplitCounts();
    const envs = new Map<number, { id: number; name: string; counts: SplitCounts }>();
    const byTask = new Map<number, SplitCounts>();
    const taskNames = new Map<number, string>();
    for (const row of rows) {
      total[row.split_tag] += row.n;
      const env = envs.get(row.environment_id) ?? { id: row.environment_id, name: row.name, counts: emptySplitCounts() };
      env.counts[row.split_tag] += row.n;
      envs.set(row.environment_id, env);
      const task = byTask.get(row.task_id) ?? emptySplitCounts();
      task[row.split_tag] += row.n;
      byTask.set(row.task_id, task);
      taskNames.set(row.task_id, row.instruction);
    }
    // The same warnings a preview gives, for the frozen content.
    counts = { total, environments: [...envs.values()], warnings: splitWarnings(total, byTask, (t) => taskNames.get(t)!) };
  } else {
    const { total, environments, warnings } = await previewOf(definition, splits);
    counts = { total, environments, warnings };
  }
  const { filters: _f, splitConfig: _s, ...rest } = r;
  return { ...rest, definition, splits, frozen, ...counts, rules: { selection: SELECTION_RULE, splits: SPLIT_RULE }, history: await releaseHistory(id) };
}

/** Who created the release, changed its content or submitted it (four-eyes: none of them approves it). */
async function releaseContributorIds(id: number): Promise<number[]> {
  const rows = await db.auditLog.findMany({
    where: { entityType: "release", entityId: String(id), action: { in: ["release.create", "release.update", "release.submit"] } },
    select: { action: true, actorId: true, detail: true },
  });
  return releaseContributors(rows.map((r) => ({ action: r.action, actorId: r.actorId, fields: ((r.detail ?? {}) as { fields?: string[] }).fields ?? null })));
}

/** Who did what to a release and its exports, newest first (from the audit log). */
async function releaseHistory(id: number) {
  const exportIds = (await db.exportJob.findMany({ where: { releaseId: id }, select: { id: true } })).map((e) => String(e.id));
  const rows = await db.auditLog.findMany({
    where: { OR: [{ entityType: "release", entityId: String(id) }, ...(exportIds.length ? [{ entityType: "export", entityId: { in: exportIds } }] : [])] },
    orderBy: { id: "desc" },
    take: 200,
    select: { id: true, action: true, entityType: true, entityId: true, detail: true, createdAt: true, actor: { select: { id: true, name: true } } },
  });
  return rows.map((r) => {
    const d = (r.detail ?? {}) as Record<string, unknown>;
    return {
      id: r.id, action: r.action, at: r.createdAt, actor: r.actor,
      exportId: r.entityType === "export" ? Number(r.entityId) : null,
      comment: typeof d.comment === "string" ? d.comment : null,
      contentHash: typeof d.contentHash === "string" ? d.contentHash : null,
      fields: Array.isArray(d.fields) ? (d.fields as string[]) : null,
    };
  });
}

/** The frozen episodes of a release (in episode id order). */
export async function releaseSnapshot(id: number, client: Prisma.TransactionClient | typeof db = db): Promise<SnapshotEpisode[]> {
  const rows = await client.releaseEpisode.findMany({ where: { releaseId: id }, select: { snapshot: true }, orderBy: { episodeId: "asc" } });
  return rows.map((r) => r.snapshot as unknown as SnapshotEpisode);
}

export async function listReleaseEpisodes(opts: { id: number; page: number; pageSize: number; splitTag?: string }) {
  const where = { releaseId: opts.id, ...(opts.splitTag ? { splitTag: opts.splitTag as SnapshotEpisode["splitTag"] } : {}) };
  const [total, rows] = await Promise.all([
    db.releaseEpisode.count({ where }),
    db.releaseEpisode.findMany({ where, orderBy: { episodeId: "asc" }, skip: (opts.page - 1) * opts.pageSize, take: opts.pageSize, select: { episodeId: true, split: true, splitTag: true, snapshot: true } }),
  ]);
  return {
    total,
    episodes: rows.map((r) => {
      const s = r.snapshot as unknown as SnapshotEpisode;
      return {
        episodeId: r.episodeId, key: s.key, environment: s.environment.name, task: s.task.instruction, split: r.split, splitTag: r.splitTag,
        outcome: s.annotation.outcome, segments: s.annotation.segments.length, chains: s.chains.length, annotationVersion: s.annotation.version, hasVideo: s.video !== null,
      };
    }),
  };
}

export async function createRelease(opts: { user: SessionUser; input: TCreateRelease; requestId?: string }) {
  const { name, notes, definition, splits } = opts.input;
  // Version numbering and the link to the previous release are decided in one transaction; a
  // concurrent create of the same name loses on the (name, version) unique key (409).
  return db.$transaction(async (tx) => {
    const last = await tx.release.findFirst({ where: { name }, orderBy: { version: "desc" }, select: { version: true } });
    const previous = await tx.release.findFirst({ where: { name, status: "PUBLISHED" }, orderBy: { version: "desc" }, select: { id: true } });
    const r = await tx.release.create({
      data: {
        name, notes, version: (last?.version ?? 0) + 1, previousId: previous?.id ?? null, createdById: opts.user.id,
        filters: definition as unknown as Prisma.InputJsonValue, splitConfig: splits as unknown as Prisma.InputJsonValue,
      },
      select: { id: true, name: true, version: true, status: true },
    });
    await recordAudit({ actorId: opts.user.id, action: "release.create", entityType: "release", entityId: r.id, detail: { name, version: r.version, definition, splits }, requestId: opts.requestId }, tx);
    return r;
  });
}

export async function updateRelease(opts: { user: SessionUser; id: number; changes: z.infer<typeof ZUpdateReleaseSchema>; requestId?: string }) {
  const r = await db.release.findUnique({ where: { id: opts.id }, select: { status: true, notes: true, filters: true, splitConfig: true, createdById: true } });
  if (!r) throw notFound(`Release ${opts.id}`);
  authorize(opts.user, "release.edit", r);
  const content = opts.changes.definition !== undefined || opts.changes.splits !== undefined;
  // What really changes (the history says "edited the definition", not every field the form sent).
  const changed = [
    ...(opts.changes.notes !== undefined && opts.changes.notes !== r.notes ? ["notes"] : []),
    ...(opts.changes.definition && canonicalJson(opts.changes.definition) !== canonicalJson(definitionOf(r)) ? ["filters"] : []),
    ...(opts.changes.splits && canonicalJson(opts.changes.splits) !== canonicalJson(splitsOf(r)) ? ["splitConfig"] : []),
  ];
  if (r.status === "PUBLISHED") throw conflict("A published release cannot change. Create a new version instead.");
  if (content && r.status !== "DRAFT") throw conflict("Only a draft's content can change. Return the release to draft first.");
  if (opts.changes.notes !== undefined && !notesEditable(r.status)) throw conflict("An approved release's notes are part of what was approved (its dataset card). Return it to draft to change them.");
  const data: Prisma.ReleaseUpdateManyMutationInput = {};
  if (opts.changes.notes !== undefined) data.notes = opts.changes.notes;
  if (opts.changes.definition) data.filters = opts.changes.definition as unknown as Prisma.InputJsonValue;
  if (opts.changes.splits) data.splitConfig = opts.changes.splits as unknown as Prisma.InputJsonValue;
  const base = opts.changes.baseUpdatedAt ? new Date(opts.changes.baseUpdatedAt) : undefined;
  await db.$transaction(async (tx) => {
    const moved = await tx.release.updateMany({ where: { id: opts.id, status: content ? "DRAFT" : r.status, ...(base ? { updatedAt: base } : {}) }, data });
    if (moved.count === 0) {
      throw conflict(
        base ? "Someone else changed this release after you opened it. Reload to see their changes, then edit again." : "The release changed status while you were editing. Reload and try again.",
      );
    }
    await recordAudit({ actorId: opts.user.id, action: "release.update", entityType: "release", entityId: opts.id, detail: { fields: changed }, requestId: opts.requestId }, tx);
  });
  // Read after the commit (a read inside the transaction on another connection would see the old row).
  return getRelease(opts.id);
}

export async function deleteRelease(opts: { user: SessionUser; id: number; confirm: string; requestId?: string }) {
  const r = await db.release.findUnique({ where: { id: opts.id }, select: { name: true, version: true, status: true, createdById: true } });
  if (!r) throw notFound(`Release ${opts.id}`);
  if (r.status === "PUBLISHED") throw conflict("A published release cannot be deleted.");
  authorize(opts.user, "release.delete", r);
  if (opts.confirm !== r.name) throw validationError(`Type the release's name, "${r.name}", to confirm.`, [{ name: "confirm", reason: "Does not match the release's name." }]);
  await db.$transaction(async (tx) => {
    const gone = await tx.release.deleteMany({ where: { id: opts.id, status: { not: "PUBLISHED" } } });
    if (gone.count === 0) throw conflict("The release was published meanwhile.");
    await recordAudit({ actorId: opts.user.id, action: "release.delete", entityType: "release", entityId: opts.id, detail: { name: r.name, version: r.version, status: r.status }, requestId: opts.requestId }, tx);
  });
  return { deleted: true };
}

export async function transitionRelease(opts: { user: SessionUser; id: number; action: ReleaseAction; contentHash?: string; comment?: string; requestId?: string }) {
  const def = RELEASE_ACTIONS[opts.action];
  const r = await db.release.findUnique({ where: { id: opts.id }, select: { status: true, filters: true, splitConfig: true, contentHash: true, name: true, version: true, createdById: true } });
  if (!r) throw notFound(`Release ${opts.id}`);
  authorize(opts.user, "release.act", { ...r, action: opts.action, fourEyes: await fourEyesReview(), contributorIds: await releaseContributorIds(opts.id) });
  if (!(def.from as readonly string[]).includes(r.status)) {
    throw conflict(`Cannot ${def.label.toLowerCase()}: the release is ${r.status.toLowerCase().replace("_", " ")}.`, { releaseStatus: r.status });
  }
  if (opts.action === "return" && !opts.comment) throw validationError("Say why the release goes back to draft.", [{ name: "comment", reason: "A comment is required." }]);
  if (opts.action === "return" && (await db.exportJob.count({ where: { releaseId: opts.id, status: { in: ["QUEUED", "RUNNING"] } } })) > 0) {
    throw conflict("An export of this release is running. Cancel it before returning the release to draft: it exports the frozen content.");
  }
  if ((opts.action === "approve" || opts.action === "publish") && opts.contentHash && opts.contentHash !== r.contentHash) {
    throw conflict("The release's content is not the one you reviewed. Reload and review it again.");
  }
  return db.$transaction(
    async (tx) => {
      const data: Prisma.ReleaseUpdateManyMutationInput = { status: def.to };
      let detail: Record<string, unknown> = { from: r.status, to: def.to };
      if (opts.action === "submit") {
        // Freeze the snapshot in the same transaction as the status change.
        const definition = definitionOf(r);
        const splits = splitsOf(r);
        const episodes = await buildSnapshot(definition, splits, tx);
        if (episodes.length === 0) throw validationError("The release selects no episodes with an approved annotation.", [{ name: "definition", reason: "No episodes." }]);
        await tx.releaseEpisode.deleteMany({ where: { releaseId: opts.id } });
        for (let i = 0; i < episodes.length; i += 1000) {
          await tx.releaseEpisode.createMany({
            data: episodes.slice(i, i + 1000).map((e) => ({ releaseId: opts.id, episodeId: e.episodeId, split: e.split, splitTag: e.splitTag, snapshot: e as unknown as Prisma.InputJsonValue })),
          });
        }
        const hash = contentHash(definition, splits, episodes);
        Object.assign(data, { contentHash: hash, episodeCount: episodes.length, snapshotAt: new Date() });
        detail = { ...detail, episodes: episodes.length, contentHash: hash };
      }
      if (opts.action === "approve") Object.assign(data, { approvedAt: new Date(), approvedById: opts.user.id });
      if (opts.action === "publish") Object.assign(data, { publishedAt: new Date(), publishedById: opts.user.id });
      if (opts.action === "return") Object.assign(data, { approvedAt: null, approvedById: null });
      const moved = await tx.release.updateMany({ where: { id: opts.id, status: r.status, contentHash: r.contentHash }, data });
      if (moved.count === 0) throw conflict("Someone else changed this release at the same moment. Reload and try again.");
      if (opts.action === "return") {
        await tx.releaseEpisode.deleteMany({ where: { releaseId: opts.id } });
        await tx.release.update({ where: { id: opts.id }, data: { episodeCount: 0, contentHash: null, snapshotAt: null } });
      }
      await recordAudit(
        { actorId: opts.user.id, action: `release.${opts.action}`, entityType: "release", entityId: opts.id, detail: { ...detail, ...(opts.comment ? { comment: opts.comment } : {}), contentHash: detail.contentHash ?? r.contentHash }, requestId: opts.requestId },
        tx,
      );
      return { id: opts.id, status: def.to };
    },
    { timeout: 300_000, maxWait: 30_000 },
  );
}

/**
 * What changed since the previous published release of the same name. A draft is compared as
 * it would be frozen now.
 */
export async function releaseDiff(id: number): Promise<{ previous: { id: number; version: number } | null; diff: ReleaseDiff }> {
  const r = await db.release.findUnique({ where: { id }, select: { status: true, filters: true, splitConfig: true, previous: { select: { id: true, version: true } } } });
  if (!r) throw notFound(`Release ${id}`);
  const current = r.status === "DRAFT" ? await buildSnapshot(definitionOf(r), splitsOf(r)) : await releaseSnapshot(id);
  const previous = r.previous ? await releaseSnapshot(r.previous.id) : [];
  return { previous: r.previous, diff: diffSnapshots(previous, current) };
}
