import { notFound } from "next/navigation";
import { Workspace } from "@/components/workspace/workspace";
import { requirePageAccess } from "@/lib/auth/current-user";

export default async function EpisodePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ annotation?: string }> }) {
  const [{ id }, sp, user] = await Promise.all([params, searchParams, requirePageAccess("/episodes")]);
  const episodeId = Number(id);
  if (!Number.isInteger(episodeId) || episodeId <= 0) notFound();
  const annotation = sp.annotation ? Number(sp.annotation) : undefined;
  return <Workspace key={`${episodeId}-${annotation ?? ""}`} episodeId={episodeId} user={user} annotationParam={Number.isInteger(annotation) ? annotation : undefined} />;
}
