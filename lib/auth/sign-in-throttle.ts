// Sign-in throttling (OWASP ASVS 4.0 V2.2.1), kept in PostgreSQL so that it holds across every
// app process: after ACCOUNT_LIMIT failed sign-ins for one email, or ADDRESS_LIMIT from one
// address, within WINDOW_MIN minutes, further attempts answer 429 with Retry-After until the
// oldest failure in the window ages out. A success clears the account's failures.
import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { tooMany } from "@/lib/server/errors";

export const ACCOUNT_LIMIT = 5;
export const ADDRESS_LIMIT = 20;
export const WINDOW_MIN = 15;

/**
 * The client's address. Behind a reverse proxy that sets X-Forwarded-For (TRUST_PROXY=true), its
 * first entry; otherwise the entry Next.js itself sets from the socket when the client sent none.
 * Without a trusted proxy a client can name its own address, so the per-address limit is only as
 * strong as the proxy; the per-account limit does not depend on it.
 */
export function clientAddress(req: Request): string {
  const xff = req.headers.get("x-forwarded-for") ?? "";
  const parts = xff.split(",").map((p) => p.trim()).filter(Boolean);
  const chosen = env.TRUST_PROXY ? parts[0] : parts[parts.length - 1];
  return (chosen ?? "unknown").slice(0, 100);
}

async function retryAfter(where: { email?: string; address?: string }, limit: number): Promise<number | null> {
  const since = new Date(Date.now() - WINDOW_MIN * 60_000);
  const rows = await db.signInFailure.findMany({ where: { ...where, at: { gt: since } }, orderBy: { at: "desc" }, take: limit, select: { at: true } });
  if (rows.length < limit) return null;
  // Free again when the limit-th newest failure leaves the window.
  return Math.max(1, (rows[limit - 1]!.at.getTime() + WINDOW_MIN * 60_000 - Date.now()) / 1000);
}

/** Refuses (429) a sign-in for an account or an address over its limit. */
export async function assertSignInAllowed(email: string, address: string): Promise<void> {
  const account = await retryAfter({ email }, ACCOUNT_LIMIT);
  if (account !== null) throw tooMany(`Too many failed sign-ins for this account. Try again in ${Math.ceil(account / 60)} minute${account > 60 ? "s" : ""}.`, account);
  const from = await retryAfter({ address }, ADDRESS_LIMIT);
  if (from !== null) throw tooMany(`Too many failed sign-ins from your address. Try again in ${Math.ceil(from / 60)} minute${from > 60 ? "s" : ""}.`, from);
}

export async function recordSignInFailure(email: string, address: string): Promise<void> {
  await db.signInFailure.create({ data: { email, address } });
  await db.signInFailure.deleteMany({ where: { at: { lt: new Date(Date.now() - 24 * 3600_000) } } });
}

export async function clearSignInFailures(email: string): Promise<void> {
  await db.signInFailure.deleteMany({ where: { email } });
}
