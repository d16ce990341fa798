import { requirePageAccess } from "@/lib/auth/current-user";

export default async function QueueLayout({ children }: { children: React.ReactNode }) {
  await requirePageAccess("/queue");
  return children;
}
