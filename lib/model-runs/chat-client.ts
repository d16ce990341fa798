/**
 * Minimal OpenAI-compatible chat-completions client (vLLM, OpenAI, proxies).
 * No Prisma: `fetch`, `sleep` and the clock are injectable; the default fetch is the
 * egress-guarded one (lib/model-runs/egress.ts: no private addresses, no redirects).
 *
 * Secrets: the API key is only ever put in the Authorization header. Every
 * error message passes through `redact`, so a server that echoes the key back
 * cannot leak it into logs or the database.
 */
import { EgressRefused, egressFetch } from "./egress";

export interface EndpointConfig {
  /** e.g. "http://host:8000/v1"; a trailing slash is tolerated. */
  baseUrl: string;
  apiKey: string | null;
  model: string;
  timeoutMs: number;
}

export class ChatError extends Error {
  /** HTTP status, or null for network errors, timeouts and aborts. */
  readonly status: number | null;
  /** 429, 5xx, network errors and timeouts are retryable; other 4xx are not. */
  readonly retryable: boolean;
  /** From a Retry-After header, when the server sent one. */
  readonly retryAfterMs: number | null;
  /** "refused": the egress policy (lib/model-runs/egress.ts) would not connect there. */
  readonly kind: "http" | "network" | "timeout" | "aborted" | "bad-response" | "refused";

