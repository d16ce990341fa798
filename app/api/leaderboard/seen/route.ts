import { z } from "zod";
import { zInt } from "@/lib/server/schemas";
import { withApi } from "@/lib/server/api";
import { ZLeaderboardSeenResponse } from "@/lib/contract/leaderboard";
import { acknowledgeChanges } from "@/lib/metrics/leaderboard";

/** Marks ground-truth changes up to `changeId` as seen: the leaderboard stops showing their before/after. */
export const POST = withApi({
  auth: "RESEARCHER",
  schemas: { body: z.object({ changeId: zInt().min(0) }), response: ZLeaderboardSeenResponse },
  handler: async ({ body, user }) => {
    await acknowledgeChanges({ userId: user.id, changeId: body.changeId });
    return { changeId: body.changeId };
  },
});
