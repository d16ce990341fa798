// Roles and what they may do. Pure: used by the server checks and by the UI to hide links.
export const ROLES = ["ANNOTATOR", "RESEARCHER", "LEAD", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

/** Roles are ranked: each role may do everything the roles below it may do. */
const RANK: Record<Role, number> = { ANNOTATOR: 1, RESEARCHER: 2, LEAD: 3, ADMIN: 4 };

export function hasRole(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}

export const ROLE_LABEL: Record<Role, string> = {
  ANNOTATOR: "Annotator",
  RESEARCHER: "Researcher",
  LEAD: "Lead",
  ADMIN: "Admin",
};

/**
 * Minimum role per page, by path prefix (longest prefix wins). The app's layouts call
 * `requirePageRole` with their path, which reads this table: one place decides page access.
 */
export const PAGE_ACCESS: ReadonlyArray<{ prefix: string; role: Role }> = [
  { prefix: "/episodes", role: "ANNOTATOR" },
  { prefix: "/imports", role: "RESEARCHER" },
  { prefix: "/jobs", role: "RESEARCHER" },
  { prefix: "/agreement", role: "RESEARCHER" },
  { prefix: "/predictions", role: "RESEARCHER" },
  { prefix: "/review", role: "RESEARCHER" },
  { prefix: "/compare", role: "RESEARCHER" },
  { prefix: "/leaderboard", role: "RESEARCHER" },
  { prefix: "/releases", role: "RESEARCHER" },
  { prefix: "/settings", role: "LEAD" },
  { prefix: "/queue", role: "LEAD" },
  { prefix: "/audit", role: "LEAD" },
  { prefix: "/admin", role: "ADMIN" },
  { prefix: "/", role: "ANNOTATOR" },
];

export function requiredRoleForPath(pathname: string): Role {
  let best: { prefix: string; role: Role } | undefined;
  for (const entry of PAGE_ACCESS) {
    const matches = pathname === entry.prefix || pathname.startsWith(entry.prefix.endsWith("/") ? entry.prefix : `${entry.prefix}/`);
    if (matches && (!best || entry.prefix.length > best.prefix.length)) best = entry;
  }
  return best?.role ?? "ADMIN";
}
