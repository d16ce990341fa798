// Append-only audit trail: who changed what. Call inside the same transaction as the change.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";

type Tx = Prisma.TransactionClient;

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  detail?: Record<string, unknown>;
  requestId?: string;
}

export async function recordAudit(entry: AuditEntry, tx: Tx = db): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: String(entry.entityId),
      detail: (entry.detail ?? {}) as Prisma.InputJsonValue,
      requestId: entry.requestId ?? null,
    },
  });
}
