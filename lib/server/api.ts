// The one wrapper for every route handler: authenticate, authorise, parse with zod, run,
// map errors to problem+json. Routes only declare `auth`, `schemas` and a `handler`.
import "server-only";
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { z } from "zod";
import type { Role } from "@/lib/auth/roles";
import { decide } from "@/lib/auth/policy";
import { SESSION_COOKIE, validateSessionToken, type SessionUser } from "@/lib/auth/session";
import { AppError, forbidden, fromPrismaError, tooLarge, unauthenticated, validationError } from "@/lib/server/errors";
import { internalProblem, problemFromAppError } from "@/lib/server/problem";
import { originAllowed } from "@/lib/server/origin";
import { badValuePath } from "@/lib/server/schemas";

type Access = Role | "public";

interface HandlerCtx<A extends Access, P, Q, B> {
  req: NextRequest;
  user: A extends "public" ? SessionUser | null : SessionUser;
  params: P;
  query: Q;
  body: B;
  requestId: string;
}

interface ApiDef<A extends Access, P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  /** Minimum role, or "public" for the few routes that work signed out (sign-in, setup, health). */
  auth: A;
  /**
   * `response` is the JSON the route answers with on success (the wire shape, dates as strings):
   * the OpenAPI document shows it, the client's types are inferred from it (lib/contract), and
   * with CRITIC_CHECK_RESPONSES=1 (every test tier) each answer is checked against it.
   */
  schemas?: { params?: P; query?: Q; body?: B; response?: z.ZodType };
  /** Routes that answer with bytes instead of JSON name the media type here (no `response`). */
  binary?: string;
  /** Largest JSON body accepted, bytes. */
  maxBodyBytes?: number;
  handler: (ctx: HandlerCtx<A, z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<unknown> | unknown;
}

export type RouteHandler = ((req: NextRequest, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>) & {
  auth: Access;
  /** The route's declared schemas: what the OpenAPI document and the hostile tier are built from. */
  schemas: { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType; response?: z.ZodType };
  binary?: string;
  maxBodyBytes: number;
};

/** Test tiers set this: every successful JSON answer is checked against the route's response schema. */
const CHECK_RESPONSES = process.env.CRITIC_CHECK_RESPONSES === "1";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function zodToInvalidParams(err: z.ZodError, prefix = "") {
  return err.issues.map((i) => ({ name: prefix + (i.path.join(".") || "(root)"), reason: i.message }));
}

export async function currentUserFromRequest(req: NextRequest): Promise<SessionUser | null> {
  return validateSessionToken(req.cookies.get(SESSION_COOKIE)?.value);
}

export function withApi<
  A extends Access,
  P extends z.ZodType = z.ZodType<Record<string, never>>,
  Q extends z.ZodType = z.ZodType<Record<string, never>>,
  B extends z.ZodType = z.ZodType<undefined>,
>(def: ApiDef<A, P, Q, B>): RouteHandler {
  const fn = async (req: NextRequest, ctx: { params: Promise<Record<string, string | string[]>> }) => {
    const requestId = req.headers.get("x-request-id")?.slice(0, 100) || randomUUID();
    try {
      // Cookie-authenticated writes must come from our own origin (defence in depth on top of SameSite=Lax).
      if (UNSAFE.has(req.method) && !originAllowed(req)) {
        throw forbidden("Cross-origin request refused: this page's origin is not the app's (set ALLOWED_ORIGINS to add one).");
      }
      const user = await currentUserFromRequest(req);
      if (def.auth !== "public") {
        if (!user) throw unauthenticated();
        const d = decide(user, "route", { required: def.auth });
        if (!d.ok) throw forbidden(d.reason);
      }
      const rawParams = (await ctx.params) ?? {};
      const rawQuery = Object.fromEntries(req.nextUrl.searchParams);
      refuseBadText(rawParams, "path.");
      refuseBadText(rawQuery, "query.");
      const params = parseWith(def.schemas?.params, rawParams, "path.");
      const query = parseWith(def.schemas?.query, rawQuery, "query.");
      let body: unknown = undefined;
      if (def.schemas?.body) {
        const text = await readBodyText(req, def.maxBodyBytes ?? 1_000_000);
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : {};
        } catch {
          throw validationError("The request body is not valid JSON.");
        }
        refuseBadText(json, "");
        body = parseWith(def.schemas.body, json, "");
      }
      const result = await def.handler({ req, user: user as never, params: params as never, query: query as never, body: body as never, requestId });
      if (result instanceof Response) {
        if (CHECK_RESPONSES) await checkResponse(def.schemas?.response, result, req);
        result.headers.set("x-request-id", requestId);
        return result;
      }
      if (CHECK_RESPONSES) checkValue(def.schemas?.response, JSON.parse(JSON.stringify(result ?? null)), req);
      return Response.json(result ?? null, { headers: { "x-request-id": requestId, "cache-control": "no-store" } });
    } catch (err) {
      const appErr = err instanceof AppError ? err : fromPrismaError(err);
      if (appErr) return problemFromAppError(appErr, requestId);
      // Next's own control-flow errors (redirect/notFound) must pass through.
      if ((err as { digest?: string })?.digest?.startsWith("NEXT_")) throw err;
      console.error(`[api] ${req.method} ${req.nextUrl.pathname} requestId=${requestId}`, err);
      return internalProblem(requestId);
    }
  };
  return Object.assign(fn, { auth: def.auth, schemas: def.schemas ?? {}, binary: def.binary, maxBodyBytes: def.maxBodyBytes ?? 1_000_000 });
}

/** Thrown (in test tiers only) when a route answers with something its response schema does not describe. */
export class ResponseContractError extends Error {}

function checkValue(schema: z.ZodType | undefined, value: unknown, req: NextRequest): void {
  if (!schema) return;
  const r = schema.safeParse(value);
  if (!r.success) {
    const where = zodToInvalidParams(r.error).slice(0, 5).map((p) => `${p.name}: ${p.reason}`).join("; ");
    throw new ResponseContractError(`${req.method} ${req.nextUrl.pathname} answered outside its response schema: ${where}`);
  }
}

async function checkResponse(schema: z.ZodType | undefined, res: Response, req: NextRequest): Promise<void> {
  if (!schema || res.status >= 300 || !res.headers.get("content-type")?.includes("application/json")) return;
  checkValue(schema, await res.clone().json(), req);
}

/** NUL, unpaired surrogates or too deep nesting anywhere in a request: one 400 naming the place. */
function refuseBadText(value: unknown, prefix: string): void {
  const bad = badValuePath(value);
  if (bad) throw validationError("Some fields are invalid.", [{ name: prefix + bad.path, reason: `The value ${bad.reason}.` }]);
}

/**
 * The request body as text, refused with 413 as soon as it passes `limit` bytes: a declared
 * Content-Length over the limit is refused before reading, and a streamed body is cut off
 * when it gets there, so nobody can make the server read (or hold) more than the limit.
 */
export async function readBodyText(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  const refuse = () => tooLarge(`The request body is larger than ${limit} bytes.`);
  if (Number.isFinite(declared) && declared > limit) throw refuse();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw refuse();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseWith(schema: z.ZodType | undefined, value: unknown, prefix: string): unknown {
  if (!schema) return value;
  const r = schema.safeParse(value);
  if (!r.success) throw validationError("Some fields are invalid.", zodToInvalidParams(r.error, prefix));
  return r.data;
}

/** JSON response with a status other than 200. */
export function json(data: unknown, status = 200, headers: HeadersInit = {}): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store", ...headers } });
}
