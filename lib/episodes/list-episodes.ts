// The episode browser's query: server-side filtering, sorting and paging.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";

export const EPISODE_SORTS = ["id", "createdAt", "lengthFrames", "outcome", "status"] as const;

export const ZEpisodeListQuerySchema = z.object({
  environmentId: z.coerce.number().int().positive().optional(),
  taskId: z.coerce.number().int().positive().optional(),
  outcome: z.enum(["UNKNOWN", "SUCCESS", "FAILURE", "UNSURE"]).optional(),
  status: z.enum(["UNASSIGNED", "IN_PROGRESS", "SUBMITTED", "IN_REVIEW", "APPROVED", "CHANGES_REQUESTED"]).optional(),
  /** A user id, `me`, or `none` for unassigned episodes. */
  assignee: z.union([z.literal("me"), z.literal("none"), z.coerce.number().int().positive()]).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(EPISODE_SORTS).default("id"),
  order: z.enum(["asc", "desc"]).default("asc"),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TEpisodeListQuery = z.infer<typeof ZEpisodeListQuerySchema>;

export interface EpisodeRow {
  id: number;
  sourceKey: string;
  environment: { id: number; name: string };
  task: { id: number; instruction: string };
  lengthFrames: number;
  fps: number;
  outcome: string;
  status: string;
  assignee: { id: number; name: string } | null;
  cameras: number;
  posterUrl: string;
}

export async function listEpisodes(opts: { user: SessionUser; query: TEpisodeListQuery }) {
  const { query } = opts;
  const where: Prisma.EpisodeWhereInput = {};
  if (query.environmentId) where.environmentId = query.environmentId;
  if (query.outcome) where.outcome = query.outcome;
  if (query.status) where.status = query.status;
  if (query.assignee === "me") where.assigneeId = opts.user.id;
  else if (query.assignee === "none") where.assigneeId = null;
  else if (typeof query.assignee === "number") where.assigneeId = query.assignee;
  if (query.q) {
    // Tasks are few next to episodes: resolve the text search on tasks first (trigram index),
    // then filter episodes by task id, which uses the episodes' task index.
    const tasks = await db.task.findMany({
      where: { instruction: { contains: query.q, mode: "insensitive" }, ...(query.environmentId ? { environmentId: query.environmentId } : {}) },
      select: { id: true },
    });
    const ids = tasks.map((t) => t.id).filter((id) => !query.taskId || id === query.taskId);
    where.taskId = { in: ids };
  } else if (query.taskId) {
    where.taskId = query.taskId;
  }
  const orderBy: Prisma.EpisodeOrderByWithRelationInput[] = [{ [query.sort]: query.order }];
  if (query.sort !== "id") orderBy.push({ id: query.order });
  const [total, rows] = await Promise.all([
    db.episode.count({ where }),
    db.episode.findMany({
      where,
      orderBy,
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      select: {
        id: true,
        sourceKey: true,
        lengthFrames: true,
        fps: true,
        outcome: true,
        status: true,
        environment: { select: { id: true, name: true } },
        task: { select: { id: true, instruction: true } },
        assignee: { select: { id: true, name: true } },
        _count: { select: { videos: true } },
      },
    }),
  ]);
  const items: EpisodeRow[] = rows.map(({ _count, ...r }) => ({
    ...r,
    cameras: _count.videos,
    posterUrl: `/api/episodes/${r.id}/poster`,
  }));
  return { items, total, page: query.page, pageSize: query.pageSize };
}
