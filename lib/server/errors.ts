// Typed errors thrown by lib code. One table (statusFor) maps them to HTTP statuses;
// lib/server/api.ts turns them into RFC 9457 problem+json.

export interface InvalidParam {
  name: string;
  reason: string;
}

export class AppError extends Error {
  constructor(
    message: string,
    readonly kind: "validation" | "unauthenticated" | "forbidden" | "not_found" | "conflict" | "too_large" | "range" | "unavailable" | "unprocessable" | "too_many",
    readonly invalidParams: InvalidParam[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const validationError = (detail: string, invalidParams: InvalidParam[] = []) =>
  new AppError(detail, "validation", invalidParams);
export const unauthenticated = (detail = "Sign in to continue.") => new AppError(detail, "unauthenticated");
export const forbidden = (detail = "Your role does not allow this.") => new AppError(detail, "forbidden");
export const notFound = (what: string) => new AppError(`${what} was not found.`, "not_found");
export const conflict = (detail: string, extra: Record<string, unknown> = {}) => new AppError(detail, "conflict", [], extra);
export const tooLarge = (detail: string) => new AppError(detail, "too_large");
/** The request was understood but the media it names cannot give what it asks (a frame that will not decode). */
export const unprocessable = (detail: string, extra: Record<string, unknown> = {}) => new AppError(detail, "unprocessable", [], extra);

/** Too many attempts; `retryAfterSec` becomes the Retry-After header. */
export const tooMany = (detail: string, retryAfterSec: number) => new AppError(detail, "too_many", [], { retryAfterSec });

export const STATUS: Record<AppError["kind"], { status: number; title: string }> = {
  validation: { status: 400, title: "Invalid request" },
  unauthenticated: { status: 401, title: "Not signed in" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not found" },
  conflict: { status: 409, title: "Conflict" },
  too_large: { status: 413, title: "Too large" },
  range: { status: 416, title: "Range not satisfiable" },
  unavailable: { status: 503, title: "Unavailable" },
  unprocessable: { status: 422, title: "Media cannot give this" },
  too_many: { status: 429, title: "Too many requests" },
};

/** Maps Prisma's known request errors to app errors; anything else stays unexpected. */
export function fromPrismaError(err: unknown): AppError | null {
  const code = (err as { code?: unknown })?.code;
  if (code === "P2002") return conflict("A record with the same unique value already exists.");
  if (code === "P2025") return new AppError("The record was not found.", "not_found");
  return null;
}
