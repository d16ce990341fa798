// What the episode routes answer (app/api/episodes/**, app/api/facets), as
// lib/episodes/list-episodes.ts, get-episode.ts, camera-offset.ts,
// lib/annotations/claim-episode.ts and lib/predictions/compare-episode.ts build it.
// The frame and poster routes answer JPEG bytes (withApi `binary`), not JSON.
import { z } from "zod";
import { int, ZAnnotationOrigin, ZAnnotationStatus, ZChainVerdict, ZOutcome, ZProgressWeighting, ZQuestionType, ZSourceKind, ZTranscodeStatus, zWireDate, ZMetricScope } from "./common";
import { ZSegment } from "./annotations";
import { ZParseFlag } from "./predictions";
import { ZProgressMetrics } from "./runs";
import { ZUserRef } from "./users";

const ZNamed = z.strictObject({ id: int(), name: z.string() });

/** One row of the episode browser (EpisodeRow). */
export const ZEpisodeRow = z.strictObject({
  id: int(),
  sourceKey: z.string(),
  environment: ZNamed,
  task: z.strictObject({ id: int(), instruction: z.string() }),
  lengthFrames: int(),
  fps: z.number(),
  /** Null when blind double annotation hides it from the viewer. */
  outcome: ZOutcome.nullable(),
  status: ZAnnotationStatus,
  assignee: ZUserRef.nullable(),
  /** How many cameras the episode has. */
  cameras: int(),
  posterUrl: z.string(),
});
export type EpisodeRowView = z.infer<typeof ZEpisodeRow>;

/** GET /api/episodes: one page of the filtered, sorted list. */
export const ZEpisodeListResponse = z.strictObject({ items: z.array(ZEpisodeRow), total: int(), page: int(), pageSize: int() });
export type EpisodeListResponse = z.infer<typeof ZEpisodeListResponse>;

/** lib/media/frame-table.ts FrameTable: every frame's presentation time, compactly. */
export const ZFrameTable = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("uniform"), startTicks: z.number(), tbNum: int(), tbDen: int(), fpsNum: int(), fpsDen: int(), count: int() }),
  z.strictObject({ kind: z.literal("list"), tbNum: int(), tbDen: int(), pts: z.array(z.number()), endTicks: z.number() }),
]);

/** One camera of an episode: where the episode lies in its file, and how the file plays. */
export const ZEpisodeCamera = z.strictObject({
  camera: z.string(),
  videoFileId: int(),
  startSec: z.number(),
  startFrame: int(),
  frameCount: int(),
  offsetMs: z.number(),
  fileFrameCount: int(),
  /** Presentation times of the file that plays; null for files imported before frame tables. */
  frameTable: ZFrameTable.nullable(),
  fps: z.number(),
  variableRate: z.boolean(),
  fpsNum: int(),
  fpsDen: int(),
  codec: z.string(),
  codecPlayable: z.boolean(),
  width: int(),
  height: int(),
  playable: z.boolean(),
  transcodeStatus: ZTranscodeStatus,
  transcodeProgress: z.number(),
  transcodeError: z.string().nullable(),
  /** The media URL, when the file (or its converted copy) plays in a browser. */
  src: z.string().nullable(),
});
export type EpisodeCamera = z.infer<typeof ZEpisodeCamera>;

/** An annotation of the episode the caller may see (annotators: their own and imported ones). */
export const ZEpisodeAnnotation = z.strictObject({
  id: int(),
  origin: ZAnnotationOrigin,
  annotator: ZUserRef.nullable(),
  version: int(),
  status: ZAnnotationStatus,
  outcome: ZOutcome,
  segments: z.array(ZSegment),
});
export type EpisodeAnnotation = z.infer<typeof ZEpisodeAnnotation>;

