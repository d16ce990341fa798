// Shared zod fragments for route schemas (pure: forms import them too).
//
// - Integers are PostgreSQL int4 (every id, frame and count column is), so 2^31 and beyond is a
//   400, not an overflow inside the database.
// - Integers in a path or a query string are canonical decimals only: "0x1", "+1", " 1", "1e0",
//   "01" and "1.0" are refused instead of resolving to 1.
// - Text never holds NUL or an unpaired UTF-16 surrogate (PostgreSQL refuses both), checked for
//   every request in lib/server/api.ts (badTextPath), and is bounded by the schema that takes it.
import { z } from "zod";

export const INT4_MIN = -2147483648;
export const INT4_MAX = 2147483647;

/** An int4 in a JSON body; chain .min/.max/.positive as usual. */
export const zInt = () => z.number().int().min(INT4_MIN).max(INT4_MAX);

const CANONICAL_INT = /^(0|-?[1-9][0-9]{0,9})$/;

/**
 * An int4 written in a path or a query string, canonical decimal only, checked by `inner`
 * (e.g. `zQueryInt(z.number().min(1).max(200)).default(50)`).
 */
export const zQueryInt = (inner: z.ZodNumber = z.number()) =>
  z.preprocess(
    (v) => (typeof v === "string" && CANONICAL_INT.test(v) ? Number(v) : v),
    inner.int("Expected a whole number written in decimal digits").min(INT4_MIN).max(INT4_MAX),
  );

/** A positive int4 id in a path or a query string. */
export const zIdParam = () => zQueryInt(z.number().positive());

export const ZIdParamSchema = z.object({ id: zIdParam() });
export type TIdParam = z.infer<typeof ZIdParamSchema>;

export const ZPagingSchema = z.object({
  page: zQueryInt(z.number().min(1).max(100_000)).default(1),
  pageSize: zQueryInt(z.number().min(1).max(200)).default(50),
});

/** First NUL or unpaired surrogate in a string, as a reason, or null. */
export function badTextReason(s: string): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return "contains a NUL character";
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else return "contains an unpaired UTF-16 surrogate";
    } else if (c >= 0xdc00 && c <= 0xdfff) return "contains an unpaired UTF-16 surrogate";
  }
  return null;
}

/** Bounded text without NUL or unpaired surrogates. */
export const zText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => badTextReason(s) === null, { message: "Text must not contain NUL characters or unpaired UTF-16 surrogates" });

/** Deepest nesting accepted in a request body. */
export const MAX_JSON_DEPTH = 32;

/**
 * The first place in a decoded request (params, query or body) where text is unusable or the
 * value nests too deep: `{ path, reason }`, or null. Keys are checked like values.
 */
export function badValuePath(value: unknown, path = "", depth = 0): { path: string; reason: string } | null {
  if (typeof value === "string") {
    const r = badTextReason(value);
    return r ? { path: path || "(root)", reason: r } : null;
  }
  if (value === null || typeof value !== "object") return null;
  if (depth >= MAX_JSON_DEPTH) return { path: path || "(root)", reason: `nests deeper than ${MAX_JSON_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const r = badValuePath(value[i], `${path}[${i}]`, depth + 1);
      if (r) return r;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const where = path ? `${path}.${k}` : k;
    const rk = badTextReason(k);
    if (rk) return { path: where, reason: `key ${rk}` };
    const r = badValuePath(v, where, depth + 1);
    if (r) return r;
  }
  return null;
}
