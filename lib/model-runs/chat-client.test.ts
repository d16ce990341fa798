import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { defaultAnswerFor, primoShapedAnswer, startChatServer, type ChatServer, type ChatServerOptions } from "../../tests/fixtures/chat-server";
import { ChatError, RateLimiter, chatCompletion, endpointUrl, listModels, parseRetryAfter, withRetries, type EndpointConfig, type RetryPolicy } from "./chat-client";
import { PRIMO_SYSTEM_PROMPT, buildChatRequest, type ChatImage } from "@/lib/primo/prompt";
import { PROGRESS_QUESTIONS } from "@/lib/primo/questions";

// The test server listens on loopback, which the egress policy refuses unless allowed
// (lib/model-runs/egress.ts; its own tests are in egress.test.ts).
beforeAll(() => {
  process.env.MODEL_ENDPOINT_ALLOW = "127.0.0.1";
});
afterAll(() => {
  delete process.env.MODEL_ENDPOINT_ALLOW;
});

const servers: ChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function server(opts: ChatServerOptions = {}) {
  const s = await startChatServer(opts);
  servers.push(s);
  return s;
}

const KEY = "sk-test-SECRET-0123456789abcdef";
const cfg = (url: string, over: Partial<EndpointConfig> = {}): EndpointConfig => ({ baseUrl: url, apiKey: null, model: "test-model", timeoutMs: 5_000, ...over });
const img = (tag: string): ChatImage => ({ mime: "image/jpeg", base64: Buffer.from(tag).toString("base64") });
const body = (mode: "frames" | "video" = "frames") =>
  buildChatRequest({
    model: "test-model",
    instruction: "Fold the towel.",
    question: PROGRESS_QUESTIONS[0],
    initImage: img("init"),
    sampledFrames: Array.from({ length: 6 }, (_, i) => img(`f${i}`)),
    currentImage: img("cur"),
    videoMode: mode,
    video: { mime: "video/mp4", base64: Buffer.from("mp4").toString("base64") },
    maxTokens: 256,
    temperature: 0.1,
  });
const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 2_000 };
const noSleep = () => {
  const calls: number[] = [];
  return { calls, sleep: async (ms: number) => void calls.push(ms) };
};
async function caught(p: Promise<unknown>): Promise<ChatError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ChatError);
    return e as ChatError;
  }
  throw new Error("expected a rejection");
}

describe("endpointUrl", () => {
  it("tolerates trailing slashes", () => {
    expect(endpointUrl("http://h:8000/v1", "chat/completions")).toBe("http://h:8000/v1/chat/completions");
    expect(endpointUrl("http://h:8000/v1/", "chat/completions")).toBe("http://h:8000/v1/chat/completions");
    expect(endpointUrl("http://h:8000/v1//", "/models")).toBe("http://h:8000/v1/models");
  });
});

