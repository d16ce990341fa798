import { requirePageAccess } from "@/lib/auth/current-user";
import { AppShell } from "@/components/layout/app-shell";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageAccess("/");
  return <AppShell user={user}>{children}</AppShell>;
}
