// The OpenAPI 3.1 description of the HTTP API, served at /api/openapi. Generated from the routes
// themselves: each route's access, and its path, query and body schemas, are the ones it declares
// with withApi (lib/server/api.ts) and validates with; only the one-line summaries are kept here.
// tests/integration/contract.test.ts fails when a route has no summary or no schema it needs.
import { z } from "zod";
import { API_ROUTES } from "@/lib/api-routes";
import type { RouteHandler } from "@/lib/server/api";

const json = (schema: z.ZodType, io: "input" | "output" = "input") => z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

/** The document's outline (its paths are checked in tests/integration/contract.test.ts). */
export const ZOpenApiDocument = z.strictObject({
  openapi: z.literal("3.1.0"),
  info: z.strictObject({ title: z.string(), version: z.string(), description: z.string() }),
  components: z.record(z.string(), z.unknown()),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});

/** The OpenAPI path of a route folder: /api/episodes/[id] → /api/episodes/{id}. */
export const openApiPath = (pattern: string) => pattern.replace(/\[(\w+)\]/g, "{$1}");

/** Every operation: its key ("get /api/x/{id}"), path, method and the route's handler. */
export function apiOperations(): Array<{ key: string; path: string; method: (typeof METHODS)[number]; handler: RouteHandler }> {
  const ops: Array<{ key: string; path: string; method: (typeof METHODS)[number]; handler: RouteHandler }> = [];
  const openapiSelf = Object.assign(() => Promise.resolve(new Response()), { auth: "public" as const, schemas: { response: ZOpenApiDocument }, maxBodyBytes: 0 }) as unknown as RouteHandler;
  const all = [...API_ROUTES, { pattern: "/api/openapi", module: { GET: openapiSelf } as Record<string, unknown> }];
  for (const r of all) {
    for (const m of METHODS) {
      const h = r.module[m] as RouteHandler | undefined;
      if (typeof h === "function") ops.push({ key: `${m.toLowerCase()} ${openApiPath(r.pattern)}`, path: openApiPath(r.pattern), method: m, handler: h });
    }
  }
  return ops.sort((a, b) => a.key.localeCompare(b.key));
}

