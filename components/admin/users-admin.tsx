"use client";
import { useState } from "react";
import { ROLES, ROLE_LABEL, type Role } from "@/lib/auth/roles";
import { useCreateUser, useUpdateUser, useUsers } from "./use-users";
import { Modal } from "@/components/runs/ui";

/** A change to one user that waits for the admin to confirm it. */
interface Pending {
  id: number;
  change: { role?: Role; disabled?: boolean; password?: string };
  question: string;
  consequence: string;
  confirm: string;
  done: string;
}

export function UsersAdmin() {
  const users = useUsers();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [resetFor, setResetFor] = useState<number | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const apply = (p: Pending) =>
    update.mutate(
      { id: p.id, ...p.change },
      {
        onSuccess: () => {
          setSaved(p.done);
          setPending(null);
          if (p.change.password) setResetFor(null);
        },
        onError: () => setPending(null),
      },
    );

  return (
    <section>
      <div className="page-head">
        <h1>Users</h1>
      </div>
      <form
        className="card"
        aria-label="Add user"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const f = new FormData(form);
          create.mutate(
            { email: String(f.get("email")), name: String(f.get("name")), role: f.get("role") as Role, password: String(f.get("password")) },
            { onSuccess: () => form.reset() },
          );
        }}
      >
        <h2>Add a user</h2>
        <div className="row">
          <label>
            Name
            <input name="name" required />
          </label>
          <label>
            Email
            <input name="email" type="email" required />
          </label>
          <label>
            Role
            <select name="role" defaultValue="ANNOTATOR">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Initial password
            <input name="password" type="password" minLength={10} required autoComplete="new-password" />
          </label>
        </div>
        {create.error && (
          <p role="alert" className="error">
            {create.error.message}
          </p>
        )}
        <button className="primary" type="submit" disabled={create.isPending}>
          Add user
        </button>
      </form>
      {update.error && (
        <p role="alert" className="error">
          {update.error.message}
        </p>
      )}
      {saved && (
        <p role="status" className="banner" data-testid="admin-saved">
          {saved}{" "}
          <button type="button" className="link" onClick={() => setSaved(null)}>
            OK
          </button>
        </p>
      )}
      {pending && (
        <Modal titleId="confirm-user-change" onClose={() => setPending(null)} testId="confirm-user-change">
          <h2 id="confirm-user-change">{pending.question}</h2>
          <p>{pending.consequence}</p>
          <div className="row">
            <button type="button" className="primary" data-autofocus disabled={update.isPending} onClick={() => apply(pending)}>
              {pending.confirm}
            </button>
            <button type="button" onClick={() => setPending(null)}>
              Cancel
            </button>
          </div>
        </Modal>
      )}
      <table className="grid" aria-label="Users">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Status</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.items.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>
                <select
                  aria-label={`Role of ${u.email}`}
                  value={u.role}
                  onChange={(e) => {
                    const role = e.target.value as Role;
                    setPending({
                      id: u.id,
                      change: { role },
                      question: `Change ${u.name}'s role from ${ROLE_LABEL[u.role]} to ${ROLE_LABEL[role]}?`,
                      consequence: "It applies to their next request; what they may see and do changes at once.",
                      confirm: `Make ${ROLE_LABEL[role]}`,
                      done: `Saved: ${u.name} is now ${ROLE_LABEL[role]}.`,
                    });
                  }}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABEL[r]}
                    </option>
                  ))}
                </select>
              </td>
              <td>{u.disabled ? <span className="pill job-failed">disabled</span> : "active"}</td>
              <td className="actions">
                <button
                  type="button"
                  onClick={() =>
                    setPending(
                      u.disabled
                        ? { id: u.id, change: { disabled: false }, question: `Enable ${u.name}?`, consequence: "They can sign in again with their password.", confirm: "Enable", done: `Saved: ${u.name} is enabled.` }
                        : { id: u.id, change: { disabled: true }, question: `Disable ${u.name}?`, consequence: "They are signed out everywhere and cannot sign in; their work and history stay.", confirm: "Disable", done: `Saved: ${u.name} is disabled.` },
                    )
                  }
                >
                  {u.disabled ? "Enable" : "Disable"}
                </button>
                {resetFor === u.id ? (
                  <form
                    onSubmit={(e) => {
                      e.preventDefault();
                      const pw = String(new FormData(e.currentTarget).get("pw"));
                      setPending({ id: u.id, change: { password: pw }, question: `Set a new password for ${u.name}?`, consequence: "Their other sessions end; tell them the new password.", confirm: "Set password", done: `Saved: ${u.name}'s password is changed.` });
                    }}
                  >
                    <input name="pw" type="password" minLength={10} required aria-label={`New password for ${u.email}`} autoFocus />
                    <button type="submit">Set</button>
                    <button type="button" onClick={() => setResetFor(null)}>
                      Cancel
                    </button>
                  </form>
                ) : (
                  <button type="button" onClick={() => setResetFor(u.id)}>
                    Reset password
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
