// What a new password must be (OWASP ASVS 4.0 V2.1): at least 10 characters that are not all
// blank, not one of the common passwords shipped with @zxcvbn-ts/language-common (49,000
// leaked-password list entries), not the same character or an easy sequence over and over, and
// not the user's own email or name. Passwords are never trimmed or changed (V2.1.3).
import { dictionary } from "@zxcvbn-ts/language-common";
import { MIN_PASSWORD_LENGTH } from "./password";

const COMMON = new Set<string>((dictionary as Record<string, string[]>)["passwords-common"] ?? []);

/** Why `password` is refused, as a sentence for the user, or null. */
export function passwordProblem(password: string, who: { email?: string | null; name?: string | null } = {}): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.trim().length === 0) return "A password cannot be only spaces.";
  if (password.length > 200) return "Use at most 200 characters.";
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || COMMON.has(lower.replace(/[\d!@#$%^&*.?_-]+$/, ""))) return "This password is on a list of common passwords; choose another.";
  if (new Set(lower).size < 4) return "Use more than three different characters.";
  for (const mine of [who.email?.toLowerCase(), who.email?.toLowerCase().split("@")[0], who.name?.toLowerCase().replace(/\s+/g, "")]) {
    if (mine && mine.length >= 4 && lower.replace(/\s+/g, "").includes(mine)) return "A password cannot contain your email or name.";
  }
  return null;
}
