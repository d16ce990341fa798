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
