// Reading one annotation: its current snapshot, who may do what with it, and its version history.
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { notFound } from "@/lib/server/errors";
import type { AnnotationSnapshot, SegmentDraft } from "@/lib/annotation/types";
import type { AnnotationStatus } from "@/lib/annotation/workflow";
import { annotationActions, authorize, can } from "@/lib/auth/policy";
import { fourEyesReview } from "@/lib/settings/annotation-settings";

type Tx = Prisma.TransactionClient;

export const annotationInclude = {
  segments: { orderBy: { startFrame: "asc" }, select: { key: true, startFrame: true, endFrame: true, label: true } },
  annotator: { select: { id: true, name: true } },
} as const satisfies Prisma.AnnotationInclude;

type AnnotationRow = Prisma.AnnotationGetPayload<{ include: typeof annotationInclude }>;

export function snapshotOf(a: Pick<AnnotationRow, "segments" | "outcome" | "failureReason" | "note" | "qualityFlags">): AnnotationSnapshot {
  return {
    segments: a.segments.map((s): SegmentDraft => ({ key: s.key, startFrame: s.startFrame, endFrame: s.endFrame, label: s.label })),
    outcome: a.outcome,
    failureReason: a.failureReason,
    note: a.note,
    qualityFlags: a.qualityFlags,
  };
}

/** The annotation if the user may see it; 404 otherwise (no hint that it exists). */
export async function loadVisibleAnnotation(user: SessionUser, id: number, tx: Tx = db): Promise<AnnotationRow> {
  const a = await tx.annotation.findUnique({ where: { id }, include: annotationInclude });
  if (!a) throw notFound(`Annotation ${id}`);
  authorize(user, "annotation.view", a, `Annotation ${id}`);
  return a;
}

/** 403 unless the user may change the annotation now. */
export function assertEditable(user: SessionUser, a: { annotatorId: number | null; status: AnnotationStatus }): void {
  authorize(user, "annotation.edit", a);
}

/** Who saved the current version, and when. */
async function lastSave(annotationId: number, version: number, tx: Tx = db) {
  const v = await tx.annotationVersion.findUnique({
    where: { annotationId_version: { annotationId, version } },
    select: { createdAt: true, author: { select: { id: true, name: true } } },
  });
  return { savedBy: v?.author ?? null, savedAt: v?.createdAt ?? null };
}

export async function getAnnotation(opts: { user: SessionUser; id: number }) {
  const a = await loadVisibleAnnotation(opts.user, opts.id);
  return presentAnnotation(opts.user, a, await lastSave(a.id, a.version), await reviewFacts(a.id));
}

/** What four-eyes review needs to know (lib/auth/policy.ts): whether it is on, and who saved a version of the annotation. */
export async function reviewFacts(annotationId: number, tx: Tx = db): Promise<{ fourEyes: boolean; contributorIds: number[] }> {
  const [fourEyes, authors] = await Promise.all([
    fourEyesReview(tx),
    tx.annotationVersion.findMany({ where: { annotationId, authorId: { not: null } }, select: { authorId: true }, distinct: ["authorId"] }),
  ]);
  return { fourEyes, contributorIds: authors.map((v) => v.authorId!) };
}

export function presentAnnotation(
  user: SessionUser,
  a: AnnotationRow,
  last: { savedBy: { id: number; name: string } | null; savedAt: Date | null },
  review: { fourEyes: boolean; contributorIds: number[] },
) {
  return {
    id: a.id,
    episodeId: a.episodeId,
    annotator: a.annotator,
    origin: a.origin,
    version: a.version,
    status: a.status,
    snapshot: snapshotOf(a),
    updatedAt: a.updatedAt,
    ...last,
    permissions: { canEdit: can(user, "annotation.edit", a), actions: annotationActions(user, { ...a, ...review }) },
  };
}
export type AnnotationDetail = ReturnType<typeof presentAnnotation>;

/** The current state, for a 409 answer: what the other save left behind. */
export async function currentState(annotationId: number, tx: Tx = db) {
  const a = await tx.annotation.findUnique({ where: { id: annotationId }, include: annotationInclude });
  if (!a) throw notFound(`Annotation ${annotationId}`);
  const last = await lastSave(a.id, a.version, tx);
  return { version: a.version, status: a.status, snapshot: snapshotOf(a), savedBy: last.savedBy, savedAt: last.savedAt };
}

export async function listVersions(opts: { user: SessionUser; id: number }) {
  await loadVisibleAnnotation(opts.user, opts.id);
  const rows = await db.annotationVersion.findMany({
    where: { annotationId: opts.id },
    orderBy: { version: "desc" },
    select: { version: true, createdAt: true, snapshot: true, author: { select: { id: true, name: true } } },
  });
  return rows.map((r) => ({ version: r.version, createdAt: r.createdAt, author: r.author, snapshot: snapshotFromJson(r.snapshot) }));
}

const HISTORY_ACTIONS = ["submit", "start_review", "approve", "request_changes", "restore", "release_review"] as const;

/** The workflow steps of an annotation from the audit log, for its history (lib/annotation/version-history.ts). */
export async function listHistoryEvents(annotationId: number) {
  const rows = await db.auditLog.findMany({
    where: { entityType: "annotation", entityId: String(annotationId), action: { in: HISTORY_ACTIONS.map((a) => `annotation.${a}`) } },
    orderBy: { id: "asc" },
    select: { action: true, createdAt: true, detail: true, actor: { select: { id: true, name: true } } },
  });
  return rows.flatMap((r) => {
    const d = (r.detail ?? {}) as { version?: unknown; restoredFrom?: unknown };
    if (typeof d.version !== "number") return [];
    const action = r.action.slice("annotation.".length) as (typeof HISTORY_ACTIONS)[number];
    return [{ action, at: r.createdAt, actor: r.actor, version: d.version, restoredFrom: typeof d.restoredFrom === "number" ? d.restoredFrom : null }];
  });
}

/** A stored version snapshot in today's shape (early imports stored segments without keys). */
export function snapshotFromJson(raw: Prisma.JsonValue): AnnotationSnapshot {
  const o = (raw ?? {}) as Partial<AnnotationSnapshot>;
  return {
    segments: (o.segments ?? []).map((s, i) => ({ key: s.key ?? `v-${i}`, startFrame: s.startFrame, endFrame: s.endFrame, label: s.label ?? "" })),
    outcome: o.outcome ?? "UNKNOWN",
    failureReason: o.failureReason ?? null,
    note: o.note ?? "",
    qualityFlags: o.qualityFlags ?? [],
  };
}
