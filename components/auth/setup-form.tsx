"use client";
import { useState } from "react";
import { api, ApiError } from "@/lib/client/api-client";

export function SetupForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    if (f.get("password") !== f.get("confirm")) {
      setError("The two passwords differ.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post("/api/setup", { email: f.get("email"), name: f.get("name"), password: f.get("password") });
      await api.post("/api/auth/login", { email: f.get("email"), password: f.get("password") });
      // A full page load on purpose: the signed-in state (cookie, cached queries) starts fresh.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign("/admin/users");
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Setup failed.");
      setBusy(false);
    }
  }
  return (
    <main className="centered">
      <form className="card narrow" onSubmit={onSubmit} aria-label="First-run setup">
        <h1>Welcome to Critic Studio</h1>
        <p className="muted">Create the first admin account. You can add the rest of the team afterwards.</p>
        <label>
          Name
          <input name="name" required autoFocus />
        </label>
        <label>
          Email
          <input name="email" type="email" required autoComplete="username" />
        </label>
        <label>
          Password (at least 10 characters)
          <input name="password" type="password" minLength={10} required autoComplete="new-password" />
        </label>
        <label>
          Confirm password
          <input name="confirm" type="password" minLength={10} required autoComplete="new-password" />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Create admin
        </button>
      </form>
    </main>
  );
}
