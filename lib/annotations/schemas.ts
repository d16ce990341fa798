// Request schemas of the annotation API, shared by the routes and the OpenAPI document.
import { z } from "zod";
import { zInt, zQueryInt } from "@/lib/server/schemas";
import { OUTCOMES } from "@/lib/annotation/types";
import { WORKFLOW_ACTIONS } from "@/lib/annotation/workflow";

export const ZSegmentSchema = z.object({
  key: z.string().min(1).max(64),
  startFrame: zInt().min(0),
  endFrame: zInt().min(0),
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
  baseVersion: zInt().min(1),
  snapshot: ZAnnotationSnapshotSchema,
});
export type TSaveAnnotation = z.infer<typeof ZSaveAnnotationSchema>;

export const ZRestoreVersionSchema = z.object({
  version: zInt().min(1),
  baseVersion: zInt().min(1),
});

export const ZTransitionSchema = z.object({
  action: z.enum(WORKFLOW_ACTIONS),
  /** Required when requesting changes: what the annotator should fix. */
  comment: z.string().trim().max(10_000).optional(),
  /** Where the comment points: a frame, a segment (by key), both or neither. */
  frame: zInt().min(0).nullable().optional(),
  segmentKey: z.string().min(1).max(64).nullable().optional(),
});

export const ZCreateCommentSchema = z.object({
  body: z.string().trim().min(1, "Write the comment.").max(10_000),
  frame: zInt().min(0).nullable().optional(),
  segmentKey: z.string().min(1).max(64).nullable().optional(),
});

export const ZUpdateCommentSchema = z.object({ resolved: z.boolean() });

export const ZClaimNextSchema = z.object({
  taskId: zInt().positive().optional(),
  environmentId: zInt().positive().optional(),
  /** Skip this annotation when looking for the caller's own unfinished work (the one on screen). */
  excludeAnnotationId: zInt().positive().optional(),
});

export const ZAssignSchema = z.object({
  annotatorIds: z.array(zInt().positive()).min(1).max(20),
});

export const ZAgreementQuerySchema = z.object({
  k: zQueryInt(z.number().min(0).max(1000)).default(5),
  taskId: zQueryInt(z.number().positive()).optional(),
  environmentId: zQueryInt(z.number().positive()).optional(),
});

/** The review queue's filters (GET /api/review-queue, POST /api/review-queue/next). */
const reviewQueueFilters = {
  environmentId: zQueryInt(z.number().positive()).optional(),
  taskId: zQueryInt(z.number().positive()).optional(),
  annotatorId: zQueryInt(z.number().positive()).optional(),
  /** Only work submitted at least this many hours ago. */
  minAgeHours: zQueryInt(z.number().min(0).max(24 * 365)).optional(),
};
export const ZReviewQueueQuerySchema = z.object(reviewQueueFilters);
export type TReviewQueueFilters = z.infer<typeof ZReviewQueueQuerySchema>;

export const ZReviewNextSchema = z.object({
  ...reviewQueueFilters,
  /** Annotations the reviewer skipped in this session: not handed out again. */
  skip: z.array(zInt().positive()).max(500).optional(),
});

export const ZReviewReleaseSchema = z.object({ annotationId: zInt().positive() });

export const ZBulkAssignSchema = z.object({
  episodeIds: z.array(zInt().positive()).min(1).max(200),
  annotatorId: zInt().positive(),
});