describe("chatCompletion against the test server", () => {
  it('"frames": the request arrives in PRIMO order and the answer comes back', async () => {
    const s = await server();
    const r = await chatCompletion(cfg(s.url + "/"), body("frames"));
    expect(s.requests).toHaveLength(1);
    const req = s.requests[0];
    expect(req.path).toBe("/v1/chat/completions");
    expect(req.model).toBe("test-model");
    expect(req.roles).toEqual(["system", "user"]);
    expect(req.systemText).toBe(PRIMO_SYSTEM_PROMPT);
    expect(req.partTypes).toEqual([...Array(8).fill("image_url"), "text"]);
    expect(req.imageCount).toBe(8);
    expect(req.hasVideo).toBe(false);
    expect(req.authorization).toBeNull();
    expect(req.userText).toContain("Task info:Fold the towel.");
    expect(r.text).toBe(primoShapedAnswer(defaultAnswerFor(req)));
    expect(r.text).toMatch(/<answer>8<\/answer>$/);
    expect(r.finishReason).toBe("stop");
    expect(r.usage).toMatchObject({ prompt_tokens: 0 });
  });

  it('"video": init image, one video_url part, current image, text', async () => {
    const s = await server();
    const r = await chatCompletion(cfg(s.url), body("video"));
    expect(s.requests[0].partTypes).toEqual(["image_url", "video_url", "image_url", "text"]);
    expect(s.requests[0].hasVideo).toBe(true);
    expect(r.text).toMatch(/<answer>52<\/answer>$/);
  });

  it("sends the API key as a Bearer token", async () => {
    const s = await server({ requireKey: KEY });
    await chatCompletion(cfg(s.url, { apiKey: KEY }), body());
    expect(s.requests[0].authorization).toBe(`Bearer ${KEY}`);
  });

  it("a wrong key is a non-retryable 401 whose message never contains the key", async () => {
    const s = await server({ requireKey: "the-right-key" });
    const e = await caught(chatCompletion(cfg(s.url, { apiKey: KEY }), body()));
    expect(e.status).toBe(401);
    expect(e.retryable).toBe(false);
    expect(e.message).toContain("Invalid API key (test server).");
    expect(e.message).not.toContain(KEY);
  });

  it("redacts the key even when the server echoes it", async () => {
    const s = await server({ respond: (req) => ({ status: 400, body: { error: { message: `bad request from ${req.authorization}; key prefix ${KEY.slice(0, 14)}` } } }) });
    const e = await caught(chatCompletion(cfg(s.url, { apiKey: KEY }), body()));
    expect(e.message).not.toContain(KEY);
    expect(e.message).not.toContain(KEY.slice(0, 12));
    expect(e.message).toContain("[redacted]");
    expect(JSON.stringify({ ...e, message: e.message, stack: e.stack })).not.toContain(KEY);
  });

  it("400 is not retried and the error carries the server's message", async () => {
    const s = await server({ respond: () => ({ status: 400, body: { error: { message: "max_tokens is too large: 99999 > 4096", type: "BadRequestError" } } }) });
    const { calls, sleep } = noSleep();
    let attempts = 0;
    const e = await caught(withRetries((a) => ((attempts = a), chatCompletion(cfg(s.url), body())), policy, { sleep }));
    expect(attempts).toBe(1);
    expect(calls).toEqual([]);
    expect(s.requests).toHaveLength(1);
    expect(e.status).toBe(400);
    expect(e.retryable).toBe(false);
    expect(e.message).toBe("POST chat/completions failed: HTTP 400: max_tokens is too large: 99999 > 4096");
  });

  it("truncates a long server error to 500 characters", async () => {
    const s = await server({ respond: () => ({ status: 422, body: { detail: "x".repeat(5_000) } }) });
    const e = await caught(chatCompletion(cfg(s.url), body()));
    expect(e.message.length).toBeLessThan(600);
    expect(e.message).toContain("x".repeat(500) + "…");
    expect(e.message).not.toContain("x".repeat(501));
  });

  it("a non-JSON error body is used as text", async () => {
    const s = await server({ respond: () => ({ status: 502, body: "upstream exploded" }) });
    const e = await caught(chatCompletion(cfg(s.url), body()));
    expect(e.status).toBe(502);
    expect(e.retryable).toBe(true);
    expect(e.message).toContain("HTTP 502: upstream exploded");
  });

  it("a 200 without choices is a non-retryable bad response", async () => {
    const s = await server({ respond: () => ({ status: 200, body: { object: "chat.completion", choices: [] } }) });
    const e = await caught(chatCompletion(cfg(s.url), body()));
    expect(e.kind).toBe("bad-response");
    expect(e.retryable).toBe(false);
  });

  it("2 × 503 then success → succeeds on the 3rd attempt", async () => {
    const s = await server({ failFirst: 2 });
    const { calls, sleep } = noSleep();
    const retries: Array<[number | null, number]> = [];
    let attempts = 0;
    const r = await withRetries((a) => ((attempts = a), chatCompletion(cfg(s.url), body())), policy, {
      sleep,
      random: () => 0.5,
      onRetry: (err, attempt) => retries.push([err.status, attempt]),
    });
    expect(attempts).toBe(3);
    expect(s.requests).toHaveLength(3);
    expect(retries).toEqual([
      [503, 1],
      [503, 2],
    ]);
    expect(calls).toEqual([50, 100]); // full jitter: 0.5 * 100, 0.5 * 200
    expect(r.text).toMatch(/<answer>8<\/answer>$/);
  });

  it("429 with Retry-After: 0 is retried after exactly 0 ms", async () => {
    const s = await server({ rateLimitFirst: 1 });
    const { calls, sleep } = noSleep();
    const r = await withRetries(() => chatCompletion(cfg(s.url), body()), policy, { sleep, random: () => 0.99 });
    expect(calls).toEqual([0]);
    expect(s.requests).toHaveLength(2);
    expect(r.text).toContain("<answer>");
  });

  it("429 with Retry-After: 7 waits 7000 ms (above maxDelayMs)", async () => {
    let n = 0;
    const s = await server({ respond: () => (n++ === 0 ? { status: 429, body: { error: { message: "slow down" } }, headers: { "retry-after": "7" } } : primoShapedAnswer(33)) });
    const { calls, sleep } = noSleep();
    const seen: ChatError[] = [];
    const r = await withRetries(() => chatCompletion(cfg(s.url), body()), policy, { sleep, onRetry: (err) => seen.push(err) });
    expect(seen[0].status).toBe(429);
    expect(seen[0].retryAfterMs).toBe(7_000);
    expect(calls).toEqual([7_000]);
    expect(r.text).toMatch(/<answer>33<\/answer>$/);
  });

  it("timeout → retryable ChatError", async () => {
    const s = await server({ delayMs: 1_000 });
    const t0 = Date.now();
    const e = await caught(chatCompletion(cfg(s.url, { timeoutMs: 50 }), body()));
    expect(Date.now() - t0).toBeLessThan(900);
    expect(e.kind).toBe("timeout");
    expect(e.retryable).toBe(true);
    expect(e.status).toBeNull();
    expect(e.message).toContain("timed out after 50 ms");
  });

  it("network error → retryable ChatError with status null", async () => {
    const s = await startChatServer();
    const url = s.url;
    await s.close();
    const e = await caught(chatCompletion(cfg(url, { apiKey: KEY }), body()));
    expect(e.kind).toBe("network");
    expect(e.retryable).toBe(true);
    expect(e.status).toBeNull();
    expect(e.message).not.toContain(KEY);
  });

  it("an aborted caller signal is not retryable", async () => {
    const s = await server({ delayMs: 1_000 });
    const ac = new AbortController();
    const p = chatCompletion(cfg(s.url), body(), { signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    const e = await caught(p);
    expect(e.kind).toBe("aborted");
    expect(e.retryable).toBe(false);
  });

  it("uses an injected fetch", async () => {
    const seen: string[] = [];
    const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
      seen.push(`${init?.method} ${String(url)} ${new Headers(init?.headers).get("authorization")}`);
      return new Response(JSON.stringify({ choices: [{ message: { content: [{ type: "text", text: "<answer>" }, { type: "text", text: "12</answer>" }] }, finish_reason: "length" }] }), { status: 200 });
    }) as typeof fetch;
    const r = await chatCompletion(cfg("http://model.invalid/v1/", { apiKey: "k" }), { model: "m" }, { fetch: fakeFetch });
    expect(seen).toEqual(["POST http://model.invalid/v1/chat/completions Bearer k"]);
    expect(r).toEqual({ text: "<answer>12</answer>", finishReason: "length", usage: null });
  });
});

