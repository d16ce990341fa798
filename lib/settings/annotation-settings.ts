// Instance-wide annotation settings, kept by leads: the failure taxonomy and the quality flags
// annotators pick from, and four-eyes review (nobody approves their own annotation or release;
// lib/auth/policy.ts).
import "server-only";
import { ZAnnotationSettingsSchema, DEFAULT_ANNOTATION_SETTINGS, type TAnnotationSettings, type TAnnotationSettingsPatch } from "./annotation-schema";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { recordAudit } from "@/lib/audit/record-audit";

export { ZAnnotationSettingsSchema, ZAnnotationSettingsPatchSchema, DEFAULT_ANNOTATION_SETTINGS, type TAnnotationSettings, type TAnnotationSettingsInput } from "./annotation-schema";

const KEY = "annotation";

/** Whether four-eyes review is on. */
export async function fourEyesReview(tx: Prisma.TransactionClient = db): Promise<boolean> {
  return (await getAnnotationSettings(tx)).fourEyes;
}

export async function getAnnotationSettings(tx: Prisma.TransactionClient = db): Promise<TAnnotationSettings> {
  const row = await tx.setting.findUnique({ where: { key: KEY } });
  const parsed = ZAnnotationSettingsSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_ANNOTATION_SETTINGS;
}

/**
 * Merges the fields a lead changed over the stored settings. Two leads saving different fields
 * at once both land: the read and the write are one transaction under a lock on the setting.
 */
export async function updateAnnotationSettings(opts: { user: SessionUser; settings: TAnnotationSettingsPatch; requestId?: string }) {
  // The setting and its audit entry land together.
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('critic:settings:annotation'))`;
    const before = await getAnnotationSettings(tx);
    const changes = Object.fromEntries(Object.entries(opts.settings).filter(([, v]) => v !== undefined));
    const after: TAnnotationSettings = { ...before, ...changes };
    const value = after as unknown as Prisma.InputJsonValue;
    await tx.setting.upsert({ where: { key: KEY }, create: { key: KEY, value, updatedById: opts.user.id }, update: { value, updatedById: opts.user.id } });
    await recordAudit({ actorId: opts.user.id, action: "settings.annotation.update", entityType: "setting", entityId: KEY, detail: { before, after, changed: Object.keys(changes) }, requestId: opts.requestId }, tx);
    return after;
  });
}
