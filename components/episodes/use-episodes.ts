"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, toQueryString } from "@/lib/client/api-client";
import { episodeKeys, facetKeys } from "@/lib/client/query-keys";
import type { EpisodeRow } from "@/lib/episodes/list-episodes";
import type { EpisodeDetail } from "@/lib/episodes/get-episode";

export type EpisodeFilters = Record<string, string | undefined>;

export function useEpisodes(filters: EpisodeFilters) {
  return useQuery({
    queryKey: episodeKeys.list(filters),
    queryFn: () => api.get<{ items: EpisodeRow[]; total: number; page: number; pageSize: number }>(`/api/episodes${toQueryString(filters)}`),
    placeholderData: keepPreviousData,
  });
}

export function useFacets() {
  return useQuery({
    queryKey: facetKeys.all,
    queryFn: () =>
      api.get<{
        environments: Array<{ id: number; name: string }>;
        tasks: Array<{ id: number; instruction: string; environmentId: number }>;
        assignees: Array<{ id: number; name: string }>;
      }>("/api/facets"),
    staleTime: 60_000,
  });
}

export function useEpisode(id: number) {
  return useQuery({
    queryKey: episodeKeys.detail(id),
    queryFn: () => api.get<EpisodeDetail>(`/api/episodes/${id}`),
    // While a camera is being converted, keep polling so the player appears when it is ready.
    refetchInterval: (q) =>
      q.state.data?.cameras.some((c) => c.transcodeStatus === "PENDING" || c.transcodeStatus === "RUNNING") ? 2000 : false,
  });
}