describe("listModels", () => {
  it("returns the served model ids", async () => {
    const s = await server({ models: ["primo-r1", "qwen2.5-vl-7b"], requireKey: KEY });
    expect(await listModels(cfg(s.url, { apiKey: KEY }))).toEqual(["primo-r1", "qwen2.5-vl-7b"]);
    expect(s.requests[0]).toMatchObject({ method: "GET", path: "/v1/models", authorization: `Bearer ${KEY}` });
  });

  it("reports an auth failure without the key", async () => {
    const s = await server({ requireKey: "other" });
    const e = await caught(listModels(cfg(s.url, { apiKey: KEY })));
    expect(e.status).toBe(401);
    expect(e.message).not.toContain(KEY);
  });
});

describe("withRetries", () => {
  const retryable = (status = 503) => new ChatError(`HTTP ${status}`, { status, retryable: true, kind: "http" });

  it("gives up after maxAttempts and throws the last error", async () => {
    const { calls, sleep } = noSleep();
    let n = 0;
    const e = await caught(
      withRetries(
        async () => {
          n++;
          throw retryable();
        },
        { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250 },
        { sleep, random: () => 1 },
      ),
    );
    expect(n).toBe(4);
    expect(e.status).toBe(503);
    expect(calls).toEqual([100, 200, 250]); // exponential, capped at maxDelayMs
  });

  it("rethrows non-ChatError errors immediately", async () => {
    let n = 0;
    await expect(
      withRetries(async () => {
        n++;
        throw new TypeError("bug");
      }, policy),
    ).rejects.toThrow("bug");
    expect(n).toBe(1);
  });

  it("full jitter stays within [0, cap)", async () => {
    const { calls, sleep } = noSleep();
    let n = 0;
    await withRetries(
      async () => {
        if (++n < 6) throw retryable(429);
        return "ok";
      },
      { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1_000 },
      { sleep },
    );
    const caps = [100, 200, 400, 800, 1_000];
    calls.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(caps[i]);
    });
  });

  it("gives up on an absurd Retry-After", async () => {
    const { calls, sleep } = noSleep();
    const err = new ChatError("HTTP 429", { status: 429, retryable: true, retryAfterMs: 3_600_000, kind: "http" });
    await expect(withRetries(async () => Promise.reject(err), policy, { sleep })).rejects.toBe(err);
    expect(calls).toEqual([]);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("0")).toBe(0);
    expect(parseRetryAfter("7")).toBe(7_000);
    expect(parseRetryAfter("1.5")).toBe(1_500);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", () => Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(30_000);
    expect(parseRetryAfter("soon")).toBeNull();
  });
});

