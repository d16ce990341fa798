import { requirePageAccess } from "@/lib/auth/current-user";

export default async function AgreementLayout({ children }: { children: React.ReactNode }) {
  await requirePageAccess("/agreement");
  return children;
}
