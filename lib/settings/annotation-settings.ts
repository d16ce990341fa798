// Instance-wide annotation settings: the failure taxonomy and the quality flags annotators pick from.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { recordAudit } from "@/lib/audit/record-audit";

const KEY = "annotation";

const list = (what: string) =>
  z
    .array(z.string().trim().min(1, `A ${what} cannot be empty.`).max(100))
    .min(1, `Keep at least one ${what}.`)
    .max(100)
    .refine((xs) => new Set(xs.map((x) => x.toLowerCase())).size === xs.length, `Each ${what} must be listed once.`);

export const ZAnnotationSettingsSchema = z.object({
  failureReasons: list("failure reason"),
  qualityFlags: list("quality flag"),
});
export type TAnnotationSettings = z.infer<typeof ZAnnotationSettingsSchema>;

export const DEFAULT_ANNOTATION_SETTINGS: TAnnotationSettings = {
  failureReasons: [
    "Grasp failed",
    "Object dropped",
    "Wrong object",
    "Collision",
    "Did not finish in time",
    "Gave up / stopped early",
    "Other",
  ],
  qualityFlags: ["Bad video", "Wrong task", "Camera occluded", "Dropped frames", "Ambiguous instruction"],
};

export async function getAnnotationSettings(tx: Prisma.TransactionClient = db): Promise<TAnnotationSettings> {
  const row = await tx.setting.findUnique({ where: { key: KEY } });
  const parsed = ZAnnotationSettingsSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_ANNOTATION_SETTINGS;
}

export async function updateAnnotationSettings(opts: { user: SessionUser; settings: TAnnotationSettings; requestId?: string }) {
  // The setting and its audit entry land together.
  return db.$transaction(async (tx) => {
    const before = await getAnnotationSettings(tx);
    const value = opts.settings as unknown as Prisma.InputJsonValue;
    await tx.setting.upsert({ where: { key: KEY }, create: { key: KEY, value, updatedById: opts.user.id }, update: { value, updatedById: opts.user.id } });
    await recordAudit({ actorId: opts.user.id, action: "settings.annotation.update", entityType: "setting", entityId: KEY, detail: { before, after: opts.settings }, requestId: opts.requestId }, tx);
    return opts.settings;
  });
}
