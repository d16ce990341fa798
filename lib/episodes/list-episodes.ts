// The episode browser's query: server-side filtering, sorting and paging.
import "server-only";
import { z } from "zod";
import { zQueryInt } from "@/lib/server/schemas";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { can, seesOutcomesBlind } from "@/lib/auth/policy";
import { validationError } from "@/lib/server/errors";

export const EPISODE_SORTS = ["id", "createdAt", "lengthFrames", "outcome", "status"] as const;

export const ZEpisodeListQuerySchema = z.object({
  environmentId: zQueryInt(z.number().positive()).optional(),
  taskId: zQueryInt(z.number().positive()).optional(),
  outcome: z.enum(["UNKNOWN", "SUCCESS", "FAILURE", "UNSURE"]).optional(),
  status: z.enum(["UNASSIGNED", "IN_PROGRESS", "SUBMITTED", "IN_REVIEW", "APPROVED", "CHANGES_REQUESTED"]).optional(),
  /** A user id, `me`, or `none` for unassigned episodes. */
  assignee: z.union([z.literal("me"), z.literal("none"), zQueryInt(z.number().positive())]).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(EPISODE_SORTS).default("id"),
  order: z.enum(["asc", "desc"]).default("asc"),
  page: zQueryInt(z.number().min(1).max(1_000_000)).default(1),
  pageSize: zQueryInt(z.number().min(1).max(200)).default(50),
});
export type TEpisodeListQuery = z.infer<typeof ZEpisodeListQuerySchema>;

export interface EpisodeRow {
  id: number;
  sourceKey: string;
  environment: { id: number; name: string };
  task: { id: number; instruction: string };
  lengthFrames: number;
  fps: number;
  /** Null when blind double annotation hides it from the viewer (lib/auth/policy.ts episode.outcome.view). */
  outcome: string | null;
  status: string;
  assignee: { id: number; name: string } | null;
  cameras: number;
  posterUrl: string;
}

export async function listEpisodes(opts: { user: SessionUser; query: TEpisodeListQuery }) {
  const { query } = opts;
  const where: Prisma.EpisodeWhereInput = {};
  if (query.environmentId) where.environmentId = query.environmentId;
  // Blind double annotation: an annotator neither sees nor filters or sorts by the outcome of an
  // episode a second annotator works on, unless it is theirs (episode.outcome.view). Such
  // episodes are few (agreement samples): they are listed across all episodes only to filter by
  // outcome, and otherwise looked up among the page's rows.
  const blind = seesOutcomesBlind(opts.user);
  const doubledAmong = async (ids: number[] | null) =>
    (await db.$queryRaw<Array<{ episode_id: number }>>`
      SELECT episode_id FROM annotations
      WHERE annotator_id IS NOT NULL AND (${ids}::int[] IS NULL OR episode_id = ANY(${ids}::int[]))
      GROUP BY episode_id HAVING count(*) > 1`).map((r) => r.episode_id);
  const doubled = blind && query.outcome ? await doubledAmong(null) : [];
  if (blind && query.sort === "outcome") {
    throw validationError("Sorting by outcome is for researchers and leads.", [{ name: "query.sort", reason: "Annotators cannot sort by outcome (blind double annotation)." }]);
  }
  if (query.outcome) {
    where.outcome = query.outcome;
    if (doubled.length) where.OR = [{ assigneeId: opts.user.id }, { id: { notIn: doubled } }];
  }
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
  const hidden = new Set(blind ? (query.outcome ? doubled : await doubledAmong(rows.map((r) => r.id))) : []);
  const items: EpisodeRow[] = rows.map(({ _count, ...r }) => ({
    ...r,
    outcome: can(opts.user, "episode.outcome.view", { assigneeId: r.assignee?.id ?? null, annotatorCount: hidden.has(r.id) ? 2 : 1 }) ? r.outcome : null,
    cameras: _count.videos,
    posterUrl: `/api/episodes/${r.id}/poster`,
  }));
  return { items, total, page: query.page, pageSize: query.pageSize };
}
