import { requirePageAccess } from "@/lib/auth/current-user";

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  await requirePageAccess("/settings");
  return children;
}