  constructor(message: string, opts: { status?: number | null; retryable: boolean; retryAfterMs?: number | null; kind: ChatError["kind"]; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "ChatError";
    this.status = opts.status ?? null;
    this.retryable = opts.retryable;
    this.retryAfterMs = opts.retryAfterMs ?? null;
    this.kind = opts.kind;
  }
}

export interface ChatResult {
  text: string;
  finishReason: string | null;
  usage: unknown;
}

interface RequestOpts {
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

const MAX_SERVER_TEXT = 500;

export function endpointUrl(baseUrl: string, path: string): string {
  return `${baseUrl.trim().replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

function redact(text: string, apiKey: string | null): string {
  if (!apiKey) return text;
  let out = text.split(apiKey).join("[redacted]");
  // A server may echo only part of the key; hide any long-enough fragment.
  if (apiKey.length >= 16) {
    for (const frag of [apiKey.slice(0, 12), apiKey.slice(-12)]) out = out.split(frag).join("[redacted]");
  }
  return out;
}

function truncate(text: string, max = MAX_SERVER_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** The error text a server put in its body: OpenAI `{error:{message}}`, vLLM `{message}`/`{detail}`, or the raw text. */
function serverErrorText(raw: string): string {
  const trimmed = raw.trim();
  try {
    const j = JSON.parse(trimmed) as Record<string, unknown>;
    const err = j.error;
    if (typeof err === "string") return err;
    if (err && typeof err === "object" && typeof (err as { message?: unknown }).message === "string") return (err as { message: string }).message;
    if (typeof j.message === "string") return j.message;
    if (typeof j.detail === "string") return j.detail;
  } catch {
    /* not JSON */
  }
  return trimmed;
}

/** Retry-After: delta-seconds (integer or decimal) or an HTTP date. */
export function parseRetryAfter(value: string | null, now: () => number = Date.now): number | null {
  if (value == null) return null;
  const v = value.trim();
  if (v === "") return null;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now());
}

const isRetryableStatus = (status: number) => status === 429 || status === 408 || status >= 500;

async function request(cfg: EndpointConfig, method: "GET" | "POST", path: string, body: object | undefined, opts: RequestOpts | undefined): Promise<unknown> {
  const doFetch = opts?.fetch ?? egressFetch;
  const url = endpointUrl(cfg.baseUrl, path);
  const what = `${method} ${path}`;
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (cfg.apiKey) headers.authorization = `Bearer ${cfg.apiKey}`;

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, cfg.timeoutMs);
  const outer = opts?.signal;
  const onOuterAbort = () => controller.abort();
  if (outer) {
    if (outer.aborted) controller.abort();
    else outer.addEventListener("abort", onOuterAbort, { once: true });
  }

  const fail = (e: unknown): never => {
    if (e instanceof ChatError) throw e;
    const refused = e instanceof EgressRefused ? e : (e as { cause?: unknown })?.cause instanceof EgressRefused ? ((e as { cause: EgressRefused }).cause) : null;
    if (refused) throw new ChatError(`${what} refused: ${refused.message}`, { retryable: false, kind: "refused" });
    if (timedOut) throw new ChatError(`${what} timed out after ${cfg.timeoutMs} ms`, { retryable: true, kind: "timeout" });
    if (outer?.aborted) throw new ChatError(`${what} was cancelled`, { retryable: false, kind: "aborted" });
    const detail = e instanceof Error ? [e.message, (e.cause as { message?: string } | undefined)?.message].filter(Boolean).join(": ") : String(e);
    throw new ChatError(redact(`${what} failed: network error: ${truncate(detail)}`, cfg.apiKey), { retryable: true, kind: "network" });
  };

  try {
    let res: Response;
    try {
      res = await doFetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: controller.signal });
    } catch (e) {
      return fail(e);
    }
    let raw: string;
    try {
      raw = await res.text();
    } catch (e) {
      return fail(e);
    }
    if (!res.ok) {
      const msg = truncate(serverErrorText(raw) || res.statusText || "(empty body)");
      throw new ChatError(redact(`${what} failed: HTTP ${res.status}: ${msg}`, cfg.apiKey), {
        status: res.status,
        retryable: isRetryableStatus(res.status),
        retryAfterMs: parseRetryAfter(res.headers.get("retry-after")),
        kind: "http",
      });
    }
    try {
      return JSON.parse(raw);
    } catch {
      // A 200 with a non-JSON body is usually a proxy cutting the response short.
      throw new ChatError(redact(`${what} returned a non-JSON body: ${truncate(raw)}`, cfg.apiKey), { status: res.status, retryable: true, kind: "bad-response" });
    }
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onOuterAbort);
  }
}

/** Message content as a string; some servers return an array of text parts. */
function contentText(content: unknown): string | null {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((p) => (p && typeof p === "object" && typeof (p as { text?: unknown }).text === "string" ? (p as { text: string }).text : "")).join("");
  }
  return null;
}

/** POST {baseUrl}/chat/completions; one attempt (wrap in withRetries). */
export async function chatCompletion(cfg: EndpointConfig, body: object, opts?: RequestOpts): Promise<ChatResult> {
  const json = (await request(cfg, "POST", "chat/completions", body, opts)) as { choices?: unknown; usage?: unknown } | null;
  const choice = Array.isArray(json?.choices) ? (json.choices[0] as { message?: { content?: unknown }; finish_reason?: unknown } | undefined) : undefined;
  const text = contentText(choice?.message?.content);
  if (text === null) {
    throw new ChatError(redact(`POST chat/completions returned no message content: ${truncate(JSON.stringify(json) ?? "null")}`, cfg.apiKey), { status: 200, retryable: false, kind: "bad-response" });
  }
  return { text, finishReason: typeof choice?.finish_reason === "string" ? choice.finish_reason : null, usage: json?.usage ?? null };
}

/** GET {baseUrl}/models: the model ids the endpoint serves ("test connection"). */
export async function listModels(cfg: EndpointConfig, opts?: RequestOpts): Promise<string[]> {
  const json = (await request(cfg, "GET", "models", undefined, opts)) as { data?: unknown } | null;
  if (!Array.isArray(json?.data)) {
    throw new ChatError(redact(`GET models returned no model list: ${truncate(JSON.stringify(json) ?? "null")}`, cfg.apiKey), { status: 200, retryable: false, kind: "bad-response" });
  }
  return json.data.map((m) => (m && typeof m === "object" ? (m as { id?: unknown }).id : undefined)).filter((id): id is string => typeof id === "string");
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Longest Retry-After we will wait for; beyond this we give up rather than stall a run. */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * Runs `fn(attempt)` (attempt = 1, 2, ...) until it succeeds, a non-retryable
 * error occurs (thrown at once; non-ChatError errors count as non-retryable),
 * or maxAttempts is reached (the last error is thrown).
 * Delay before attempt n+1: the server's Retry-After if it sent one (even if
 * above maxDelayMs; if above MAX_RETRY_AFTER_MS we give up), otherwise full
 * jitter: random() * min(maxDelayMs, baseDelayMs * 2^(n-1)).
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  opts?: { sleep?: (ms: number) => Promise<void>; onRetry?: (err: ChatError, attempt: number, delayMs: number) => void; random?: () => number },
): Promise<T> {
  const sleep = opts?.sleep ?? realSleep;
  const random = opts?.random ?? Math.random;
  const maxAttempts = Math.max(1, Math.floor(policy.maxAttempts));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!(err instanceof ChatError) || !err.retryable || attempt >= maxAttempts) throw err;
      let delayMs: number;
      if (err.retryAfterMs !== null) {
        if (err.retryAfterMs > MAX_RETRY_AFTER_MS) throw err;
        delayMs = err.retryAfterMs;
      } else {
        const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
        delayMs = Math.floor(random() * Math.max(0, cap));
      }
      opts?.onRetry?.(err, attempt, delayMs);
      await sleep(delayMs);
    }
  }
}

const WINDOW_MS = 60_000;

/**
 * At most `concurrency` calls in flight and at most `requestsPerMinute` calls
 * STARTED in any 60 s window (sliding-window log of start times). Calls start
 * in FIFO order. `requestsPerMinute: Infinity` disables the rate limit.
 */
export class RateLimiter {
  private readonly rpm: number;
  private readonly concurrency: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly starts: number[] = [];
  private readonly queue: Array<() => void> = [];
  private active = 0;
  private pumping = false;

  constructor(opts: { requestsPerMinute: number; concurrency: number; now?: () => number; sleep?: (ms: number) => Promise<void> }) {
    if (!(opts.requestsPerMinute > 0)) throw new RangeError(`RateLimiter: requestsPerMinute must be > 0, got ${opts.requestsPerMinute}`);
    if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1) throw new RangeError(`RateLimiter: concurrency must be an integer >= 1, got ${opts.concurrency}`);
    this.rpm = opts.requestsPerMinute === Infinity ? Infinity : Math.floor(opts.requestsPerMinute) || 1;
    this.concurrency = opts.concurrency;
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? realSleep;
  }

  /** Calls waiting for a slot. */
  get pending(): number {
    return this.queue.length;
  }

  /** Calls currently running. */
  get inFlight(): number {
    return this.active;
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        let p: Promise<T>;
        try {
          p = Promise.resolve(fn());
        } catch (e) {
          p = Promise.reject(e);
        }
        p.then(resolve, reject).finally(() => {
          this.active--;
          void this.pump();
        });
      });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && this.active < this.concurrency) {
        if (this.rpm !== Infinity) {
          const now = this.now();
          while (this.starts.length > 0 && this.starts[0] <= now - WINDOW_MS) this.starts.shift();
          if (this.starts.length >= this.rpm) {
            await this.sleep(Math.max(1, this.starts[0] + WINDOW_MS - now));
            continue;
          }
          this.starts.push(now);
        }
        this.active++;
        this.queue.shift()!();
      }
    } finally {
      this.pumping = false;
    }
  }
}
