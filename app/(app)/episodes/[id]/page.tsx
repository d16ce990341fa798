import { EpisodeView } from "@/components/episodes/episode-view";

export default async function EpisodePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EpisodeView id={Number(id)} />;
}
