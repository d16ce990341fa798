// Request schemas of the annotation API, shared by the routes and the OpenAPI document.
import { z } from "zod";
import { OUTCOMES } from "@/lib/annotation/types";
import { WORKFLOW_ACTIONS } from "@/lib/annotation/workflow";

export const ZSegmentSchema = z.object({
  key: z.string().min(1).max(64),
  startFrame: z.number().int().min(0),
  endFrame: z.number().int().min(0),
  label: z.string().max(200),
});

export const ZAnnotationSnapshotSchema = z.object({
  segments: z.array(ZSegmentSchema).max(5000),
  outcome: z.enum(OUTCOMES),
  failureReason: z.string().max(200).nullable(),
  note: z.string().max(10_000),
  qualityFlags: z.array(z.string().min(1).max(100)).max(50),
});

export const ZSaveAnnotationSchema = z.object({
  /** The version the edits were made on; a save over any other version is refused with 409. */
  baseVersion: z.number().int().min(1),
  snapshot: ZAnnotationSnapshotSchema,
});
export type TSaveAnnotation = z.infer<typeof ZSaveAnnotationSchema>;

export const ZRestoreVersionSchema = z.object({
  version: z.number().int().min(1),
  baseVersion: z.number().int().min(1),
});

export const ZTransitionSchema = z.object({
  action: z.enum(WORKFLOW_ACTIONS),
  /** Required when requesting changes: what the annotator should fix. */
  comment: z.string().trim().max(10_000).optional(),
  /** Where the comment points: a frame, a segment (by key), both or neither. */
  frame: z.number().int().min(0).nullable().optional(),
  segmentKey: z.string().min(1).max(64).nullable().optional(),
});

export const ZCreateCommentSchema = z.object({
  body: z.string().trim().min(1, "Write the comment.").max(10_000),
  frame: z.number().int().min(0).nullable().optional(),
  segmentKey: z.string().min(1).max(64).nullable().optional(),
});

export const ZUpdateCommentSchema = z.object({ resolved: z.boolean() });

export const ZClaimNextSchema = z.object({
  taskId: z.number().int().positive().optional(),
  environmentId: z.number().int().positive().optional(),
  /** Skip this annotation when looking for the caller's own unfinished work (the one on screen). */
  excludeAnnotationId: z.number().int().positive().optional(),
});

export const ZAssignSchema = z.object({
  annotatorIds: z.array(z.number().int().positive()).min(1).max(20),
});

export const ZAgreementQuerySchema = z.object({
  k: z.coerce.number().int().min(0).max(1000).default(5),
  taskId: z.coerce.number().int().positive().optional(),
  environmentId: z.coerce.number().int().positive().optional(),
});
