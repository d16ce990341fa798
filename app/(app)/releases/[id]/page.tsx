import { notFound } from "next/navigation";
import { ReleaseDetail } from "@/components/releases/release-detail";
import { requirePageAccess } from "@/lib/auth/current-user";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Release #${(await params).id}` };
}

export default async function ReleasePage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, user] = await Promise.all([params, requirePageAccess("/releases")]);
  const releaseId = Number(id);
  if (!Number.isInteger(releaseId) || releaseId <= 0) notFound();
  return <ReleaseDetail key={releaseId} releaseId={releaseId} user={user} />;
}
