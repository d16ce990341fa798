// What the release routes answer (app/api/releases/**, except exports: lib/contract/exports.ts),
// as lib/releases/releases.ts builds it.
import { z } from "zod";
import { int, ZOutcome, ZReleaseStatus, ZSplitTag, zWireDate } from "./common";

const ZUserRef = z.strictObject({ id: int(), name: z.string() });

/** Episodes per benchmark split tag (lib/releases/splits.ts SplitCounts). */
export const ZSplitCounts = z.strictObject({ TRAIN: int(), ID: int(), OOD_CROSS_TASK: int(), OOD_CROSS_ENV: int() });
export type SplitCountsView = z.infer<typeof ZSplitCounts>;

/** The stored definition, as lib/releases/schemas.ts ZReleaseDefinitionSchema gives it back. */
export const ZReleaseDefinition = z.strictObject({
  environmentIds: z.array(int()),
  taskIds: z.array(int()),
  episodeIds: z.array(int()),
  onlyWithAcceptedChains: z.boolean(),
});

/** The stored split configuration (lib/releases/splits.ts ZSplitConfigSchema, defaults filled). */
export const ZReleaseSplits = z.strictObject({
  heldOutEnvironmentIds: z.array(int()),
  testTaskIds: z.array(int()),
  idTestPercent: z.number(),
  seed: int(),
});

const ZEnvironmentCounts = z.strictObject({ id: int(), name: z.string(), counts: ZSplitCounts });
const ZRules = z.strictObject({ selection: z.string(), splits: z.string() });

/** POST /api/releases/preview: counts per split before anything is saved. */
export const ZReleasePreviewResponse = z.strictObject({
  episodes: int(),
  total: ZSplitCounts,
  environments: z.array(ZEnvironmentCounts),
  warnings: z.array(z.string()),
  /** Labels off their task's vocabulary, per task and label (lib/releases/releases.ts offVocabularyLabels). */
  offVocabulary: z.array(z.strictObject({ taskId: int(), instruction: z.string(), label: z.string(), segments: int(), episodes: int() })),
  rules: ZRules,
});
export type ReleasePreviewResponse = z.infer<typeof ZReleasePreviewResponse>;

const summaryShape = {
  id: int(),
  name: z.string(),
  version: int(),
  status: ZReleaseStatus,
  notes: z.string(),
  episodeCount: int(),
  contentHash: z.string().nullable(),
  snapshotAt: zWireDate.nullable(),
  approvedAt: zWireDate.nullable(),
  publishedAt: zWireDate.nullable(),
  createdAt: zWireDate,
  updatedAt: zWireDate,
  previousId: int().nullable(),
  createdBy: ZUserRef.nullable(),
  approvedBy: ZUserRef.nullable(),
  publishedBy: ZUserRef.nullable(),
};

/** One release in the list (listReleases). */
export const ZReleaseSummary = z.strictObject(summaryShape);
export type ReleaseSummary = z.infer<typeof ZReleaseSummary>;

/** One entry of a release's history (from the audit log), newest first. */
export const ZReleaseHistoryEntry = z.strictObject({
  id: int(),
  action: z.string(),
  at: zWireDate,
  actor: ZUserRef.nullable(),
  exportId: int().nullable(),
  comment: z.string().nullable(),
  contentHash: z.string().nullable(),
  fields: z.array(z.string()).nullable(),
});
export type ReleaseHistoryEntry = z.infer<typeof ZReleaseHistoryEntry>;

/** One release with its definition, counts and history (getRelease). */
export const ZReleaseDetail = z.strictObject({
  ...summaryShape,
  previous: z.strictObject({ id: int(), name: z.string(), version: int(), status: ZReleaseStatus }).nullable(),
  definition: ZReleaseDefinition,
  splits: ZReleaseSplits,
  /** Submitted: the counts are of the frozen snapshot; a draft's are a live preview. */
  frozen: z.boolean(),
  /** A draft only: the episodes its definition selects now (a frozen release has episodeCount). */
  episodes: int().optional(),
  total: ZSplitCounts,
  environments: z.array(ZEnvironmentCounts),
  warnings: z.array(z.string()),
  rules: ZRules,
  history: z.array(ZReleaseHistoryEntry),
});
export type ReleaseDetail = z.infer<typeof ZReleaseDetail>;

/** GET /api/releases */
export const ZReleaseListResponse = z.strictObject({ releases: z.array(ZReleaseSummary) });
export type ReleaseListResponse = z.infer<typeof ZReleaseListResponse>;

/** POST /api/releases */
export const ZReleaseCreateResponse = z.strictObject({
  release: z.strictObject({ id: int(), name: z.string(), version: int(), status: ZReleaseStatus }),
});
export type ReleaseCreateResponse = z.infer<typeof ZReleaseCreateResponse>;

/** GET /api/releases/<id>, PATCH /api/releases/<id> */
export const ZReleaseResponse = z.strictObject({ release: ZReleaseDetail });
export type ReleaseResponse = z.infer<typeof ZReleaseResponse>;

/** DELETE /api/releases/<id> */
export const ZReleaseDeleteResponse = z.strictObject({ deleted: z.literal(true) });
export type ReleaseDeleteResponse = z.infer<typeof ZReleaseDeleteResponse>;

/** POST /api/releases/<id>/transitions */
export const ZReleaseTransitionResponse = z.strictObject({ id: int(), status: ZReleaseStatus });
export type ReleaseTransitionResponse = z.infer<typeof ZReleaseTransitionResponse>;

const ZEpisodeRef = z.strictObject({ episodeId: int(), key: z.string() });

/** GET /api/releases/<id>/diff: what changed since the previous published release of the name. */
export const ZReleaseDiffResponse = z.strictObject({
  previous: z.strictObject({ id: int(), version: int() }).nullable(),
  diff: z.strictObject({
    added: z.array(ZEpisodeRef),
    removed: z.array(ZEpisodeRef),
    changed: z.array(
      z.strictObject({
        episodeId: int(),
        key: z.string(),
        changes: z.array(z.string()),
        kinds: z.array(z.enum(["boundaries", "labels", "outcome", "split", "chains", "segments"])),
      }),
    ),
    unchanged: int(),
  }),
});
export type ReleaseDiffResponse = z.infer<typeof ZReleaseDiffResponse>;

/** One frozen episode of a release, as the episodes table lists it. */
export const ZReleaseEpisode = z.strictObject({
  episodeId: int(),
  key: z.string(),
  environment: z.string(),
  task: z.string(),
  split: z.enum(["train", "test"]),
  splitTag: ZSplitTag,
  outcome: ZOutcome,
  segments: int(),
  chains: int(),
  annotationVersion: int(),
  hasVideo: z.boolean(),
});
export type ReleaseEpisode = z.infer<typeof ZReleaseEpisode>;

/** GET /api/releases/<id>/episodes */
export const ZReleaseEpisodesResponse = z.strictObject({ total: int(), episodes: z.array(ZReleaseEpisode) });
export type ReleaseEpisodesResponse = z.infer<typeof ZReleaseEpisodesResponse>;
