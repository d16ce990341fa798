import { requirePageAccess } from "@/lib/auth/current-user";
import { ChangePasswordForm } from "@/components/auth/change-password-form";

export const metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requirePageAccess("/account");
  return (
    <section>
      <div className="page-head">
        <h1>Your account</h1>
      </div>
      <p className="muted">
        {user.name} · {user.email}
      </p>
      <ChangePasswordForm />
    </section>
  );
}
