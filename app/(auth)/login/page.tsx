import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { hasAdmin } from "@/lib/users/users";
import { safeNextPath } from "@/lib/auth/next-path";

export const metadata = { title: "Sign in" };

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (!(await hasAdmin())) redirect("/setup");
  const { next } = await searchParams;
  return <LoginForm next={safeNextPath(next)} />;
}
