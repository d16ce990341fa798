// Where to go after signing in: only a path of this app. Pure (the sign-in form uses it too).
//
// "/\host/x", "/\/host", "//host", "/%09/host" and "https://host" all leave the app in some
// browser (backslashes count as slashes, tabs and newlines are dropped), so the candidate is
// resolved as a browser would resolve it against a placeholder origin and kept only when it
// stays on that origin.
const BASE = "http://app.invalid";

export const DEFAULT_AFTER_SIGN_IN = "/episodes";

export function safeNextPath(next: string | null | undefined, fallback = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof next !== "string" || next.length === 0 || next.length > 2000) return fallback;
  // Browsers drop ASCII tab and newline from URLs and treat "\" as "/": refuse both outright.
  if (!next.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(next) || next.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
