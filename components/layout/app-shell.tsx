"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { hasRole, ROLE_LABEL, requiredRoleForPath } from "@/lib/auth/roles";
import type { SessionUser } from "@/lib/auth/session";
import { api } from "@/lib/client/api-client";

const NAV = [
  { href: "/episodes", label: "Episodes" },
  { href: "/queue", label: "Review queue" },
  { href: "/agreement", label: "Agreement" },
  { href: "/predictions", label: "Predictions" },
  { href: "/review", label: "Chain review" },
  { href: "/leaderboard", label: "Leaderboard" },
  { href: "/releases", label: "Releases" },
  { href: "/imports", label: "Imports" },
  { href: "/settings", label: "Settings" },
  { href: "/audit", label: "Audit log" },
  { href: "/admin/users", label: "Users" },
];

export function AppShell({ user, children }: { user: SessionUser; children: React.ReactNode }) {
  const pathname = usePathname();
  // Links are shown from the same table the server enforces (lib/auth/roles.ts).
  const links = NAV.filter((n) => hasRole(user.role, requiredRoleForPath(n.href)));
  return (
    <div className="shell">
      <header className="topbar">
        <Link href="/episodes" className="brand">
          Critic Studio
        </Link>
        <nav aria-label="Main">
          {links.map((l) => (
            <Link key={l.href} href={l.href} aria-current={pathname.startsWith(l.href) ? "page" : undefined}>
              {l.label}
            </Link>
          ))}
        </nav>
        <div className="whoami">
          <Link href="/account" data-testid="current-user" title="Your account: change your password">
            {user.name} · <span className="role">{ROLE_LABEL[user.role]}</span>
          </Link>
          <button
            type="button"
            className="link"
            onClick={async () => {
              await api.post("/api/auth/logout");
              // A full page load on purpose: nothing of the signed-out session stays in memory.
              // eslint-disable-next-line @next/next/no-location-assign-relative-destination
              window.location.assign("/login");
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
