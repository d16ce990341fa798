// What the chain-review routes answer (app/api/predictions/**), as lib/predictions/review.ts
// builds it.
import { z } from "zod";
import { PARSE_FLAG_TEXT, type ParseFlag } from "@/lib/primo/parse-output";
import { int, ZChainVerdict, ZOutcome, ZQuestionType, zWireDate } from "./common";

const ZUserRef = z.strictObject({ id: int(), name: z.string() });

/** Why the parser flagged an answer (lib/predictions/parse-output.ts). */
export const ZParseFlag = z.enum(Object.keys(PARSE_FLAG_TEXT) as [ParseFlag, ...ParseFlag[]]);

/** One prediction in the review queue (listReviewQueue). */
export const ZQueueItem = z.strictObject({
  id: int(),
  runId: int(),
  runName: z.string(),
  episodeId: int(),
  episodeKey: z.string(),
  environment: z.string(),
  task: z.string(),
  queryFrame: int(),
  questionType: ZQuestionType,
  progress: z.number().nullable(),
  /** The parsed answer on the run's scale (completion: 1 yes, 0 no). */
  value: z.number().nullable(),
  gt: z.number().nullable(),
  error: z.number().nullable(),
  formatOk: z.boolean(),
  parseFlag: ZParseFlag.nullable(),
  verdict: ZChainVerdict.nullable(),
  edited: z.boolean(),
});
export type QueueItem = z.infer<typeof ZQueueItem>;

/** GET /api/predictions?… : one page of the queue. */
export const ZReviewQueueResponse = z.strictObject({ items: z.array(ZQueueItem), total: int(), page: int(), pageSize: int() });
export type ReviewQueueResponse = z.infer<typeof ZReviewQueueResponse>;

/** A reviewer's edit and verdict of a chain (chain_reviews row). */
export const ZChainReview = z.strictObject({
  id: int(),
  predictionId: int(),
  reviewerId: int().nullable(),
  verdict: ZChainVerdict.nullable(),
  planning: z.string(),
  observation: z.string(),
  reasoning: z.string(),
  answerText: z.string(),
  note: z.string(),
  version: int(),
  createdAt: zWireDate,
  updatedAt: zWireDate,
  reviewer: ZUserRef.nullable(),
});
export type ChainReview = z.infer<typeof ZChainReview>;

/** One prediction with everything the review panel shows next to it (getPrediction). */
export const ZPredictionDetail = z.strictObject({
  id: int(),
  runId: int(),
  episodeId: int(),
  queryFrame: int(),
  questionType: ZQuestionType,
  question: z.string().nullable(),
  sampledFrames: z.array(int()),
  /** False when the model saw the whole trajectory (frames after the query frame). */
  causal: z.boolean(),
  rawOutput: z.string(),
  formatOk: z.boolean(),
  think: z.string().nullable(),
  planning: z.string().nullable(),
  observation: z.string().nullable(),
  reasoning: z.string().nullable(),
  answerText: z.string().nullable(),
  value: z.number().nullable(),
  progress: z.number().nullable(),
  parseFlag: ZParseFlag.nullable(),
  score: z.number().nullable(),
  /** Contrastive: the frame the query frame was compared with. */
  referenceFrame: int().nullable(),
  /** The model's probability (0–1) that the task has succeeded by the query frame. */
  successProb: z.number().nullable(),
  referenceAnswer: z.string().nullable(),
  gtProgress: z.number().nullable(),
  /** Contrastive: ground-truth progress at the reference frame. */
  gtReference: z.number().nullable(),
  sourceLine: int().nullable(),
  createdAt: zWireDate,
  updatedAt: zWireDate,
  run: z.strictObject({ id: int(), name: z.string(), modelName: z.string(), progressScale: z.number() }),
  review: ZChainReview.nullable(),
  episode: z.strictObject({
    id: int(),
    sourceKey: z.string(),
    lengthFrames: int(),
    fps: z.number(),
    outcome: ZOutcome,
    environment: z.strictObject({ id: int(), name: z.string() }),
    task: z.strictObject({ id: int(), instruction: z.string() }),
    videos: z.array(z.strictObject({ camera: z.string() })),
  }),
  /** The latest ground-truth changes of this prediction, newest first. */
  gtChanges: z.array(
    z.strictObject({
      before: z.number().nullable(),
      after: z.number().nullable(),
      change: z.strictObject({
        id: int(),
        createdAt: zWireDate,
        annotationVersion: int().nullable(),
        author: z.strictObject({ name: z.string() }).nullable(),
      }),
    }),
  ),
  /** PRIMO's accuracy reward of the prediction against the ground truth (0..1), when both exist. */
  reward: z.number().nullable(),
  parseFlagText: z.string().nullable(),
  /** What the model saw, as episode frame indices: I_init, the sampled V_seq, I_curr. */
  frames: z.strictObject({ init: int(), sampled: z.array(int()), current: int() }),
});
export type PredictionDetail = z.infer<typeof ZPredictionDetail>;

/** GET /api/predictions/<id> */
export const ZPredictionResponse = z.strictObject({ prediction: ZPredictionDetail });
export type PredictionResponse = z.infer<typeof ZPredictionResponse>;

/** The saved review, and whether the edited answer passes the parser. */
export const ZSavedReview = z.strictObject({
  id: int(),
  version: int(),
  verdict: ZChainVerdict.nullable(),
  updatedAt: zWireDate,
  answerFlag: ZParseFlag.nullable(),
  answerFlagText: z.string().nullable(),
});
export type SavedReview = z.infer<typeof ZSavedReview>;

/** PUT /api/predictions/<id>/review */
export const ZSaveReviewResponse = z.strictObject({ review: ZSavedReview });
export type SaveReviewResponse = z.infer<typeof ZSaveReviewResponse>;
