// What the prediction-run routes answer (app/api/runs/**), as lib/predictions/runs.ts,
// lib/model-runs/run-model.ts, lib/metrics/run-report.ts and lib/predictions/import-predictions.ts
// build it.
import { z } from "zod";
import { int, ZJobStatus, ZMetricScope, zWireDate } from "./common";
import { PREDICTION_FILE_FORMATS } from "@/lib/predictions/formats/ids";

const ZUserRef = z.strictObject({ id: int(), name: z.string() });

export type JobStatus = z.infer<typeof ZJobStatus>;

/** How a run was made: a prediction file of one of these formats, or an endpoint job. */
export const ZRunOrigin = z.enum([...PREDICTION_FILE_FORMATS, "endpoint"]);
export const ZPredictionFileFormat = z.enum(PREDICTION_FILE_FORMATS);

/** An endpoint run's job progress; imported runs store `{}`. */
export const ZRunProgress = z.union([
  z.strictObject({ total: int(), done: int(), failed: int(), message: z.string() }),
  z.strictObject({}),
]);
export type RunProgressView = z.infer<typeof ZRunProgress>;

/** Problems of the last import (by line) or model job (by sample). */
export const ZRunProblem = z.union([
  z.strictObject({ line: int(), message: z.string() }),
  z.strictObject({ sample: z.string(), message: z.string() }),
]);

/** One run in the list (listRuns), with its prediction and review counts. */
export const ZRunSummary = z.strictObject({
  id: int(),
  name: z.string(),
  modelName: z.string(),
  description: z.string(),
  origin: ZRunOrigin,
  progressScale: z.number(),
  status: ZJobStatus,
  progress: ZRunProgress,
  problemCount: int(),
  createdAt: zWireDate,
  createdBy: z.string().nullable(),
  createdById: int().nullable(),
  endpointName: z.string().nullable(),
  predictions: int(),
  answered: int(),
  formatOk: int(),
  accepted: int(),
  rejected: int(),
  needsFix: int(),
});
export type RunSummary = z.infer<typeof ZRunSummary>;

/** One run as stored (getRun). */
export const ZRunDetail = z.strictObject({
  id: int(),
  name: z.string(),
  modelName: z.string(),
  description: z.string(),
  /** How the run was made: the endpoint and plan of a model run, the file format of an import (open JSON). */
  config: z.record(z.string(), z.unknown()),
  progressScale: z.number(),
  /** False when some prediction saw the whole trajectory. */
  causal: z.boolean(),
  origin: ZRunOrigin,
  status: ZJobStatus,
  progress: ZRunProgress,
  problems: z.array(ZRunProblem),
  endpointId: int().nullable(),
  createdById: int().nullable(),
  createdAt: zWireDate,
  updatedAt: zWireDate,
  createdBy: ZUserRef.nullable(),
  endpoint: z.strictObject({ id: int(), name: z.string(), model: z.string() }).nullable(),
});
export type RunDetail = z.infer<typeof ZRunDetail>;

/** GET /api/runs */
export const ZRunListResponse = z.strictObject({ items: z.array(ZRunSummary) });
export type RunListResponse = z.infer<typeof ZRunListResponse>;

/** POST /api/runs (202): the model run, queued. */
export const ZStartRunResponse = z.strictObject({
  run: z.strictObject({ id: int(), name: z.string(), status: ZJobStatus, progress: ZRunProgress }),
});
export type StartRunResponse = z.infer<typeof ZStartRunResponse>;

/** GET /api/runs/<id> */
export const ZRunResponse = z.strictObject({ run: ZRunDetail });
export type RunResponse = z.infer<typeof ZRunResponse>;

/** PATCH /api/runs/<id> */
export const ZRunUpdateResponse = z.strictObject({
  run: z.strictObject({ id: int(), name: z.string(), modelName: z.string(), description: z.string() }),
});
export type RunUpdateResponse = z.infer<typeof ZRunUpdateResponse>;

/** DELETE /api/runs/<id>: `deleted` is the number of predictions deleted with it. */
export const ZRunDeleteResponse = z.strictObject({ id: int(), deleted: int() });
export type RunDeleteResponse = z.infer<typeof ZRunDeleteResponse>;

