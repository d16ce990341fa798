import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { hasAdmin } from "@/lib/users/users";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (!(await hasAdmin())) redirect("/setup");
  const { next } = await searchParams;
  return <LoginForm next={next && next.startsWith("/") && !next.startsWith("//") ? next : "/episodes"} />;
}
