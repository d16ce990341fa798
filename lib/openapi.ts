// The OpenAPI 3.1 description of the HTTP API, served at /api/openapi. Request schemas come
// from the same zod schemas the routes validate with.
import { z } from "zod";
import { ZEpisodeListQuerySchema } from "@/lib/episodes/list-episodes";
import { ZCameraOffsetSchema } from "@/lib/episodes/camera-offset";
import {
  ZAgreementQuerySchema,
  ZAssignSchema,
  ZClaimNextSchema,
  ZCreateCommentSchema,
  ZRestoreVersionSchema,
  ZSaveAnnotationSchema,
  ZTransitionSchema,
  ZUpdateCommentSchema,
} from "@/lib/annotations/schemas";
import { ZAnnotationSettingsSchema } from "@/lib/settings/annotation-settings";
import { ZUpdateTaskSchema } from "@/lib/tasks/task-labels";
import { ZImportPredictionsSchema } from "@/lib/predictions/import-predictions";
import { ZUpdateRunSchema } from "@/lib/predictions/runs";
import { ZCreateReleaseSchema, ZPreviewReleaseSchema, ZTransitionReleaseSchema, ZUpdateReleaseSchema } from "@/lib/releases/schemas";
import { ZPreviewExportSchema, ZStartExportSchema } from "@/lib/export/export-service";
import { ZReviewQueueSchema, ZSaveReviewSchema } from "@/lib/predictions/review";
import { ZStartModelRunSchema } from "@/lib/model-runs/run-model";
import { ZEndpointSchema, ZEndpointUpdateSchema } from "@/lib/model-runs/endpoints";

type Access = "public" | "ANNOTATOR" | "RESEARCHER" | "LEAD" | "ADMIN";
interface Op {
  method: "get" | "post" | "put" | "patch" | "head" | "delete";
  path: string;
  summary: string;
  access: Access;
  body?: Record<string, unknown>;
  query?: z.ZodObject;
  responses?: Record<string, string>;
}

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;

const ZLogin = z.object({ email: z.string().email(), password: z.string() });
const ZSetup = z.object({ email: z.string().email(), name: z.string(), password: z.string().min(10) });
const ZUserCreate = z.object({ email: z.string().email(), name: z.string(), role: z.enum(["ANNOTATOR", "RESEARCHER", "LEAD", "ADMIN"]), password: z.string().min(10) });
const ZUserPatch = z.object({ name: z.string().optional(), role: z.enum(["ANNOTATOR", "RESEARCHER", "LEAD", "ADMIN"]).optional(), disabled: z.boolean().optional(), password: z.string().min(10).optional() });
const ZImport = z.object({ path: z.string(), kind: z.enum(["LEROBOT_V3", "LEROBOT_V21", "AGIBOT", "MANIFEST"]).optional(), environment: z.string().optional() });

