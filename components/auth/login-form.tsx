"use client";
import { useState } from "react";
import { api, ApiError } from "@/lib/client/api-client";
import { safeNextPath } from "@/lib/auth/next-path";

export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await api.post("/api/auth/login", { email: form.get("email"), password: form.get("password") });
      // Checked again here: the page's check is one place, the redirect another.
      // A full page load on purpose: the app starts with the new session.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign(safeNextPath(next));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Sign-in failed.");
      setBusy(false);
    }
  }
  return (
    <main className="centered">
      <form className="card narrow" onSubmit={onSubmit} aria-label="Sign in">
        <h1>Critic Studio</h1>
        <p className="muted">Sign in to continue.</p>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
