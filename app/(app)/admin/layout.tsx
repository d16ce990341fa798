import { requirePageAccess } from "@/lib/auth/current-user";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requirePageAccess("/admin");
  return children;
}
