// Which origins may send cookie-authenticated writes (CSRF defence on top of SameSite=Lax).
// A browser's Origin must name the host it sent the request to (its Host header), or APP_URL,
// or one of ALLOWED_ORIGINS. So the app works from any address a team opens it by (its IP, a
// LAN name) while a page on another origin, another port included, is refused.
import { env } from "@/lib/env";

function hostOf(origin: string): { host: string; origin: string } | null {
  try {
    const u = new URL(origin);
    return { host: u.host.toLowerCase(), origin: u.origin };
  } catch {
    return null;
  }
}

export function originAllowed(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return true; // Not sent by browsers' form-less same-origin fetches in some cases, nor by non-browser clients.
  const o = hostOf(origin);
  if (!o) return false;
  const host = (env.TRUST_PROXY ? req.headers.get("x-forwarded-host") : null) ?? req.headers.get("host");
  if (host && o.host === host.split(",")[0]!.trim().toLowerCase()) return true;
  const allowed = [env.APP_URL, ...env.ALLOWED_ORIGINS.split(",")].map((x) => x.trim()).filter(Boolean).map((x) => hostOf(x)?.origin);
  return allowed.includes(o.origin);
}
