// What the leaderboard routes answer (app/api/leaderboard/**), as lib/metrics/leaderboard.ts
// builds it. `?format=json` downloads the same document.
import { z } from "zod";
import { int, ZMetricScope, zWireDate } from "./common";

const metric = () => z.number().nullable();

export const ZBenchmarkSplit = z.enum(["ID", "OOD_CROSS_TASK", "OOD_CROSS_ENV", "TRAIN"]);
export type BenchmarkSplitName = z.infer<typeof ZBenchmarkSplit>;

/** The metrics of one leaderboard cell (lib/metrics/sums.ts Cell; CELL_METRICS are the nullable ones). */
const metricShape = {
  linearRelativeAccuracy: metric(),
  thresholdRelativeAccuracy: metric(),
  absoluteRangeAccuracy: metric(),
  mae: metric(),
  rmse: metric(),
  acc5: metric(),
  acc10: metric(),
  pearson: metric(),
  /** answered / n: the share of samples the figures are over. */
  coverage: metric(),
  formatRate: metric(),
};

export const ZCell = z.strictObject({ total: int(), n: int(), answered: int(), gtZero: int(), ...metricShape });
export type Cell = z.infer<typeof ZCell>;

/** A cell, with its value before the ground-truth changes the user has not acknowledged (only when different). */
export const ZCellWithPrevious = ZCell.extend({ previous: ZCell.optional() });
export type CellWithPrevious = z.infer<typeof ZCellWithPrevious>;

/** Each metric's mean over the environments that have a value. */
export const ZMetricAverage = z.strictObject(metricShape);

export const ZLeaderboardRow = z.strictObject({
  runId: int(),
  runName: z.string(),
  modelName: z.string(),
  /** False when some prediction of the run saw the whole trajectory (lib/predictions/import-predictions.ts). */
  causal: z.boolean(),
  /** By environment id. */
  cells: z.record(z.string().regex(/^\d+$/), ZCellWithPrevious),
  average: ZMetricAverage,
  previousAverage: ZMetricAverage.optional(),
  pooled: ZCellWithPrevious,
});
export type LeaderboardRow = z.infer<typeof ZLeaderboardRow>;

export const ZLeaderboardSplit = z.strictObject({
  split: ZBenchmarkSplit,
  label: z.string(),
  environments: z.array(z.strictObject({ id: int(), name: z.string() })),
  rows: z.array(ZLeaderboardRow),
  /** MAE per ground-truth interval (intervalLabels), per run. */
  intervals: z.array(
    z.strictObject({
      runId: int(),
      runName: z.string(),
      mae: z.array(z.number().nullable()),
      n: z.array(int()),
      previousMae: z.array(z.number().nullable()).optional(),
    }),
  ),
  worst: z.array(
    z.strictObject({
      runId: int(),
      runName: z.string(),
      episodeId: int(),
      episodeKey: z.string(),
      taskInstruction: z.string(),
      mae: z.number(),
      answered: int(),
      previousMae: z.number().nullable().optional(),
    }),
  ),
});
export type LeaderboardSplit = z.infer<typeof ZLeaderboardSplit>;

/** GET /api/leaderboard */
export const ZLeaderboardResponse = z.strictObject({
  generatedAt: zWireDate,
  gtZeroRule: z.string(),
  scope: ZMetricScope,
  intervalLabels: z.array(z.string()),
  splits: z.array(ZLeaderboardSplit),
  changes: z.strictObject({
    /** Changes after this id are "new" to the user. */
    since: int(),
    latest: int(),
    episodes: z.array(
      z.strictObject({
        episodeId: int(),
        episodeKey: z.string(),
        predictions: int(),
        at: zWireDate,
        author: z.string().nullable(),
        annotationVersion: int().nullable(),
      }),
    ),
    predictions: int(),
  }),
});
export type LeaderboardResponse = z.infer<typeof ZLeaderboardResponse>;

/** POST /api/leaderboard/seen */
export const ZLeaderboardSeenResponse = z.strictObject({ changeId: int() });
export type LeaderboardSeenResponse = z.infer<typeof ZLeaderboardSeenResponse>;
