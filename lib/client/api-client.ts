// The browser's one way to call the API. Errors arrive as problem+json and become ApiError,
// whose message is the server's human-readable detail.
"use client";

export interface ProblemBody {
  title?: string;
  detail?: string;
  status?: number;
  invalid_params?: Array<{ name: string; reason: string }>;
  [k: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemBody,
  ) {
    const params = problem.invalid_params?.map((p) => `${p.name.replace(/^(query|path)\./, "")}: ${p.reason}`).join("; ");
    super([problem.detail ?? problem.title ?? `Request failed (${status})`, params].filter(Boolean).join(" — "));
  }
}

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    const form = body instanceof FormData;
    res = await fetch(url, {
      method,
      headers: body !== undefined && !form ? { "content-type": "application/json" } : {},
      body: form ? body : body !== undefined ? JSON.stringify(body) : undefined,
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, { detail: "Cannot reach the server. Check your connection." });
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as ProblemBody;
    if (res.status === 401 && typeof window !== "undefined" && !url.startsWith("/api/auth/")) {
      // A full page load on purpose: an expired session leaves no cached data behind.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    }
    throw new ApiError(res.status, problem);
  }
  return (await res.json()) as T;
}

export const api = {
  get: <T>(url: string) => request<T>("GET", url),
  post: <T>(url: string, body?: unknown) => request<T>("POST", url, body ?? {}),
  put: <T>(url: string, body: unknown) => request<T>("PUT", url, body),
  patch: <T>(url: string, body: unknown) => request<T>("PATCH", url, body),
  del: <T>(url: string) => request<T>("DELETE", url),
  /** multipart/form-data POST (file uploads). */
  upload: <T>(url: string, form: FormData) => request<T>("POST", url, form),
};

export function toQueryString(params: Record<string, string | number | undefined | null>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : "";
}
