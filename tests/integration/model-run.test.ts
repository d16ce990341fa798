// Running a model through an OpenAI-compatible endpoint, against PostgreSQL and real frames.
// The endpoint is tests/fixtures/chat-server.ts: a local TEST server that speaks the
// chat-completions protocol and answers deterministically from the request (it is not a model).
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createImportJob, runImportJob } from "@/lib/imports/run-import";
import { runModelJob } from "@/lib/model-runs/run-model";
import { PRIMO_SYSTEM_PROMPT } from "@/lib/primo/prompt";
import { PROGRESS_QUESTIONS } from "@/lib/primo/questions";
import * as fx from "@/tests/fixtures/build-fixtures";
import { startChatServer, type ChatServer } from "@/tests/fixtures/chat-server";
import { POST as createEndpointRoute } from "@/app/api/endpoints/route";
import { POST as testEndpointRoute } from "@/app/api/endpoints/[id]/test/route";
import { GET as listEndpointsRoute } from "@/app/api/endpoints/route";
import { POST as startRunRoute } from "@/app/api/runs/route";
import { stopBoss } from "@/lib/jobs/queue";
import { call, resetDb, signedInCookies } from "./helpers";

let server: ChatServer;
let researcher: string;

beforeAll(async () => {
  // The fake vLLM listens on loopback, which model endpoints may only reach when allowed
  // (lib/model-runs/egress.ts; refused by default, see hostile.test.ts).
  process.env.MODEL_ENDPOINT_ALLOW = "127.0.0.1";
  await resetDb();
  researcher = (await signedInCookies()).RESEARCHER;
  rmSync(path.join(env.mediaDir, "frames"), { recursive: true, force: true });
  const dir = path.join(env.importRoots[0]!, `model-run-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const f = await fx.buildPredictionFixture(dir);
  const job = await createImportJob({ actor: null, path: f.manifestPath });
  expect((await runImportJob(job.id)).ok).toBe(true);
  // The first request gets 429 (Retry-After: 0) and the next one 503: both must be retried.
  server = await startChatServer({ rateLimitFirst: 1, failFirst: 1, requireKey: "sk-test-123" });
});

afterAll(async () => {
  delete process.env.MODEL_ENDPOINT_ALLOW;
  await server?.close();
  await stopBoss();
});

describe("running a model on episodes", () => {
  it("sends PRIMO-shaped requests with the exact frames, retries, and turns the answers into a run", async () => {
    const created = await call(createEndpointRoute as never, {
      method: "POST",
      url: "/api/endpoints",
      cookie: researcher,
      body: { name: "test vLLM", baseUrl: server.url, model: "primo-r1-7b", apiKey: "sk-test-123", concurrency: 1, requestsPerMinute: 600 },
    });
    expect(created.status).toBe(201);
    const endpoint = (await created.json()).endpoint;
    expect(endpoint).toMatchObject({ hasApiKey: true });
    expect(endpoint).not.toHaveProperty("apiKey");
    const listed = await (await call(listEndpointsRoute as never, { url: "/api/endpoints", cookie: researcher })).json();
    expect(JSON.stringify(listed)).not.toContain("sk-test-123");
    const tested = await (await call(testEndpointRoute as never, { method: "POST", url: `/api/endpoints/${endpoint.id}/test`, params: { id: String(endpoint.id) }, cookie: researcher })).json();
    expect(tested.ok).toBe(true);

    const ep = await db.episode.findFirstOrThrow({ where: { sourceKey: "pred-01" } });
    const started = await call(startRunRoute as never, {
      method: "POST",
      url: "/api/runs",
      cookie: researcher,
      body: { endpointId: endpoint.id, name: "primo via endpoint", episodes: { ids: [ep.id] }, queriesPerEpisode: 3, framesPerSample: 4, imageWidth: 320 },
    });
    expect(started.status).toBe(202);
    const run = (await started.json()).run;
    expect(run).toMatchObject({ status: "QUEUED", progress: { total: 3, done: 0 } });

    await runModelJob(run.id, { sleep: async () => {} });

    const after = await db.predictionRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(after.status).toBe("SUCCEEDED");
    expect(after.progress).toMatchObject({ total: 3, done: 3, failed: 0 });
    const chat = () => server.requests.filter((r) => r.path.endsWith("/chat/completions"));
    // 3 samples, plus one 429 and one 503 that were retried.
    expect(chat()).toHaveLength(5);
    const req = chat()[4]!;
    expect(req.authorization).toBe("Bearer sk-test-123");
    expect(req.model).toBe("primo-r1-7b");
    expect(req.roles).toEqual(["system", "user"]);
    expect(req.systemText).toBe(PRIMO_SYSTEM_PROMPT);
    // I_init, four V_seq frames, I_curr, then the question: PRIMO's order.
    expect(req.partTypes).toEqual(["image_url", "image_url", "image_url", "image_url", "image_url", "image_url", "text"]);
    expect(PROGRESS_QUESTIONS.some((q) => req.userText.includes(q))).toBe(true);
    expect(req.userText).toContain("Put the red cube in the bowl.");

    // Query frames spread over the 90 frames: 29, 59, 89; V_seq of frame 29 = 0, 9, 19, 29.
    const preds = await db.prediction.findMany({ where: { runId: run.id }, orderBy: { queryFrame: "asc" } });
    expect(preds.map((p) => p.queryFrame)).toEqual([29, 59, 89]);
    expect(preds[0]!.sampledFrames).toEqual([0, 9, 19, 29]);
    // The test server answers (images + 0) = 6 for a 6-image request; the answer is parsed and the ground truth set.
    expect(preds.every((p) => p.formatOk && p.progress === 6)).toBe(true);
    // Ground truth: three equal steps ending at 29, 59, 89 → 33.33, 66.67, 100.
    expect(preds.map((p) => p.gtProgress)).toEqual([expect.closeTo(100 / 3, 9), expect.closeTo(200 / 3, 9), 100]);

    // Resuming a finished run answers nothing twice.
    await db.predictionRun.update({ where: { id: run.id }, data: { status: "QUEUED" } });
    await runModelJob(run.id, { sleep: async () => {} });
    expect(chat()).toHaveLength(5);
    expect(await db.prediction.count({ where: { runId: run.id } })).toBe(3);
  });

  it("records failures per sample without stopping the run, and never stores the key in problems", async () => {
    const bad = await startChatServer({ respond: () => ({ status: 400, body: { error: { message: "model does not accept images sk-test-123" } } }) });
    try {
      const e = await db.modelEndpoint.create({ data: { name: "rejecting", baseUrl: bad.url, model: "m", apiKey: "sk-test-123" } });
      const ep = await db.episode.findFirstOrThrow({ where: { sourceKey: "pred-02" } });
      const started = await call(startRunRoute as never, {
        method: "POST",
        url: "/api/runs",
        cookie: researcher,
        body: { endpointId: e.id, name: "rejected run", episodes: { ids: [ep.id] }, queriesPerEpisode: 2, framesPerSample: 2, imageWidth: 320 },
      });
      const run = (await started.json()).run;
      await runModelJob(run.id, { sleep: async () => {} });
      const after = await db.predictionRun.findUniqueOrThrow({ where: { id: run.id } });
      expect(after.status).toBe("FAILED");
      expect(after.progress).toMatchObject({ total: 2, done: 0, failed: 2 });
      // A 400 is not retried.
      expect(bad.requests).toHaveLength(2);
      const problems = JSON.stringify(after.problems);
      expect(problems).toContain("does not accept images");
      expect(problems).not.toContain("sk-test-123");
    } finally {
      await bad.close();
    }
  });
});
