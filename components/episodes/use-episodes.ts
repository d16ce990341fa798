"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, toQueryString } from "@/lib/client/api-client";
import { episodeKeys, facetKeys } from "@/lib/client/query-keys";
import type { EpisodeListResponse, EpisodeResponse, FacetsResponse } from "@/lib/contract/episodes";

export type EpisodeFilters = Record<string, string | undefined>;

export function useEpisodes(filters: EpisodeFilters) {
  return useQuery({
    queryKey: episodeKeys.list(filters),
    queryFn: () => api.get<EpisodeListResponse>(`/api/episodes${toQueryString(filters)}`),
    placeholderData: keepPreviousData,
  });
}

export function useFacets() {
  return useQuery({
    queryKey: facetKeys.all,
    queryFn: () => api.get<FacetsResponse>("/api/facets"),
    staleTime: 60_000,
  });
}

export function useEpisode(id: number) {
  return useQuery({
    queryKey: episodeKeys.detail(id),
    queryFn: () => api.get<EpisodeResponse>(`/api/episodes/${id}`),
    // While a camera is being converted, keep polling so the player appears when it is ready.
    refetchInterval: (q) =>
      q.state.data?.cameras.some((c) => c.transcodeStatus === "PENDING" || c.transcodeStatus === "RUNNING") ? 2000 : false,
  });
}
