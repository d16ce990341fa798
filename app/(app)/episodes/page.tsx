import { Suspense } from "react";
import { EpisodeBrowser } from "@/components/episodes/episode-browser";
import { getCurrentUser } from "@/lib/auth/current-user";
import { seesOutcomesBlind } from "@/lib/auth/policy";
import { hasRole } from "@/lib/auth/roles";

export const metadata = { title: "Episodes" };

export default async function EpisodesPage() {
  const user = await getCurrentUser();
  return (
    <Suspense>
      {/* Blind double annotation: annotators cannot sort by outcome (lib/episodes/list-episodes.ts). */}
      <EpisodeBrowser canSortByOutcome={!!user && !seesOutcomesBlind(user)} canAssign={!!user && hasRole(user.role, "LEAD")} />
    </Suspense>
  );
}
