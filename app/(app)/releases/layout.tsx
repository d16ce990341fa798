import { requirePageAccess } from "@/lib/auth/current-user";

export default async function Layout({ children }: { children: React.ReactNode }) {
  await requirePageAccess("/releases");
  return children;
}