/** POST /api/runs/<id>/cancel, POST /api/runs/<id>/resume (202) */
export const ZRunStatusResponse = z.strictObject({ id: int(), status: ZJobStatus });
export type RunStatusResponse = z.infer<typeof ZRunStatusResponse>;

/** lib/metrics/metrics.ts ProgressMetrics. */
export const ZProgressMetrics = z.strictObject({
  n: int(),
  answered: int(),
  missing: int(),
  noGroundTruth: int(),
  gtZero: int(),
  linearRelativeAccuracy: z.number().nullable(),
  thresholdRelativeAccuracy: z.number().nullable(),
  absoluteRangeAccuracy: z.number().nullable(),
  mae: z.number().nullable(),
  rmse: z.number().nullable(),
  acc5: z.number().nullable(),
  acc10: z.number().nullable(),
  maeByInterval: z.array(z.strictObject({ label: z.string(), n: int(), mae: z.number().nullable() })),
  pearson: z.number().nullable(),
  spearman: z.number().nullable(),
  kendallTauB: z.number().nullable(),
  withinEpisodePearson: z.strictObject({ mean: z.number().nullable(), episodes: int(), skipped: int() }),
  withinEpisodeMonotonicity: z.strictObject({ value: z.number().nullable(), steps: int() }),
  withinEpisodePairOrder: z.strictObject({ value: z.number().nullable(), pairs: int() }),
  stepDirectionAgreement: z.strictObject({ value: z.number().nullable(), steps: int() }),
});
export type ProgressMetricsView = z.infer<typeof ZProgressMetrics>;

/** One benchmark split of a run's report, or ALL. */
export const ZSplitReport = z.strictObject({
  split: z.enum(["ALL", "ID", "OOD_CROSS_TASK", "OOD_CROSS_ENV", "TRAIN"]),
  label: z.string(),
  progress: ZProgressMetrics,
  /** Large Reward Models' open-loop metrics (lib/metrics/metrics.ts lrmMetrics). */
  lrm: z.strictObject({
    trajectories: int(),
    successes: int(),
    failures: int(),
    rocAuc: z.number().nullable(),
    pairwiseAccuracy: z.strictObject({ value: z.number().nullable(), pairs: int() }),
    globalPearson: z.number().nullable(),
    perTrajectoryPearson: z.strictObject({ mean: z.number().nullable(), std: z.number().nullable(), trajectories: int() }),
  }),
  rocAuc: z.strictObject({ value: z.number().nullable(), episodes: int(), successes: int(), failures: int() }),
  yesNo: z.strictObject({ value: z.number().nullable(), answered: int(), missing: int() }),
  /** Temporal-contrastive comparisons (lib/metrics/metrics.ts contrastiveMetrics). */
  contrastive: z.strictObject({
    trajectories: int(),
    comparisons: int(),
    missing: int(),
    directionAccuracy: z.number().nullable(),
    progressRecall: z.strictObject({ value: z.number().nullable(), forward: int() }),
    monotonicity: z.strictObject({ value: z.number().nullable(), trajectories: int() }),
  }),
});
export type SplitReport = z.infer<typeof ZSplitReport>;

/** GET /api/runs/<id>/report */
export const ZRunReportResponse = z.strictObject({
  run: z.strictObject({ id: int(), name: z.string(), modelName: z.string() }),
  splits: z.array(ZSplitReport),
  scope: ZMetricScope,
  rules: z.strictObject({ gtZero: z.string(), successScore: z.string(), completionTruth: z.string() }),
});
export type RunReportResponse = z.infer<typeof ZRunReportResponse>;

/** POST /api/runs/import: what a prediction file import did. */
export const ZImportPredictionsResponse = z.strictObject({
  run: z.strictObject({ id: int(), name: z.string(), created: z.boolean() }),
  format: ZPredictionFileFormat,
  lines: int(),
  created: int(),
  updated: int(),
  unchanged: int(),
  problems: z.array(z.strictObject({ line: int(), message: z.string() })),
  problemCount: int(),
});
export type ImportPredictionsResponse = z.infer<typeof ZImportPredictionsResponse>;
