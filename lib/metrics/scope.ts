// Which ground truth and which splits a figure uses: the one place the leaderboard, the run
// report and the episode comparison get them from, so each can say so above its numbers.
// Ground truth is each episode's best annotation (lib/predictions/ground-truth.ts) or, with
// "approved only", just the episodes whose annotations are all approved. Splits come from the
// episodes' tags (lib/predictions/benchmark-split.ts) or as frozen in one release.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { conflict, notFound } from "@/lib/server/errors";
import { zQueryInt } from "@/lib/server/schemas";
import { episodeSplitsSql, SPLIT_RULE } from "@/lib/predictions/benchmark-split";

/** Which annotations the ground truth comes from, in words. */
export const GT_SOURCE_RULE =
  "Ground truth comes from each episode's best annotation: approved, else submitted or in review, else imported from the dataset, else changes requested or in progress (the latest saved on a tie).";
export const GT_APPROVED_RULE = "Approved only: just the episodes whose annotations are all approved; every other episode is left out of every figure.";

/** The query parameters every metric endpoint takes. */
export const ZMetricScopeQuery = z.object({
  /** "1": only episodes whose annotations are all approved count. */
  approvedOnly: z.enum(["0", "1"]).optional(),
  /** Splits as frozen in this release (its episodes only), instead of from the episodes' tags. */
  release: zQueryInt(z.number().int().positive()).optional(),
});

export interface MetricScope {
  approvedOnly: boolean;
  release: { id: number; name: string; version: number; status: string; episodeCount: number } | null;
}

/** What a response says about its scope (ZScopeDescription in the contract). */
export interface ScopeDescription {
  approvedOnly: boolean;
  rule: string;
  release: MetricScope["release"];
  splitRule: string;
}

export async function resolveScope(q: { approvedOnly?: "0" | "1"; release?: number }): Promise<MetricScope> {
  let release: MetricScope["release"] = null;
  if (q.release !== undefined) {
    const r = await db.release.findUnique({ where: { id: q.release }, select: { id: true, name: true, version: true, status: true, episodeCount: true } });
    if (!r) throw notFound(`Release ${q.release}`);
    if (r.status === "DRAFT" || r.episodeCount === 0)
      throw conflict(`Release “${r.name}” v${r.version} has no frozen episodes yet: its splits are fixed when it is submitted for review.`);
    release = { ...r, status: r.status };
  }
  return { approvedOnly: q.approvedOnly === "1", release };
}

export function describeScope(s: MetricScope): ScopeDescription {
  return {
    approvedOnly: s.approvedOnly,
    rule: s.approvedOnly ? GT_APPROVED_RULE : GT_SOURCE_RULE,
    release: s.release,
    splitRule: s.release
      ? `Splits as frozen in release “${s.release.name}” v${s.release.version} (${s.release.episodeCount} episodes); episodes outside it are left out. The ground truth is still today's, not the release's snapshot.`
      : SPLIT_RULE,
  };
}

/** A CTE body yielding (episode_id, environment_id, task_id, split) for the episodes in scope. */
export function scopeSplitsSql(s: MetricScope): Prisma.Sql {
  const splits = s.release
    ? Prisma.sql`SELECT re.episode_id, e.environment_id, e.task_id, re.split_tag::text AS split
        FROM release_episodes re JOIN episodes e ON e.id = re.episode_id WHERE re.release_id = ${s.release.id}`
    : episodeSplitsSql;
  if (!s.approvedOnly) return splits;
  return Prisma.sql`SELECT sc.* FROM (${splits}) sc JOIN episodes ap ON ap.id = sc.episode_id WHERE ap.status = 'APPROVED'`;
}
