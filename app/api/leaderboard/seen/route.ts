import { z } from "zod";
import { withApi } from "@/lib/server/api";
import { acknowledgeChanges } from "@/lib/metrics/leaderboard";

/** Marks ground-truth changes up to `changeId` as seen: the leaderboard stops showing their before/after. */
export const POST = withApi({
  auth: "RESEARCHER",
  schemas: { body: z.object({ changeId: z.number().int().min(0) }) },
  handler: async ({ body, user }) => {
    await acknowledgeChanges({ userId: user.id, changeId: body.changeId });
    return { changeId: body.changeId };
  },
});
