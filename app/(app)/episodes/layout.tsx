import { requirePageAccess } from "@/lib/auth/current-user";

export default async function EpisodesLayout({ children }: { children: React.ReactNode }) {
  await requirePageAccess("/episodes");
  return children;
}
