"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, toQueryString } from "@/lib/client/api-client";
import { predictionKeys } from "@/lib/client/query-keys";
import type { Comparison } from "@/components/chains/types";

/** The comparison; `scope.approvedOnly` "1" shows ground truth only for an approved episode. */
export function useComparison(episodeId: number, scope: { approvedOnly?: string } = {}) {
  const q: Record<string, string> = scope.approvedOnly === "1" ? { approvedOnly: "1" } : {};
  return useQuery({
    queryKey: predictionKeys.comparison(episodeId, q),
    queryFn: () => api.get<Comparison>(`/api/episodes/${episodeId}/comparison${toQueryString(q)}`),
    // A new scope keeps the page (player, chart, open chain) on screen until its figures arrive.
    placeholderData: keepPreviousData,
  });
}
