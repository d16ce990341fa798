// What the instance-wide routes answer: health (app/api/health), the audit log (app/api/audit,
// lib/audit/list-audit.ts) and the annotation settings (app/api/settings/annotation,
// lib/settings/annotation-settings.ts).
import { z } from "zod";
import { int, ZOk, zWireDate } from "./common";

/** GET /api/health: the database answered. */
export const ZHealthResponse = ZOk;
export type HealthResponse = z.infer<typeof ZHealthResponse>;

/** One audit_log row with its actor (the actor's email: leads read the log). */
export const ZAuditEntry = z.strictObject({
  id: int(),
  actorId: int().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  /** What changed, as recordAudit was given it (free-form per action). */
  detail: z.json(),
  requestId: z.string().nullable(),
  createdAt: zWireDate,
  actor: z.strictObject({ id: int(), name: z.string(), email: z.string() }).nullable(),
  /** The page of the object, when it has one. */
  link: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof ZAuditEntry>;

/** GET /api/audit: newest first, 100 at a time; `nextBefore` pages on (null on the last page). */
export const ZAuditListResponse = z.strictObject({ items: z.array(ZAuditEntry), nextBefore: int().nullable() });
export type AuditListResponse = z.infer<typeof ZAuditListResponse>;

/** GET and PUT /api/settings/annotation: the taxonomy annotators choose from, and four-eyes review. */
export const ZAnnotationSettingsResponse = z.strictObject({
  failureReasons: z.array(z.string()),
  qualityFlags: z.array(z.string()),
  fourEyes: z.boolean(),
});
export type AnnotationSettingsResponse = z.infer<typeof ZAnnotationSettingsResponse>;
