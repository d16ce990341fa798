// Query-key builders: one place that knows how each resource is cached.
export const episodeKeys = {
  all: ["episodes"] as const,
  lists: () => [...episodeKeys.all, "list"] as const,
  list: (filters: Record<string, unknown>) => [...episodeKeys.lists(), filters] as const,
  details: () => [...episodeKeys.all, "detail"] as const,
  detail: (id: number) => [...episodeKeys.details(), id] as const,
};

export const facetKeys = { all: ["facets"] as const };

export const importKeys = {
  all: ["imports"] as const,
  list: () => [...importKeys.all, "list"] as const,
  detail: (id: number) => [...importKeys.all, "detail", id] as const,
  sources: () => [...importKeys.all, "sources"] as const,
};

export const userKeys = { all: ["users"] as const, list: () => [...userKeys.all, "list"] as const };

export const annotationKeys = {
  all: ["annotations"] as const,
  detail: (id: number) => [...annotationKeys.all, "detail", id] as const,
  versions: (id: number) => [...annotationKeys.all, "versions", id] as const,
  comments: (id: number) => [...annotationKeys.all, "comments", id] as const,
};

export const settingsKeys = { annotation: ["settings", "annotation"] as const };

export const authKeys = { me: ["auth", "me"] as const };

export const taskKeys = {
  all: ["tasks"] as const,
  list: () => [...taskKeys.all, "list"] as const,
  labels: (id: number) => [...taskKeys.all, "labels", id] as const,
};

export const agreementKeys = {
  all: ["agreement"] as const,
  report: (filters: Record<string, unknown>) => [...agreementKeys.all, "report", filters] as const,
  episode: (id: number, k: number) => [...agreementKeys.all, "episode", id, k] as const,
};

export const runKeys = {
  all: ["runs"] as const,
  list: () => [...runKeys.all, "list"] as const,
  detail: (id: number) => [...runKeys.all, "detail", id] as const,
  /** The report in one metric scope; without a scope, every scope's report (a prefix: `{}` matches any). */
  report: (id: number, scope: Record<string, string> = {}) => [...runKeys.all, "report", id, scope] as const,
};

export const endpointKeys = { all: ["endpoints"] as const, list: () => [...endpointKeys.all, "list"] as const };

/** Predictions, their reviews and everything computed from ground truth (invalidate together). */
export const predictionKeys = {
  all: ["predictions"] as const,
  queue: (filters: Record<string, unknown>) => [...predictionKeys.all, "queue", filters] as const,
  detail: (id: number) => [...predictionKeys.all, "detail", id] as const,
  comparison: (episodeId: number, scope: Record<string, string> = {}) => [...predictionKeys.all, "comparison", episodeId, scope] as const,
  leaderboard: (filters: Record<string, unknown>) => [...predictionKeys.all, "leaderboard", filters] as const,
};

/** Releases, their previews, diffs, frozen episodes and exports. */
export const releaseKeys = {
  all: ["releases"] as const,
  list: () => [...releaseKeys.all, "list"] as const,
  detail: (id: number) => [...releaseKeys.all, "detail", id] as const,
  preview: (body: unknown) => [...releaseKeys.all, "preview", body] as const,
  diff: (id: number) => [...releaseKeys.all, "diff", id] as const,
  episodes: (id: number, filters: Record<string, unknown>) => [...releaseKeys.all, "episodes", id, filters] as const,
  exports: (id: number) => [...releaseKeys.all, "exports", id] as const,
  exportPreview: (id: number, config: unknown) => [...releaseKeys.all, "export-preview", id, config] as const,
};

export const reviewQueueKeys = {
  all: ["review-queue"] as const,
  list: (filters: Record<string, unknown>) => [...reviewQueueKeys.all, "list", filters] as const,
};

export const auditKeys = {
  all: ["audit"] as const,
  list: (filters: Record<string, unknown>) => [...auditKeys.all, "list", filters] as const,
};
