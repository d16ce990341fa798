// Every page request: a fresh CSP nonce (lib/security/headers.ts), given to Next.js through the
// request's Content-Security-Policy header so that it marks its own scripts with it, and sent to
// the browser. Signed-out visitors of app pages go to the sign-in page with a way back; that only
// looks at whether a session cookie is present, the real check (session valid, role allowed)
// happens on the server in lib/auth/current-user.ts for every page and in lib/server/api.ts for
// the API.
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth/cookie";
import { pageCsp } from "@/lib/security/headers";

const PUBLIC_PAGES = ["/login", "/setup"];

export function proxy(req: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageCsp(nonce, process.env.NODE_ENV === "development");
  const { pathname } = req.nextUrl;
  const isPublic = pathname === "/" || PUBLIC_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  let res: NextResponse;
  if (!isPublic && !req.cookies.has(SESSION_COOKIE)) {
    const url = req.nextUrl.clone();
    url.pathname = "/login";
    url.search = `?next=${encodeURIComponent(pathname + req.nextUrl.search)}`;
    res = NextResponse.redirect(url);
  } else {
    const headers = new Headers(req.headers);
    headers.set("x-nonce", nonce);
    headers.set("content-security-policy", csp);
    headers.set("x-pathname", pathname);
    res = NextResponse.next({ request: { headers } });
  }
  res.headers.set("content-security-policy", csp);
  return res;
}

export const config = {
  // Pages only: not the API (its own headers), not static files.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|favicon.svg).*)"],
};
