import { notFound } from "next/navigation";
import { Workspace } from "@/components/workspace/workspace";
import { requirePageAccess } from "@/lib/auth/current-user";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Episode #${(await params).id}` };
}

export default async function EpisodePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ annotation?: string; queue?: string }> }) {
  const [{ id }, sp, user] = await Promise.all([params, searchParams, requirePageAccess("/episodes")]);
  const episodeId = Number(id);
  if (!Number.isInteger(episodeId) || episodeId <= 0) notFound();
  const annotation = sp.annotation ? Number(sp.annotation) : undefined;
  return <Workspace key={`${episodeId}-${annotation ?? ""}`} episodeId={episodeId} user={user} annotationParam={Number.isInteger(annotation) ? annotation : undefined} queueParam={typeof sp.queue === "string" ? sp.queue : undefined} />;
}
