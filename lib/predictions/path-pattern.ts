// The path pattern of a PRIMO prediction import: a regular expression with named groups
// (?<episode>…), (?<frame>…) or (?<time>…), (?<source>…), matched against a record's path.
// Compiled with RE2 semantics (re2js, a pure-JS port of RE2): matching takes time linear in the
// path's length whatever the pattern, so a pattern such as ^(?<episode>(a+)+)$ cannot stall the
// server. RE2 has no backreferences or lookaround; such a pattern is refused with RE2's reason.
// Pure: the import form checks a pattern with the same function the server uses.
import { RE2JS } from "re2js";

export interface PathPattern {
  source: string;
  hasFrame: boolean;
  hasTime: boolean;
  hasSource: boolean;
  /** Named groups of the first match anywhere in `path`, or null. */
  exec(path: string): Record<string, string | undefined> | null;
}

/** Longest pattern accepted (characters). */
export const MAX_PATH_PATTERN = 500;

/** Compiles and checks the user's path pattern; a reason when it is unusable. */
export function compilePathPattern(source: string): { ok: true; pattern: PathPattern } | { ok: false; reason: string } {
  if (source.length > MAX_PATH_PATTERN) return { ok: false, reason: `the path pattern is longer than ${MAX_PATH_PATTERN} characters` };
  // RE2 has neither; its own message for them ("invalid named capture") would not say why.
  const unsupported = /\(\?<?[=!]/.test(source) ? "lookaround ((?=…), (?!…), (?<=…), (?<!…))" : /\\[1-9]|\\k</.test(source) ? "backreferences" : null;
  if (unsupported) {
    return {
      ok: false,
      reason: `the path pattern is not a valid regular expression (${unsupported} cannot be used: patterns run in RE2 syntax, which matches in time linear in the path)`,
    };
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (err) {
    const message = err instanceof Error ? err.message.replace(/^error parsing regexp: /, "") : String(err);
    return { ok: false, reason: `the path pattern is not a valid regular expression (${message})` };
  }
  const names = new Set(Object.keys(re.namedGroups()));
  if (!names.has("episode")) {
    return { ok: false, reason: `the path pattern ${JSON.stringify(source)} has no (?<episode>…) group; add one, e.g. "episode_(?<episode>\\d+)"` };
  }
  if (names.has("frame") && names.has("time")) {
    return { ok: false, reason: `the path pattern ${JSON.stringify(source)} has both a (?<frame>…) and a (?<time>…) group; use one` };
  }
  const exec = (path: string) => {
    const m = re.matcher(path);
    if (!m.find()) return null;
    const groups: Record<string, string | undefined> = {};
    for (const n of names) groups[n] = m.group(n) ?? undefined;
    return groups;
  };
  return { ok: true, pattern: { source, exec, hasFrame: names.has("frame"), hasTime: names.has("time"), hasSource: names.has("source") } };
}
