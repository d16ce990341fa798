import { requirePageAccess } from "@/lib/auth/current-user";

export default async function AuditLayout({ children }: { children: React.ReactNode }) {
  await requirePageAccess("/audit");
  return children;
}
