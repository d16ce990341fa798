import { Suspense } from "react";
import { EpisodeBrowser } from "@/components/episodes/episode-browser";

export default function EpisodesPage() {
  return (
    <Suspense>
      <EpisodeBrowser />
    </Suspense>
  );
}
