import { z } from "zod";
import { zQueryInt } from "@/lib/server/schemas";
import { withApi } from "@/lib/server/api";
import { ZLeaderboardResponse } from "@/lib/contract/leaderboard";
import { getLeaderboard, leaderboardCsv, seenChangeId } from "@/lib/metrics/leaderboard";
import { BENCHMARK_SPLITS } from "@/lib/predictions/benchmark-split";
import { resolveScope, ZMetricScopeQuery } from "@/lib/metrics/scope";

const ZLeaderboardQuerySchema = ZMetricScopeQuery.extend({
  runs: z.string().regex(/^\d+(,\d+)*$/, "Comma-separated run ids.").transform((s) => s.split(",").map(Number)).optional(),
  splits: z.string().transform((s) => s.split(",")).pipe(z.array(z.enum(BENCHMARK_SPLITS))).optional(),
  /** Show figures as they were after this ground-truth change (default: the last one you acknowledged). */
  since: zQueryInt(z.number().min(0)).optional(),
  worst: zQueryInt(z.number().min(1).max(200)).default(10),
  /** Only causal runs, or only runs that saw whole trajectories (default: both, each marked). */
  causality: z.enum(["causal", "full-trajectory"]).optional(),
  /** csv or json downloads the table as a file. */
  format: z.enum(["csv", "json"]).optional(),
});

export const GET = withApi({
  auth: "RESEARCHER",
  schemas: { query: ZLeaderboardQuerySchema, response: ZLeaderboardResponse },
  handler: async ({ query, user }) => {
    const since = query.since ?? (await seenChangeId(user.id));
    const lb = await getLeaderboard({ runIds: query.runs, splits: query.splits, since, worst: query.worst, scope: await resolveScope(query), causality: query.causality });
    const stamp = lb.generatedAt.slice(0, 19).replace(/[:T]/g, "-");
    if (query.format === "csv") {
      return new Response(leaderboardCsv(lb), {
        headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="leaderboard-${stamp}.csv"`, "cache-control": "no-store" },
      });
    }
    if (query.format === "json") {
      return new Response(JSON.stringify(lb, null, 2), {
        headers: { "content-type": "application/json", "content-disposition": `attachment; filename="leaderboard-${stamp}.json"`, "cache-control": "no-store" },
      });
    }
    return lb;
  },
});
