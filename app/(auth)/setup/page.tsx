import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { hasAdmin } from "@/lib/users/users";

export const metadata = { title: "First-run setup" };

export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if (await hasAdmin()) redirect("/login");
  return <SetupForm />;
}
