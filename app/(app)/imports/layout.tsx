import { requirePageAccess } from "@/lib/auth/current-user";

export default async function ImportsLayout({ children }: { children: React.ReactNode }) {
  await requirePageAccess("/imports");
  return children;
}