/** What each operation does, and the answers it has besides 200 and the problem ones; everything else comes from the route. */
export const DESCRIBED: Record<string, { summary: string; responses?: Record<string, string> }> = {
  "get /api/health": { summary: "Liveness and database check" },
  "get /api/openapi": { summary: "This document" },
  "post /api/auth/login": { summary: "Sign in; sets the session cookie" },
  "post /api/auth/logout": { summary: "Sign out" },
  "get /api/auth/me": { summary: "The signed-in user" },
  "post /api/auth/password": { summary: "Change one's own password (ends the user's other sessions)" },
  "get /api/setup": { summary: "Whether first-run setup is needed" },
  "post /api/setup": { summary: "Create the first admin (only while none exists)" },
  "get /api/users": { summary: "List users" },
  "post /api/users": { summary: "Create a user" },
  "patch /api/users/{id}": { summary: "Change name, role, disabled flag or password" },
  "get /api/facets": { summary: "Environments, tasks and assignees for filters" },
  "get /api/episodes": { summary: "Filter, sort and page episodes" },
  "get /api/episodes/{id}": { summary: "One episode with cameras and segments" },
  "get /api/episodes/{id}/poster": { summary: "Poster frame (JPEG)" },
  "get /api/media/videos/{id}": { summary: "Video bytes; supports Range", responses: { "206": "Partial content", "409": "Not playable yet (being converted)" } },
  "head /api/media/videos/{id}": { summary: "Video size and validators" },
  "get /api/imports": { summary: "Recent import jobs" },
  "post /api/imports": { summary: "Start an import (202; runs in the background)", responses: { "202": "Accepted" } },
  "get /api/imports/{id}": { summary: "One import job with progress and problems" },
  "get /api/imports/sources": { summary: "Datasets found in the import folders" },
  "get /api/audit": { summary: "Audit log, newest first" },
  "post /api/episodes/next": { summary: "Your next episode: unfinished work first, else atomically claim an unassigned one" },
  "patch /api/episodes/{id}/cameras/{camera}": { summary: "Shift a camera (milliseconds, + = its picture comes later) to line it up with the reference camera; audited", responses: { "400": "The reference camera, or no frames left", "403": "Not the episode's annotator, a researcher or a lead" } },
  "post /api/episodes/{id}/claim": { summary: "Claim this episode (409 if someone else has it)", responses: { "409": "Taken by someone else" } },
  "post /api/episodes/{id}/assignments": { summary: "Assign the episode to one or more annotators" },
  "post /api/episodes/assignments": { summary: "Assign one annotator to many episodes (all or nothing)" },
  "get /api/review-queue": { summary: "Submitted work waiting for review, oldest first, with filters" },
  "post /api/review-queue/next": { summary: "Take the next annotation to review (atomic; null when none is waiting)" },
  "post /api/review-queue/release": { summary: "Hand a review you took back to the queue" },
  "get /api/episodes/{id}/agreement": { summary: "Agreement between every pair of the episode's annotators" },
  "get /api/agreement": { summary: "Agreement report per annotator and per task" },
  "get /api/annotations/{id}": { summary: "One annotation: snapshot, version, status, permissions" },
  "put /api/annotations/{id}": { summary: "Save (optimistic concurrency on baseVersion)", responses: { "409": "Saved by someone else since baseVersion; body.current holds their state" } },
  "get /api/annotations/{id}/versions": { summary: "Every saved version with author and time" },
  "post /api/annotations/{id}/restore": { summary: "Make an old version current (as a new version)" },
  "post /api/annotations/{id}/transitions": { summary: "Submit, start review, approve or request changes" },
  "get /api/annotations/{id}/comments": { summary: "Review comments" },
  "post /api/annotations/{id}/comments": { summary: "Comment, pinned to a frame or segment" },
  "patch /api/comments/{id}": { summary: "Resolve or reopen a comment" },
  "get /api/settings/annotation": { summary: "Failure taxonomy and quality flags" },
  "put /api/settings/annotation": { summary: "Change the failure taxonomy and quality flags" },
  "get /api/tasks": { summary: "Tasks with their progress settings" },
  "patch /api/tasks/{id}": { summary: "Change progress weighting or canonical subtasks" },
  "get /api/tasks/{id}/labels": { summary: "Label suggestions and typical subtask durations" },
  "get /api/episodes/{id}/frames/{frame}": { summary: "JPEG of exactly one episode frame (query: camera, w)" },
  "get /api/episodes/{id}/comparison": { summary: "Ground-truth curve, every run's predictions and per-episode metrics" },
  "get /api/releases": { summary: "Dataset releases, every version" },
  "post /api/releases": { summary: "Create a draft release (next version of its name)" },
  "post /api/releases/preview": { summary: "Episode counts per split for a definition, before saving" },
  "get /api/releases/{id}": { summary: "One release: status, counts per split and environment, content sha256, and its history (who did what, newest first)" },
  "patch /api/releases/{id}": { summary: "Change a draft's definition or splits, or the notes of an unpublished release" },
  "delete /api/releases/{id}": { summary: "Delete an unpublished release (?confirm=<release name>)" },
  "post /api/releases/{id}/transitions": { summary: "submit (freezes the snapshot), approve, publish, return (approve/publish/return: LEAD only; 403 otherwise)" },
  "get /api/releases/{id}/diff": { summary: "Episodes added/removed and changed boundaries, labels, outcomes, splits and chains since the previous published version" },
  "get /api/releases/{id}/episodes": { summary: "The frozen episodes of a release (paged; ?splitTag=)" },
  "get /api/releases/{id}/exports": { summary: "Exports of a release, each with its progress and estimated seconds left" },
  "post /api/releases/{id}/exports": { summary: "Export a frozen release as training shards (background job)" },
  "post /api/releases/{id}/exports/preview": { summary: "What each export format would hold for a configuration (records per split), and why a format would be empty" },
  "get /api/exports/{id}": { summary: "Export progress: phase, units done of total, fraction and estimated seconds left, failures" },
  "post /api/exports/{id}/cancel": { summary: "Cancel a running export" },
  "post /api/exports/{id}/resume": { summary: "Resume a cancelled, failed or interrupted export" },
  "get /api/exports/{id}/manifest": { summary: "Download the finished export's manifest.json" },
  "get /api/exports/{id}/download": { summary: "Download a finished local export as one streamed tar (?format= for one format and the shared files)", responses: { "409": "Not finished, or in S3 (use /links)" } },
  "get /api/exports/{id}/links": { summary: "A finished export's files with sizes and sha256: pre-signed links when in S3, else the tar to download (?format= for one format)", responses: { "409": "Not finished" } },
  "get /api/runs": { summary: "Prediction runs with counts" },
  "post /api/runs": { summary: "Run a model on episodes through a configured endpoint (background job)" },
  "post /api/runs/import": { summary: "Import predictions: multipart (file + fields) or the file as the body with the fields as query parameters; bad lines are reported with their line numbers, good ones imported", responses: { "413": "File too large" } },
  "get /api/runs/{id}": { summary: "One run with its import or job problems" },
  "patch /api/runs/{id}": { summary: "Rename a run or change its description" },
  "delete /api/runs/{id}": { summary: "Delete a run and its predictions (?confirm=<run name>)" },
  "get /api/runs/{id}/report": { summary: "Every metric of the run per benchmark split" },
  "post /api/runs/{id}/cancel": { summary: "Cancel a queued or running model run" },
  "post /api/runs/{id}/resume": { summary: "Resume a stopped model run (answered samples are kept)" },
  "get /api/predictions": { summary: "Chain-review queue" },
  "get /api/predictions/{id}": { summary: "One prediction: chain, review, ground truth and its recent changes, frames seen" },
  "put /api/predictions/{id}/review": { summary: "Save an edited chain and verdict (optimistic concurrency on baseVersion)", responses: { "409": "Reviewed by someone else since baseVersion" } },
  "get /api/leaderboard": { summary: "Runs × environments per split, MAE per interval, worst episodes (format=csv|json downloads)" },
  "post /api/leaderboard/seen": { summary: "Acknowledge ground-truth changes up to changeId" },
  "get /api/endpoints": { summary: "Model endpoints (keys are never returned)" },
  "post /api/endpoints": { summary: "Add an OpenAI-compatible model endpoint" },
  "patch /api/endpoints/{id}": { summary: "Change an endpoint" },
  "delete /api/endpoints/{id}": { summary: "Delete an endpoint" },
  "post /api/endpoints/{id}/test": { summary: "List the endpoint's models to check URL, key and model" },
};

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of apiOperations()) {
    const h = op.handler;
    const d = DESCRIBED[op.key];
    const pathSchema = h.schemas.params ? (json(h.schemas.params) as { properties?: Record<string, unknown> }) : null;
    const params: unknown[] = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: pathSchema?.properties?.[m[1]!] ?? { type: "string" } }));
    if (h.schemas.query) {
      const shape = json(h.schemas.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(shape.properties ?? {})) params.push({ name, in: "query", required: shape.required?.includes(name) ?? false, schema });
    }
    const access = h.auth;
    (paths[op.path] ??= {})[op.method.toLowerCase()] = {
      summary: d?.summary ?? "",
      description: access === "public" ? "No sign-in needed." : `Needs role ${access} or higher.`,
      security: access === "public" ? [] : [{ session: [] }],
      parameters: params,
      ...(h.schemas.body ? { requestBody: { required: true, content: { "application/json": { schema: json(h.schemas.body) } } } } : {}),
      responses: {
        "200": h.schemas.response
          ? { description: "OK", content: { "application/json": { schema: json(h.schemas.response, "output") } } }
          : h.binary
            ? { description: "OK", content: { [h.binary]: { schema: { type: "string", format: "binary" } } } }
            : { description: "OK" },
        ...Object.fromEntries(Object.entries(d?.responses ?? {}).map(([k, v]) => [k, { description: v }])),
        ...(h.schemas.body || h.schemas.query || h.schemas.params ? { "400": { $ref: "#/components/responses/Problem" } } : {}),
        ...(h.schemas.body ? { "413": { $ref: "#/components/responses/Problem" } } : {}),
        ...(access !== "public" ? { "401": { $ref: "#/components/responses/Problem" }, "403": { $ref: "#/components/responses/Problem" } } : {}),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Critic Studio API",
      version: "0.1.0",
      description: "Errors are RFC 9457 problem+json: {type,title,status,detail,requestId,invalid_params}. Roles rank ANNOTATOR < RESEARCHER < LEAD < ADMIN.",
    },
    components: {
      securitySchemes: { session: { type: "apiKey", in: "cookie", name: "critic_session" } },
      responses: {
        Problem: {
          description: "Problem details",
          content: {
            "application/problem+json": {
              schema: {
                type: "object",
                properties: {
                  type: { type: "string" }, title: { type: "string" }, status: { type: "integer" }, detail: { type: "string" }, requestId: { type: "string" },
                  invalid_params: { type: "array", items: { type: "object", properties: { name: { type: "string" }, reason: { type: "string" } } } },
                },
              },
            },
          },
        },
      },
    },
    paths,
  };
}
