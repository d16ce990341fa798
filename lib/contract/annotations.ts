// What the annotation routes answer (app/api/annotations/**, app/api/comments/<id>), as
// lib/annotations/get-annotation.ts, save-annotation.ts, transition-annotation.ts and
// comments.ts build it.
import { z } from "zod";
import { WORKFLOW_ACTIONS } from "@/lib/annotation/workflow";
import { int, ZAnnotationOrigin, ZAnnotationStatus, ZOutcome, zWireDate } from "./common";
import { ZUserRef } from "./users";

/** One subtask segment: episode frames, inclusive on both ends; `key` survives saves. */
export const ZSegment = z.strictObject({ key: z.string(), startFrame: int(), endFrame: int(), label: z.string() });
export type SegmentView = z.infer<typeof ZSegment>;

/** An annotation's content (lib/annotation/types.ts AnnotationSnapshot). */
export const ZAnnotationSnapshot = z.strictObject({
  segments: z.array(ZSegment),
  outcome: ZOutcome,
  failureReason: z.string().nullable(),
  note: z.string(),
  qualityFlags: z.array(z.string()),
});
export type AnnotationSnapshotView = z.infer<typeof ZAnnotationSnapshot>;

export const ZWorkflowAction = z.enum(WORKFLOW_ACTIONS);

/** GET /api/annotations/<id> (presentAnnotation): the current snapshot and what the caller may do with it. */
export const ZAnnotationResponse = z.strictObject({
  id: int(),
  episodeId: int(),
  /** Null for an imported annotation. */
  annotator: ZUserRef.nullable(),
  origin: ZAnnotationOrigin,
  version: int(),
  status: ZAnnotationStatus,
  snapshot: ZAnnotationSnapshot,
  updatedAt: zWireDate,
  /** Who saved the current version and when (null when the version row or its author is gone). */
  savedBy: ZUserRef.nullable(),
  savedAt: zWireDate.nullable(),
  permissions: z.strictObject({ canEdit: z.boolean(), actions: z.array(ZWorkflowAction) }),
});
export type AnnotationResponse = z.infer<typeof ZAnnotationResponse>;

/** PUT /api/annotations/<id>, POST /api/annotations/<id>/restore: the new version. */
export const ZSaveAnnotationResponse = z.strictObject({ id: int(), version: int(), savedAt: zWireDate });
export type SaveAnnotationResponse = z.infer<typeof ZSaveAnnotationResponse>;

/** POST /api/annotations/<id>/transitions: the status the action moved to. */
export const ZTransitionResponse = z.strictObject({ id: int(), status: ZAnnotationStatus, version: int() });
export type TransitionResponse = z.infer<typeof ZTransitionResponse>;

/** One saved version of an annotation (listVersions). */
export const ZAnnotationVersion = z.strictObject({
  version: int(),
  createdAt: zWireDate,
  /** Null when the author's account is gone. */
  author: ZUserRef.nullable(),
  snapshot: ZAnnotationSnapshot,
});
export type AnnotationVersionView = z.infer<typeof ZAnnotationVersion>;

/** A workflow step from the audit log, for the history (lib/annotation/version-history.ts HistoryEvent). */
export const ZHistoryEvent = z.strictObject({
  action: z.enum(["submit", "start_review", "approve", "request_changes", "restore", "release_review"]),
  at: zWireDate,
  actor: ZUserRef.nullable(),
  version: int(),
  restoredFrom: int().nullable(),
});

/** GET /api/annotations/<id>/versions: every saved version newest first, and the workflow steps oldest first. */
export const ZVersionsResponse = z.strictObject({ versions: z.array(ZAnnotationVersion), events: z.array(ZHistoryEvent) });
export type VersionsResponse = z.infer<typeof ZVersionsResponse>;

/** A review comment, pinned to a frame, a segment (by key), both or neither. */
export const ZComment = z.strictObject({
  id: int(),
  annotationId: int(),
  annotationVersion: int(),
  frame: int().nullable(),
  segmentKey: z.string().nullable(),
  body: z.string(),
  resolved: z.boolean(),
  resolvedAt: zWireDate.nullable(),
  createdAt: zWireDate,
  author: ZUserRef,
  resolvedBy: ZUserRef.nullable(),
});
export type CommentView = z.infer<typeof ZComment>;

/** GET /api/annotations/<id>/comments: oldest first. */
export const ZCommentsResponse = z.strictObject({ comments: z.array(ZComment) });
export type CommentsResponse = z.infer<typeof ZCommentsResponse>;

/** POST /api/annotations/<id>/comments (201), PATCH /api/comments/<id> */
export const ZCommentResponse = z.strictObject({ comment: ZComment });
export type CommentResponse = z.infer<typeof ZCommentResponse>;
