// Request schemas of the release API, shared by the routes, the data layer, the OpenAPI document
// and the release pages' tests. Pure.
import { z } from "zod";
import { zInt } from "@/lib/server/schemas";
import { RELEASE_ACTION_NAMES } from "./workflow";

export const ZSplitConfigSchema = z.object({
  heldOutEnvironmentIds: z.array(zInt().positive()).max(1000).default([]),
  testTaskIds: z.array(zInt().positive()).max(10_000).default([]),
  /** Percent of a training task's episodes held out as in-domain test episodes. */
  idTestPercent: z.number().min(0).max(50).default(10),
  seed: zInt().min(0).max(2 ** 31 - 1).default(0),
});
export type TSplitConfig = z.infer<typeof ZSplitConfigSchema>;

export const ZReleaseDefinitionSchema = z.object({
  /** Empty: every environment. */
  environmentIds: z.array(zInt().positive()).max(1000).default([]),
  /** Empty: every task of the chosen environments. */
  taskIds: z.array(zInt().positive()).max(10_000).default([]),
  /** Empty: every episode of the chosen tasks. */
  episodeIds: z.array(zInt().positive()).max(1_000_000).default([]),
  /** Keep only episodes with at least one accepted chain of thought. */
  onlyWithAcceptedChains: z.boolean().default(false),
});
export type TReleaseDefinition = z.infer<typeof ZReleaseDefinitionSchema>;

export const ZCreateReleaseSchema = z.object({
  name: z.string().trim().min(1).max(120).regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, "Use letters, digits, spaces, dots, dashes and underscores."),
  notes: z.string().max(20_000).default(""),
  definition: ZReleaseDefinitionSchema.default(ZReleaseDefinitionSchema.parse({})),
  splits: ZSplitConfigSchema.default(ZSplitConfigSchema.parse({})),
});
export type TCreateRelease = z.infer<typeof ZCreateReleaseSchema>;

export const ZUpdateReleaseSchema = z.object({
  /** The release's updatedAt when the editor loaded it; a save over a newer version is a 409. */
  baseUpdatedAt: z.iso.datetime().optional(),
  notes: z.string().max(20_000).optional(),
  definition: ZReleaseDefinitionSchema.optional(),
  splits: ZSplitConfigSchema.optional(),
});

export const ZPreviewReleaseSchema = z.object({
  definition: ZReleaseDefinitionSchema.default(ZReleaseDefinitionSchema.parse({})),
  splits: ZSplitConfigSchema.default(ZSplitConfigSchema.parse({})),
});

export const ZTransitionReleaseSchema = z.object({
  action: z.enum(RELEASE_ACTION_NAMES),
  /** For approve and publish: the content hash the lead looked at; a different one is a 409. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  comment: z.string().trim().max(5000).optional(),
});