/** GET /api/episodes/<id> (getEpisode). */
export const ZEpisodeResponse = z.strictObject({
  id: int(),
  sourceKey: z.string(),
  source: z.strictObject({ id: int(), kind: ZSourceKind, name: z.string() }),
  environment: ZNamed,
  task: z.strictObject({ id: int(), key: z.string(), instruction: z.string(), canonicalSubtasks: z.array(z.string()), progressWeighting: ZProgressWeighting }),
  lengthFrames: int(),
  fps: z.number(),
  referenceCamera: z.string().nullable(),
  timingNotes: z.array(z.string()),
  /** UNKNOWN to a second annotator of a blind double-annotated episode. */
  outcome: ZOutcome,
  status: ZAnnotationStatus,
  assignee: ZUserRef.nullable(),
  splitTags: z.array(z.string()),
  /** Extra source fields, verbatim. */
  metadata: z.json(),
  createdAt: zWireDate,
  cameras: z.array(ZEpisodeCamera),
  annotations: z.array(ZEpisodeAnnotation),
  annotatorCount: int(),
});
export type EpisodeResponse = z.infer<typeof ZEpisodeResponse>;

/** GET /api/facets: what the episode filters offer. */
export const ZFacetsResponse = z.strictObject({
  environments: z.array(ZNamed),
  tasks: z.array(z.strictObject({ id: int(), instruction: z.string(), environmentId: int() })),
  /** Active users, for the assignee filter. */
  assignees: z.array(ZUserRef),
});
export type FacetsResponse = z.infer<typeof ZFacetsResponse>;

/** PATCH /api/episodes/<id>/cameras/<camera>: the camera's new offset and stretch of frames. */
export const ZCameraOffsetResponse = z.strictObject({
  camera: z.strictObject({ camera: z.string(), offsetMs: z.number(), startFrame: int(), frameCount: int() }),
});
export type CameraOffsetResponse = z.infer<typeof ZCameraOffsetResponse>;

/** An episode the caller works on (lib/annotations/claim-episode.ts Claimed). */
export const ZClaimed = z.strictObject({
  episodeId: int(),
  annotationId: int(),
  /** True when this is work the annotator already had, not a newly claimed episode. */
  resumed: z.boolean(),
});
export type ClaimedView = z.infer<typeof ZClaimed>;

/** POST /api/episodes/<id>/claim */
export const ZClaimResponse = z.strictObject({ claimed: ZClaimed });
export type ClaimResponse = z.infer<typeof ZClaimResponse>;

/** POST /api/episodes/next: null when nothing is waiting. */
export const ZClaimNextResponse = z.strictObject({ claimed: ZClaimed.nullable() });
export type ClaimNextResponse = z.infer<typeof ZClaimNextResponse>;

/** POST /api/episodes/<id>/assignments: who was added, and every annotator's annotation now. */
export const ZAssignResponse = z.strictObject({
  episodeId: int(),
  added: z.array(int()),
  annotations: z.array(z.strictObject({ id: int(), status: ZAnnotationStatus, annotator: ZUserRef })),
});
export type AssignResponse = z.infer<typeof ZAssignResponse>;

/** One prediction of a run on the episode (compareEpisode). */
export const ZComparisonPoint = z.strictObject({
  predictionId: int(),
  frame: int(),
  questionType: ZQuestionType,
  progress: z.number().nullable(),
  value: z.number().nullable(),
  gt: z.number().nullable(),
  formatOk: z.boolean(),
  parseFlag: ZParseFlag.nullable(),
  score: z.number().nullable(),
  verdict: ZChainVerdict.nullable(),
});
export type ComparisonPointView = z.infer<typeof ZComparisonPoint>;

export const ZComparisonRun = z.strictObject({
  id: int(),
  name: z.string(),
  modelName: z.string(),
  points: z.array(ZComparisonPoint),
  metrics: ZProgressMetrics,
});
export type ComparisonRunView = z.infer<typeof ZComparisonRun>;

/** GET /api/episodes/<id>/comparison: the ground-truth curve (its corners) and every run that predicted the episode. */
export const ZComparisonResponse = z.strictObject({
  episodeId: int(),
  groundTruth: z
    .strictObject({
      points: z.array(z.strictObject({ frame: int(), progress: z.number() })),
      annotationId: int(),
      annotationVersion: int(),
      annotationStatus: ZAnnotationStatus,
      outcome: ZOutcome,
    })
    .nullable(),
  groundTruthWithheld: z.string().nullable(),
  scope: ZMetricScope,
  runs: z.array(ZComparisonRun),
});
export type ComparisonResponse = z.infer<typeof ZComparisonResponse>;
