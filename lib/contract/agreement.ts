// What the agreement routes answer (app/api/agreement, app/api/episodes/<id>/agreement), as
// lib/annotations/agreement-report.ts builds it from lib/agreement/agreement.ts.
import { z } from "zod";
import { int } from "./common";
import { ZUserRef } from "./users";

/** The three figures of one pair or one summary; null when there is nothing to measure. */
const figures = {
  /** Mean distance in frames from each boundary to the nearest boundary of the other annotation. */
  meanBoundaryOffset: z.number().nullable(),
  /** Share (0..1) of those distances that are ≤ k frames. */
  withinK: z.number().nullable(),
  /** Mean best same-label temporal IoU. */
  segmentIoU: z.number().nullable(),
};

/** lib/agreement/agreement.ts PairResult. */
export const ZPairResult = z.strictObject({ ...figures, boundaryCount: int() });
export type PairResultView = z.infer<typeof ZPairResult>;

/** lib/agreement/agreement.ts Summary: plain means over `pairs` pairs. */
export const ZAgreementSummary = z.strictObject({ pairs: int(), ...figures });
export type AgreementSummary = z.infer<typeof ZAgreementSummary>;

const ZPairSide = z.strictObject({ annotationId: int(), annotator: ZUserRef });

/** Two annotators' annotations of one episode, compared. */
export const ZAgreementPair = z.strictObject({
  episodeId: int(),
  taskId: int(),
  a: ZPairSide,
  b: ZPairSide,
  result: ZPairResult,
  outcomes: z.tuple([z.string(), z.string()]),
  failureReasons: z.tuple([z.string().nullable(), z.string().nullable()]),
});
export type AgreementPairView = z.infer<typeof ZAgreementPair>;

/** GET /api/episodes/<id>/agreement: every pair of the episode's (submitted) annotations. */
export const ZEpisodeAgreementResponse = z.strictObject({
  k: int(),
  pairs: z.array(ZAgreementPair),
  lengthFrames: int(),
  /** Each compared annotation's timeline and outcome, for the side-by-side view. */
  annotations: z.array(
    z.strictObject({
      annotationId: int(),
      annotator: ZUserRef,
      outcome: z.string(),
      failureReason: z.string().nullable(),
      segments: z.array(z.strictObject({ startFrame: int(), endFrame: int(), label: z.string() })),
    }),
  ),
});

/** lib/agreement/kappa.ts KappaResult. */
export const ZKappa = z.strictObject({ n: int(), agree: int(), kappa: z.number().nullable(), categories: z.array(z.string()), confusion: z.array(z.array(int())) });
export type KappaView = z.infer<typeof ZKappa>;
export type EpisodeAgreementResponse = z.infer<typeof ZEpisodeAgreementResponse>;

/** GET /api/agreement: the project report, overall, per annotator, per task, and every pair. */
export const ZAgreementReportResponse = z.strictObject({
  k: int(),
  overall: ZAgreementSummary,
  /** Outcome agreement over every pair; failure-reason agreement over pairs where both said failure. */
  outcomeKappa: ZKappa,
  failureReasonKappa: ZKappa,
  byAnnotator: z.array(ZAgreementSummary.extend({ annotator: ZUserRef })),
  byTask: z.array(ZAgreementSummary.extend({ task: z.strictObject({ id: int(), instruction: z.string() }) })),
  pairs: z.array(ZAgreementPair),
});
export type AgreementReportResponse = z.infer<typeof ZAgreementReportResponse>;
