"use client";
import { useState } from "react";
import { api, ApiError } from "@/lib/client/api-client";

/** Self-service password change (POST /api/auth/password); the server's policy message is shown as it is. */
export function ChangePasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setError(null);
    setDone(false);
    if (f.get("newPassword") !== f.get("repeat")) {
      setError("The two new passwords differ.");
      return;
    }
    setBusy(true);
    try {
      await api.post("/api/auth/password", { currentPassword: f.get("currentPassword"), newPassword: f.get("newPassword") });
      form.reset();
      setDone(true);
    } catch (err) {
      const p = err instanceof ApiError ? err.problem : undefined;
      setError(p?.invalid_params?.map((x) => x.reason).join(" ") || (err instanceof Error ? err.message : "The password was not changed."));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="card narrow" onSubmit={onSubmit} aria-label="Change password">
      <h2>Change password</h2>
      <label>
        Current password
        <input name="currentPassword" type="password" autoComplete="current-password" required />
      </label>
      <label>
        New password
        <input name="newPassword" type="password" autoComplete="new-password" required minLength={10} />
      </label>
      <label>
        New password again
        <input name="repeat" type="password" autoComplete="new-password" required minLength={10} />
      </label>
      <p className="muted small">At least 10 characters, not a common password, not your email or name. Your other sessions are signed out.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {done && (
        <p role="status" className="ok">
          Password changed.
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
