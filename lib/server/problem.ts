// RFC 9457 problem+json responses: the one error shape of the HTTP API.
import { STATUS, type AppError, type InvalidParam } from "@/lib/server/errors";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  requestId: string;
  invalid_params?: InvalidParam[];
  [k: string]: unknown;
}

export function problemResponse(p: Problem, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers },
  });
}

export function problemFromAppError(err: AppError, requestId: string): Response {
  const { status, title } = STATUS[err.kind];
  // Extensions first: they can add fields but never replace the standard ones (status above all).
  return problemResponse({
    ...err.extra,
    type: `https://critic-studio.dev/problems/${err.kind.replace(/_/g, "-")}`,
    title,
    status,
    detail: err.message,
    requestId,
    ...(err.invalidParams.length ? { invalid_params: err.invalidParams } : {}),
  }, typeof err.extra.retryAfterSec === "number" ? { "retry-after": String(Math.ceil(err.extra.retryAfterSec)) } : {});
}

export function internalProblem(requestId: string): Response {
  return problemResponse({ type: "about:blank", title: "Internal Server Error", status: 500, requestId });
}
