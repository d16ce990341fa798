"use client";
import { useState } from "react";
import { ROLES, ROLE_LABEL, type Role } from "@/lib/auth/roles";
import { useCreateUser, useUpdateUser, useUsers } from "./use-users";

export function UsersAdmin() {
  const users = useUsers();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [resetFor, setResetFor] = useState<number | null>(null);

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
                  onChange={(e) => update.mutate({ id: u.id, role: e.target.value as Role })}
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
                <button type="button" onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}>
                  {u.disabled ? "Enable" : "Disable"}
                </button>
                {resetFor === u.id ? (
                  <form
                    onSubmit={(e) => {
                      e.preventDefault();
                      const pw = String(new FormData(e.currentTarget).get("pw"));
                      update.mutate({ id: u.id, password: pw }, { onSuccess: () => setResetFor(null) });
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