describe("RateLimiter", () => {
  const tick = () => new Promise<void>((r) => setImmediate(r));

  it("never exceeds concurrency nor requestsPerMinute in any 60 s window (fake clock)", async () => {
    let clock = 0;
    const sleeps: number[] = [];
    const rl = new RateLimiter({
      requestsPerMinute: 5,
      concurrency: 2,
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    });
    let inFlight = 0;
    let maxInFlight = 0;
    const starts: number[] = [];
    const job = async (i: number) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      starts.push(clock);
      for (let k = 0; k < 3; k++) await tick();
      clock += 1_000; // each call "takes" a second
      inFlight--;
      return i;
    };
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => rl.run(() => job(i))));
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(maxInFlight).toBe(2);
    expect(starts).toHaveLength(12);
    for (let i = 1; i < starts.length; i++) expect(starts[i]).toBeGreaterThanOrEqual(starts[i - 1]);
    for (const t of starts) expect(starts.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(5);
    expect(starts[10]).toBeGreaterThanOrEqual(120_000); // 11th start needs a third window
    expect(sleeps.length).toBeGreaterThan(0);
    expect(rl.inFlight).toBe(0);
    expect(rl.pending).toBe(0);
  });

  it("limits concurrency with no rate limit, and frees a slot when a call fails", async () => {
    const rl = new RateLimiter({ requestsPerMinute: Infinity, concurrency: 3, sleep: async () => expect.fail("should not sleep") });
    let inFlight = 0;
    let maxInFlight = 0;
    const runs = Array.from({ length: 10 }, (_, i) =>
      rl.run(async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await tick();
        inFlight--;
        if (i === 4) throw new Error("boom");
        return i;
      }),
    );
    const settled = await Promise.allSettled(runs);
    expect(maxInFlight).toBe(3);
    expect(settled.filter((r) => r.status === "rejected")).toHaveLength(1);
    expect(settled[4]).toMatchObject({ status: "rejected", reason: new Error("boom") });
  });

  it("a synchronous throw rejects and frees the slot", async () => {
    const rl = new RateLimiter({ requestsPerMinute: 60, concurrency: 1 });
    await expect(
      rl.run(() => {
        throw new Error("sync");
      }),
    ).rejects.toThrow("sync");
    await expect(rl.run(async () => "next")).resolves.toBe("next");
  });

  it("rejects bad options", () => {
    expect(() => new RateLimiter({ requestsPerMinute: 0, concurrency: 1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ requestsPerMinute: 10, concurrency: 0 })).toThrow(RangeError);
  });

  it("works with the chat client end to end", async () => {
    const s = await server();
    const rl = new RateLimiter({ requestsPerMinute: 1_000, concurrency: 2 });
    const out = await Promise.all(Array.from({ length: 5 }, () => rl.run(() => withRetries(() => chatCompletion(cfg(s.url), body()), policy))));
    expect(out.every((r) => r.text.endsWith("<answer>8</answer>"))).toBe(true);
    expect(s.requests).toHaveLength(5);
  });
});
