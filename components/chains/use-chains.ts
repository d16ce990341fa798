// TanStack Query hooks for chain review: one prediction, saving its review, and the queue.
"use client";
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, toQueryString } from "@/lib/client/api-client";
import { predictionKeys, runKeys } from "@/lib/client/query-keys";
import { withSavedReview } from "./review-cache";
import type { QueueFilters } from "./queue";
import type { PredictionDetail, QueuePage, SavedReview, SaveReviewBody } from "./types";

export const QUEUE_PAGE_SIZE = 50;

export const fetchPrediction = (id: number) => api.get<{ prediction: PredictionDetail }>(`/api/predictions/${id}`).then((r) => r.prediction);

export function usePrediction(id: number) {
  return useQuery({
    queryKey: predictionKeys.detail(id),
    queryFn: () => fetchPrediction(id),
    // A refetch must not move the version an edit is based on under the reviewer's feet; the
    // panel pins that version when editing starts, and a stale save is a 409.
    refetchOnWindowFocus: false,
  });
}

export function useSaveReview(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SaveReviewBody) => api.put<{ review: SavedReview }>(`/api/predictions/${id}/review`, body).then((r) => r.review),
    onSuccess: (saved, body) => {
      qc.setQueryData<PredictionDetail>(predictionKeys.detail(id), (d) => (d ? withSavedReview(d, body, saved) : d));
    },
    // Verdict counts, the queue's badges, run summaries and leaderboards all follow from reviews.
    // Not awaited: the saved state is already in the cache, and the review queue moves on to the
    // next item without waiting for every list to reload.
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: predictionKeys.all });
      void qc.invalidateQueries({ queryKey: runKeys.all });
    },
  });
}

/** The queue, page after page (`fetchNextPage` at the end of the list). */
export function useReviewQueue(filters: QueueFilters) {
  return useInfiniteQuery({
    // "view" keeps this paged-infinite cache entry apart from any plain list with the same filters.
    queryKey: predictionKeys.queue({ view: "review", ...filters }),
    queryFn: ({ pageParam }) => api.get<QueuePage>(`/api/predictions${toQueryString({ ...filters, page: pageParam, pageSize: QUEUE_PAGE_SIZE })}`),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
    placeholderData: keepPreviousData,
  });
}
