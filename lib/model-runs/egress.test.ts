import { createServer, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ChatError, listModels } from "./chat-client";
import { refusal, urlProblem } from "./egress";

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url?.startsWith("/redirect")) {
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
      return res.end();
    }
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ data: [{ id: "m" }], secret: "internal-only" }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => {
  delete process.env.MODEL_ENDPOINT_ALLOW;
});

const cfg = (baseUrl: string) => ({ baseUrl, apiKey: null, model: "m", timeoutMs: 3000 });
async function refusedWith(baseUrl: string): Promise<string> {
  try {
    await listModels(cfg(baseUrl));
  } catch (e) {
    expect(e).toBeInstanceOf(ChatError);
    expect((e as ChatError).kind).toBe("refused");
    expect((e as ChatError).retryable).toBe(false);
    return (e as ChatError).message;
  }
  throw new Error("not refused");
}

describe("egress policy for model endpoints", () => {
  it("refuses loopback, private, link-local and mapped addresses, and credentials in the URL", () => {
    for (const ip of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd12::1", "::ffff:127.0.0.1"]) {
      expect({ ip, refused: refusal(ip, ip) !== null }).toEqual({ ip, refused: true });
    }
    for (const ip of ["8.8.8.8", "2606:4700::1111"]) expect(refusal(ip, ip)).toBeNull();
    expect(urlProblem("http://user:pw@gpu-1:8000/v1")).toMatch(/user@host is refused/);
    expect(urlProblem("http://admin@example.com/v1")).toMatch(/user@host is refused/);
    expect(urlProblem("ftp://example.com/")).toMatch(/only http and https/);
    expect(urlProblem("http://[::1]:8000/v1")).toMatch(/loopback/);
  });

  it("refuses at connect time a name that resolves to loopback, and lets an allowed host or range through", async () => {
    expect(await refusedWith(`http://127.0.0.1:${port}/v1`)).toMatch(/refused: 127\.0\.0\.1 is a private, loopback or link-local address/);
    // A DNS name is checked on the address it resolves to when connecting.
    expect(await refusedWith(`http://localhost:${port}/v1`)).toMatch(/refused: localhost is at (127\.0\.0\.1|::1)/);
    process.env.MODEL_ENDPOINT_ALLOW = "127.0.0.0/8, ::1";
    expect(await listModels(cfg(`http://127.0.0.1:${port}/v1`))).toEqual(["m"]);
    process.env.MODEL_ENDPOINT_ALLOW = "localhost";
    expect(await listModels(cfg(`http://localhost:${port}/v1`))).toEqual(["m"]);
  });

  it("does not follow a redirect, e.g. to the cloud metadata address", async () => {
    process.env.MODEL_ENDPOINT_ALLOW = "127.0.0.1";
    expect(await refusedWith(`http://127.0.0.1:${port}/redirect`)).toMatch(/answered a redirect \(HTTP 302\), which is not followed/);
  });
});
