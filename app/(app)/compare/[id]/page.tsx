import { notFound } from "next/navigation";
import { EpisodeComparison } from "@/components/compare/episode-comparison";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Compare · episode #${(await params).id}` };
}

export default async function ComparePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const episodeId = Number(id);
  if (!Number.isInteger(episodeId) || episodeId <= 0) notFound();
  return <EpisodeComparison key={episodeId} episodeId={episodeId} />;
}
