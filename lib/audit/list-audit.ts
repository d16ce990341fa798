import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorId?: number;
  /** An action ("annotation.approve") or its area ("annotation"): matches the action or everything under it. */
  action?: string;
  before?: number;
}

/** Newest first, 100 at a time; `before` pages backwards by id. Each entry links to its object's page. */
export async function listAudit(q: AuditQuery) {
  const where: Prisma.AuditLogWhereInput = {
    entityType: q.entityType,
    entityId: q.entityId,
    actorId: q.actorId,
    id: q.before ? { lt: q.before } : undefined,
    ...(q.action ? { OR: [{ action: q.action }, { action: { startsWith: `${q.action.replace(/\.$/, "")}.` } }] } : {}),
  };
  const rows = await db.auditLog.findMany({ where, orderBy: { id: "desc" }, take: 100, include: { actor: { select: { id: true, name: true, email: true } } } });
  const links = await linksFor(rows);
  return { items: rows.map((r) => ({ ...r, link: links.get(r.id) ?? null })), nextBefore: rows.length === 100 ? rows[rows.length - 1]!.id : null };
}

/** The page of each entry's object (annotations open in their episode, exports in their release). */
async function linksFor(rows: Array<{ id: number; entityType: string; entityId: string }>): Promise<Map<number, string>> {
  const ids = (type: string) => [...new Set(rows.filter((r) => r.entityType === type).map((r) => Number(r.entityId)).filter((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647))];
  const [annotations, exports] = await Promise.all([
    db.annotation.findMany({ where: { id: { in: ids("annotation") } }, select: { id: true, episodeId: true } }),
    db.exportJob.findMany({ where: { id: { in: ids("export") } }, select: { id: true, releaseId: true } }),
  ]);
  const ann = new Map(annotations.map((a) => [String(a.id), a.episodeId]));
  const exp = new Map(exports.map((e) => [String(e.id), e.releaseId]));
  const out = new Map<number, string>();
  for (const r of rows) {
    const id = r.entityId;
    const link = (() => {
      switch (r.entityType) {
        case "episode":
          return `/episodes/${id}`;
        case "annotation":
          return ann.has(id) ? `/episodes/${ann.get(id)}?annotation=${id}` : null;
        case "release":
          return `/releases/${id}`;
        case "export":
          return exp.has(id) ? `/releases/${exp.get(id)}` : null;
        case "prediction_run":
          return `/predictions/${id}`;
        case "import":
        case "source":
          return "/imports";
        case "task":
        case "setting":
          return "/settings";
        case "user":
          return "/admin/users";
        default:
          return null;
      }
    })();
    if (link && /^\/[\w/?=&.-]*$/.test(link)) out.set(r.id, link);
  }
  return out;
}
