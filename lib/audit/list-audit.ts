import "server-only";
import { db } from "@/lib/db";

/** Newest first, 100 at a time; `before` pages backwards by id. */
export async function listAudit(q: { entityType?: string; entityId?: string; before?: number }) {
  const items = await db.auditLog.findMany({
    where: { entityType: q.entityType, entityId: q.entityId, id: q.before ? { lt: q.before } : undefined },
    orderBy: { id: "desc" },
    take: 100,
    include: { actor: { select: { id: true, name: true, email: true } } },
  });
  return { items, nextBefore: items.length === 100 ? items[items.length - 1]!.id : null };
}
