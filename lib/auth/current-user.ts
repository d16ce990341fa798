// Server-side identity for pages and layouts.
import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { SESSION_COOKIE, validateSessionToken, type SessionUser } from "@/lib/auth/session";
import { requiredRoleForPath } from "@/lib/auth/roles";
import { can } from "@/lib/auth/policy";

/** One lookup per request, however many components ask. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const store = await cookies();
  return validateSessionToken(store.get(SESSION_COOKIE)?.value);
});

/**
 * The single page-access check: every signed-in page's layout calls this with its path.
 * Not signed in → sign-in page; signed in without the role from PAGE_ACCESS → 403.
 */
export async function requirePageAccess(pathname: string): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(pathname)}`);
  if (!can(user, "route", { required: requiredRoleForPath(pathname) })) forbidden();
  return user;
}

/** The request path as set by proxy.ts (layouts do not receive it otherwise). */
export async function currentPathname(): Promise<string> {
  const h = await headers();
  return h.get("x-pathname") ?? "/";
}
