// Model endpoints: OpenAI-compatible chat-completions servers a researcher can send episodes
// to. The API key is write-only: it is stored, used by the job, and never returned.
import "server-only";
import { z } from "zod";
import { zInt } from "@/lib/server/schemas";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/auth/session";
import { notFound, validationError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/policy";
import { ChatError, listModels, type EndpointConfig } from "./chat-client";
import { urlProblem } from "./egress";

const ZBaseUrl = z
  .string()
  .trim()
  .url("Give the endpoint's base URL, e.g. http://gpu-1:8000/v1.")
  .superRefine((u, ctx) => {
    const problem = urlProblem(u);
    if (problem) ctx.addIssue({ code: "custom", message: problem.charAt(0).toUpperCase() + problem.slice(1) + "." });
  });

const endpointFields = {
  name: z.string().trim().min(1).max(100),
  baseUrl: ZBaseUrl,
  model: z.string().trim().min(1).max(200),
  /** Write-only. Omit to keep the stored key; null or "" removes it. */
  apiKey: z.string().max(500).nullable().optional(),
  videoMode: z.enum(["frames", "video"]),
  requestsPerMinute: zInt().min(1).max(10_000),
  concurrency: zInt().min(1).max(64),
  maxTokens: zInt().min(16).max(32_768),
  temperature: z.number().min(0).max(2),
  timeoutSec: zInt().min(5).max(3600),
};
export const ZEndpointSchema = z.object({
  ...endpointFields,
  videoMode: endpointFields.videoMode.default("frames"),
  requestsPerMinute: endpointFields.requestsPerMinute.default(60),
  concurrency: endpointFields.concurrency.default(2),
  maxTokens: endpointFields.maxTokens.default(1024),
  temperature: endpointFields.temperature.default(0.1),
  timeoutSec: endpointFields.timeoutSec.default(120),
});
/** No defaults here: a partial update must leave the fields it does not name alone. */
export const ZEndpointUpdateSchema = z.object(endpointFields).partial();

const PUBLIC = {
  id: true, name: true, baseUrl: true, model: true, videoMode: true, requestsPerMinute: true, concurrency: true,
  maxTokens: true, temperature: true, timeoutSec: true, createdAt: true, updatedAt: true, apiKey: true, createdById: true,
} as const;

function redact<T extends { apiKey: string | null }>(e: T) {
  const { apiKey, ...rest } = e;
  return { ...rest, hasApiKey: Boolean(apiKey) };
}

export async function listEndpoints() {
  return (await db.modelEndpoint.findMany({ orderBy: { name: "asc" }, select: PUBLIC })).map(redact);
}

export async function createEndpoint(opts: { user: SessionUser; data: z.infer<typeof ZEndpointSchema>; requestId?: string }) {
  return db.$transaction(async (tx) => {
    const e = await tx.modelEndpoint.create({ data: { ...opts.data, apiKey: opts.data.apiKey || null, createdById: opts.user.id }, select: PUBLIC });
    await recordAudit({ actorId: opts.user.id, action: "endpoint.create", entityType: "model_endpoint", entityId: e.id, detail: { name: e.name, baseUrl: e.baseUrl, model: e.model }, requestId: opts.requestId }, tx);
    return redact(e);
  });
}

export async function updateEndpoint(opts: { user: SessionUser; id: number; data: z.infer<typeof ZEndpointUpdateSchema>; requestId?: string }) {
  const { apiKey, ...rest } = opts.data;
  if (Object.keys(rest).length === 0 && apiKey === undefined) throw validationError("Nothing to change.");
  await authorizeEndpoint(opts.user, opts.id);
  return db.$transaction(async (tx) => {
    const e = await tx.modelEndpoint.update({
      where: { id: opts.id },
      data: { ...rest, ...(apiKey !== undefined ? { apiKey: apiKey || null } : {}) },
      select: PUBLIC,
    });
    await recordAudit(
      { actorId: opts.user.id, action: "endpoint.update", entityType: "model_endpoint", entityId: e.id, detail: { ...rest, apiKeyChanged: apiKey !== undefined }, requestId: opts.requestId },
      tx,
    );
    return redact(e);
  });
}

/** 404 for a missing endpoint, 403 unless the user made it or is a lead (lib/auth/policy.ts). */
async function authorizeEndpoint(user: SessionUser, id: number): Promise<void> {
  const e = await db.modelEndpoint.findUnique({ where: { id }, select: { createdById: true } });
  if (!e) throw notFound(`Endpoint ${id}`);
  authorize(user, "endpoint.manage", e);
}

export async function deleteEndpoint(opts: { user: SessionUser; id: number; requestId?: string }) {
  await authorizeEndpoint(opts.user, opts.id);
  return db.$transaction(async (tx) => {
    const e = await tx.modelEndpoint.delete({ where: { id: opts.id }, select: { id: true, name: true } });
    await recordAudit({ actorId: opts.user.id, action: "endpoint.delete", entityType: "model_endpoint", entityId: e.id, detail: { name: e.name }, requestId: opts.requestId }, tx);
    return e;
  });
}

export async function endpointConfig(id: number): Promise<EndpointConfig & { row: NonNullable<Awaited<ReturnType<typeof loadEndpoint>>> }> {
  const row = await loadEndpoint(id);
  if (!row) throw notFound(`Endpoint ${id}`);
  return { baseUrl: row.baseUrl, apiKey: row.apiKey, model: row.model, timeoutMs: row.timeoutSec * 1000, row };
}

function loadEndpoint(id: number) {
  return db.modelEndpoint.findUnique({ where: { id } });
}

/** Asks the endpoint for its models: proves the URL, the key and the model name before a run. */
/**
 * "Test connection": whether the endpoint answers and serves the model. The answer never
 * carries what the target sent back (only its status and the model ids), so the test cannot be
 * used to read other servers.
 */
export async function testEndpoint(id: number) {
  const cfg = await endpointConfig(id);
  try {
    const models = await listModels({ ...cfg, timeoutMs: Math.min(cfg.timeoutMs, 15_000) });
    const listed = models.includes(cfg.model);
    return { ok: true, models: models.slice(0, 50).map((m) => m.slice(0, 200)), modelListed: listed, message: listed ? "Connected; the model is served." : `Connected, but "${cfg.model}" is not among the served models.` };
  } catch (err) {
    return { ok: false, models: [], modelListed: false, message: testFailure(err) };
  }
}

function testFailure(err: unknown): string {
  if (!(err instanceof ChatError)) return "Could not reach the endpoint.";
  switch (err.kind) {
    case "refused":
      return err.message.replace(/^GET models refused: /, "Refused: ");
    case "timeout":
      return "The endpoint did not answer in time.";
    case "http":
      return `The endpoint answered HTTP ${err.status} to GET models.`;
    case "bad-response":
      return "The endpoint answered, but not with an OpenAI-style model list.";
    default:
      return "Could not connect to the endpoint (network error).";
  }
}
