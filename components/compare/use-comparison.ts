"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/client/api-client";
import { predictionKeys } from "@/lib/client/query-keys";
import type { Comparison } from "@/components/chains/types";

export function useComparison(episodeId: number) {
  return useQuery({
    queryKey: predictionKeys.comparison(episodeId),
    queryFn: () => api.get<Comparison>(`/api/episodes/${episodeId}/comparison`),
  });
}