const OPS: Op[] = [
  { method: "get", path: "/api/health", summary: "Liveness and database check", access: "public" },
  { method: "get", path: "/api/openapi", summary: "This document", access: "public" },
  { method: "post", path: "/api/auth/login", summary: "Sign in; sets the session cookie", access: "public", body: json(ZLogin) },
  { method: "post", path: "/api/auth/logout", summary: "Sign out", access: "public" },
  { method: "get", path: "/api/auth/me", summary: "The signed-in user", access: "ANNOTATOR" },
  { method: "post", path: "/api/auth/password", summary: "Change one's own password (ends the user's other sessions)", access: "ANNOTATOR", body: json(z.object({ currentPassword: z.string(), newPassword: z.string().min(10) })) },
  { method: "get", path: "/api/setup", summary: "Whether first-run setup is needed", access: "public" },
  { method: "post", path: "/api/setup", summary: "Create the first admin (only while none exists)", access: "public", body: json(ZSetup) },
  { method: "get", path: "/api/users", summary: "List users", access: "ADMIN" },
  { method: "post", path: "/api/users", summary: "Create a user", access: "ADMIN", body: json(ZUserCreate) },
  { method: "patch", path: "/api/users/{id}", summary: "Change name, role, disabled flag or password", access: "ADMIN", body: json(ZUserPatch) },
  { method: "get", path: "/api/facets", summary: "Environments, tasks and assignees for filters", access: "ANNOTATOR" },
  { method: "get", path: "/api/episodes", summary: "Filter, sort and page episodes", access: "ANNOTATOR", query: ZEpisodeListQuerySchema },
  { method: "get", path: "/api/episodes/{id}", summary: "One episode with cameras and segments", access: "ANNOTATOR" },
  { method: "get", path: "/api/episodes/{id}/poster", summary: "Poster frame (JPEG)", access: "ANNOTATOR" },
  { method: "get", path: "/api/media/videos/{id}", summary: "Video bytes; supports Range", access: "ANNOTATOR", responses: { "206": "Partial content", "409": "Not playable yet (being converted)" } },
  { method: "head", path: "/api/media/videos/{id}", summary: "Video size and validators", access: "ANNOTATOR" },
  { method: "get", path: "/api/imports", summary: "Recent import jobs", access: "RESEARCHER" },
  { method: "post", path: "/api/imports", summary: "Start an import (202; runs in the background)", access: "RESEARCHER", body: json(ZImport), responses: { "202": "Accepted" } },
  { method: "get", path: "/api/imports/{id}", summary: "One import job with progress and problems", access: "RESEARCHER" },
  { method: "get", path: "/api/imports/sources", summary: "Datasets found in the import folders", access: "RESEARCHER" },
  { method: "get", path: "/api/audit", summary: "Audit log, newest first", access: "LEAD" },
  { method: "post", path: "/api/episodes/next", summary: "Your next episode: unfinished work first, else atomically claim an unassigned one", access: "ANNOTATOR", body: json(ZClaimNextSchema) },
  { method: "patch", path: "/api/episodes/{id}/cameras/{camera}", summary: "Shift a camera (milliseconds, + = its picture comes later) to line it up with the reference camera; audited", access: "ANNOTATOR", body: json(ZCameraOffsetSchema), responses: { "400": "The reference camera, or no frames left", "403": "Not the episode's annotator, a researcher or a lead" } },
  { method: "post", path: "/api/episodes/{id}/claim", summary: "Claim this episode (409 if someone else has it)", access: "ANNOTATOR", responses: { "409": "Taken by someone else" } },
  { method: "post", path: "/api/episodes/{id}/assignments", summary: "Assign the episode to one or more annotators", access: "LEAD", body: json(ZAssignSchema) },
  { method: "get", path: "/api/episodes/{id}/agreement", summary: "Agreement between every pair of the episode's annotators", access: "RESEARCHER", query: ZAgreementQuerySchema },
  { method: "get", path: "/api/agreement", summary: "Agreement report per annotator and per task", access: "RESEARCHER", query: ZAgreementQuerySchema },
  { method: "get", path: "/api/annotations/{id}", summary: "One annotation: snapshot, version, status, permissions", access: "ANNOTATOR" },
  { method: "put", path: "/api/annotations/{id}", summary: "Save (optimistic concurrency on baseVersion)", access: "ANNOTATOR", body: json(ZSaveAnnotationSchema), responses: { "409": "Saved by someone else since baseVersion; body.current holds their state" } },
  { method: "get", path: "/api/annotations/{id}/versions", summary: "Every saved version with author and time", access: "ANNOTATOR" },
  { method: "post", path: "/api/annotations/{id}/restore", summary: "Make an old version current (as a new version)", access: "ANNOTATOR", body: json(ZRestoreVersionSchema) },
  { method: "post", path: "/api/annotations/{id}/transitions", summary: "Submit, start review, approve or request changes", access: "ANNOTATOR", body: json(ZTransitionSchema) },
  { method: "get", path: "/api/annotations/{id}/comments", summary: "Review comments", access: "ANNOTATOR" },
  { method: "post", path: "/api/annotations/{id}/comments", summary: "Comment, pinned to a frame or segment", access: "ANNOTATOR", body: json(ZCreateCommentSchema) },
  { method: "patch", path: "/api/comments/{id}", summary: "Resolve or reopen a comment", access: "ANNOTATOR", body: json(ZUpdateCommentSchema) },
  { method: "get", path: "/api/settings/annotation", summary: "Failure taxonomy and quality flags", access: "ANNOTATOR" },
  { method: "put", path: "/api/settings/annotation", summary: "Change the failure taxonomy and quality flags", access: "LEAD", body: json(ZAnnotationSettingsSchema) },
  { method: "get", path: "/api/tasks", summary: "Tasks with their progress settings", access: "ANNOTATOR" },
  { method: "patch", path: "/api/tasks/{id}", summary: "Change progress weighting or canonical subtasks", access: "LEAD", body: json(ZUpdateTaskSchema) },
  { method: "get", path: "/api/tasks/{id}/labels", summary: "Label suggestions and typical subtask durations", access: "ANNOTATOR" },
  { method: "get", path: "/api/episodes/{id}/frames/{frame}", summary: "JPEG of exactly one episode frame (query: camera, w)", access: "RESEARCHER" },
  { method: "get", path: "/api/episodes/{id}/comparison", summary: "Ground-truth curve, every run's predictions and per-episode metrics", access: "RESEARCHER" },
  { method: "get", path: "/api/releases", summary: "Dataset releases, every version", access: "RESEARCHER" },
  { method: "post", path: "/api/releases", summary: "Create a draft release (next version of its name)", access: "RESEARCHER", body: json(ZCreateReleaseSchema) },
  { method: "post", path: "/api/releases/preview", summary: "Episode counts per split for a definition, before saving", access: "RESEARCHER", body: json(ZPreviewReleaseSchema) },
  { method: "get", path: "/api/releases/{id}", summary: "One release: status, counts per split and environment, content sha256, and its history (who did what, newest first)", access: "RESEARCHER" },
  { method: "patch", path: "/api/releases/{id}", summary: "Change a draft's definition or splits, or the notes of an unpublished release", access: "RESEARCHER", body: json(ZUpdateReleaseSchema) },
  { method: "delete", path: "/api/releases/{id}", summary: "Delete an unpublished release (?confirm=<release name>)", access: "RESEARCHER" },
  { method: "post", path: "/api/releases/{id}/transitions", summary: "submit (freezes the snapshot), approve, publish, return (approve/publish/return: LEAD only; 403 otherwise)", access: "RESEARCHER", body: json(ZTransitionReleaseSchema) },
  { method: "get", path: "/api/releases/{id}/diff", summary: "Episodes added/removed and changed boundaries, labels, outcomes, splits and chains since the previous published version", access: "RESEARCHER" },
  { method: "get", path: "/api/releases/{id}/episodes", summary: "The frozen episodes of a release (paged; ?splitTag=)", access: "RESEARCHER" },
  { method: "get", path: "/api/releases/{id}/exports", summary: "Exports of a release, each with its progress and estimated seconds left", access: "RESEARCHER" },
  { method: "post", path: "/api/releases/{id}/exports", summary: "Export a frozen release as training shards (background job)", access: "RESEARCHER", body: json(ZStartExportSchema) },
  { method: "post", path: "/api/releases/{id}/exports/preview", summary: "What each export format would hold for a configuration (records per split), and why a format would be empty", access: "RESEARCHER", body: json(ZPreviewExportSchema) },
  { method: "get", path: "/api/exports/{id}", summary: "Export progress: phase, units done of total, fraction and estimated seconds left, failures", access: "RESEARCHER" },
  { method: "post", path: "/api/exports/{id}/cancel", summary: "Cancel a running export", access: "RESEARCHER" },
  { method: "post", path: "/api/exports/{id}/resume", summary: "Resume a cancelled, failed or interrupted export", access: "RESEARCHER" },
  { method: "get", path: "/api/exports/{id}/manifest", summary: "Download the finished export's manifest.json", access: "RESEARCHER" },
  { method: "get", path: "/api/runs", summary: "Prediction runs with counts", access: "RESEARCHER" },
  { method: "post", path: "/api/runs", summary: "Run a model on episodes through a configured endpoint (background job)", access: "RESEARCHER", body: json(ZStartModelRunSchema) },
  {
    method: "post",
    path: "/api/runs/import",
    summary: "Import predictions: multipart (file + fields) or the file as the body with the fields as query parameters; bad lines are reported with their line numbers, good ones imported",
    access: "RESEARCHER",
    query: ZImportPredictionsSchema,
    responses: { "413": "File too large" },
  },
  { method: "get", path: "/api/runs/{id}", summary: "One run with its import or job problems", access: "RESEARCHER" },
  { method: "patch", path: "/api/runs/{id}", summary: "Rename a run or change its description", access: "RESEARCHER", body: json(ZUpdateRunSchema) },
  { method: "delete", path: "/api/runs/{id}", summary: "Delete a run and its predictions (?confirm=<run name>)", access: "RESEARCHER" },
  { method: "get", path: "/api/runs/{id}/report", summary: "Every metric of the run per benchmark split", access: "RESEARCHER" },
  { method: "post", path: "/api/runs/{id}/cancel", summary: "Cancel a queued or running model run", access: "RESEARCHER" },
  { method: "post", path: "/api/runs/{id}/resume", summary: "Resume a stopped model run (answered samples are kept)", access: "RESEARCHER" },
  { method: "get", path: "/api/predictions", summary: "Chain-review queue", access: "RESEARCHER", query: ZReviewQueueSchema },
  { method: "get", path: "/api/predictions/{id}", summary: "One prediction: chain, review, ground truth and its recent changes, frames seen", access: "RESEARCHER" },
  { method: "put", path: "/api/predictions/{id}/review", summary: "Save an edited chain and verdict (optimistic concurrency on baseVersion)", access: "RESEARCHER", body: json(ZSaveReviewSchema), responses: { "409": "Reviewed by someone else since baseVersion" } },
  { method: "get", path: "/api/leaderboard", summary: "Runs × environments per split, MAE per interval, worst episodes (format=csv|json downloads)", access: "RESEARCHER" },
  { method: "post", path: "/api/leaderboard/seen", summary: "Acknowledge ground-truth changes up to changeId", access: "RESEARCHER" },
  { method: "get", path: "/api/endpoints", summary: "Model endpoints (keys are never returned)", access: "RESEARCHER" },
  { method: "post", path: "/api/endpoints", summary: "Add an OpenAI-compatible model endpoint", access: "RESEARCHER", body: json(ZEndpointSchema) },
  { method: "patch", path: "/api/endpoints/{id}", summary: "Change an endpoint", access: "RESEARCHER", body: json(ZEndpointUpdateSchema) },
  { method: "delete", path: "/api/endpoints/{id}", summary: "Delete an endpoint", access: "RESEARCHER" },
  { method: "post", path: "/api/endpoints/{id}/test", summary: "List the endpoint's models to check URL, key and model", access: "RESEARCHER" },
];

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPS) {
    const params: unknown[] = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "integer" } }));
    if (op.query) {
      const shape = json(op.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(shape.properties ?? {})) params.push({ name, in: "query", required: false, schema });
    }
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      description: op.access === "public" ? "No sign-in needed." : `Needs role ${op.access} or higher.`,
      security: op.access === "public" ? [] : [{ session: [] }],
      parameters: params,
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: op.body } } } } : {}),
      responses: {
        "200": { description: "OK" },
        ...Object.fromEntries(Object.entries(op.responses ?? {}).map(([k, v]) => [k, { description: v }])),
        ...(op.body || op.query ? { "400": { $ref: "#/components/responses/Problem" } } : {}),
        ...(op.access !== "public" ? { "401": { $ref: "#/components/responses/Problem" }, "403": { $ref: "#/components/responses/Problem" } } : {}),
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
