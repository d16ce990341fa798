import { Suspense } from "react";
import { EpisodeBrowser } from "@/components/episodes/episode-browser";
import { getCurrentUser } from "@/lib/auth/current-user";
import { hasRole } from "@/lib/auth/roles";

export default async function EpisodesPage() {
  const user = await getCurrentUser();
  return (
    <Suspense>
      {/* Blind double annotation: annotators cannot sort by outcome (lib/episodes/list-episodes.ts). */}
      <EpisodeBrowser canSortByOutcome={!!user && hasRole(user.role, "RESEARCHER")} />
    </Suspense>
  );
}
