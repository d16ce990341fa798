// Turning zod issues into sentences a person can act on: shared by the readers of user-written
// files (dataset manifests, prediction files) so their messages read the same. Pure module.

/** `"cameras[0].path"`: where in a record a problem is. */
export function fieldName(p: readonly PropertyKey[]): string {
  let out = "";
  for (const part of p) out += typeof part === "number" ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return `"${out}"`;
}

/** The value at a zod issue's path in the record as it was given. */
export function valueAt(root: unknown, p: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const part of p) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return cur;
}

/** A short description of a value, for "(got …)". */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** zod's expected-type names in words. */
export const EXPECTED: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  array: "a list",
  object: "an object",
  record: "an object",
};

/** The allowed field a typo most likely meant: a prefix ("start" → "start_sec") or within edit distance 2. */
export function closest(word: string, candidates: string[]): string | null {
  const lower = word.toLowerCase();
  if (lower.length >= 3) {
    const prefixed = candidates.find((c) => c.startsWith(lower));
    if (prefixed) return prefixed;
  }
  let best: string | null = null;
  let bestDist = 3;
  for (const c of candidates) {
    const d = editDistance(lower, c);
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
