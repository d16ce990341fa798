// Signed-out visitors of app pages go to the sign-in page with a way back. This only looks at
// whether a session cookie is present; the real check (session valid, role allowed) happens
// on the server in lib/auth/current-user.ts for every page and in lib/server/api.ts for the API.
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth/cookie";

export function proxy(req: NextRequest) {
  if (req.cookies.has(SESSION_COOKIE)) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/login";
  url.search = `?next=${encodeURIComponent(req.nextUrl.pathname + req.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/((?!api/|_next/|login|setup|favicon.ico).+)"],
};
