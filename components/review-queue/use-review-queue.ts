"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, toQueryString } from "@/lib/client/api-client";
import { annotationKeys, episodeKeys, reviewQueueKeys } from "@/lib/client/query-keys";
import type { BulkAssignResponse, ReviewNextResponse, ReviewQueueResponse } from "@/lib/contract/review-queue";

/** The queue's filters as they travel in the URL (the queue page's and the workspace's `queue=`). */
export interface QueueFilters {
  environmentId?: string;
  taskId?: string;
  annotatorId?: string;
  minAgeHours?: string;
}
export const QUEUE_FILTER_KEYS = ["environmentId", "taskId", "annotatorId", "minAgeHours"] as const;

export function queueFiltersFrom(sp: URLSearchParams): QueueFilters {
  return Object.fromEntries(QUEUE_FILTER_KEYS.map((k) => [k, sp.get(k) ?? undefined]).filter(([, v]) => v)) as QueueFilters;
}

/** The filters as the API's body wants them (numbers), dropping what is not set. */
export function queueBody(f: QueueFilters): Record<string, number> {
  return Object.fromEntries(QUEUE_FILTER_KEYS.filter((k) => f[k]).map((k) => [k, Number(f[k])]));
}

export function useReviewQueue(filters: QueueFilters) {
  return useQuery({
    queryKey: reviewQueueKeys.list({ ...filters }),
    queryFn: () => api.get<ReviewQueueResponse>(`/api/review-queue${toQueryString({ ...filters })}`),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
}

export function useNextReview() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { filters: QueueFilters; skip?: number[] }) => api.post<ReviewNextResponse>("/api/review-queue/next", { ...queueBody(v.filters), ...(v.skip?.length ? { skip: v.skip } : {}) }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: reviewQueueKeys.all });
      void qc.invalidateQueries({ queryKey: episodeKeys.all });
    },
  });
}

export function useReleaseReview() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (annotationId: number) => api.post<{ annotationId: number; status: "SUBMITTED" }>("/api/review-queue/release", { annotationId }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: reviewQueueKeys.all });
      void qc.invalidateQueries({ queryKey: annotationKeys.detail(r.annotationId) });
      void qc.invalidateQueries({ queryKey: episodeKeys.all });
    },
  });
}

export function useBulkAssign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { episodeIds: number[]; annotatorId: number }) => api.post<BulkAssignResponse>("/api/episodes/assignments", v),
    onSuccess: () => void qc.invalidateQueries({ queryKey: episodeKeys.all }),
  });
}

/** "3 h", "2 d": how long work has waited. */
export function waited(since: string | null, now = Date.now()): string {
  if (!since) return "—";
  const m = Math.max(0, Math.round((now - new Date(since).getTime()) / 60_000));
  if (m < 60) return `${m} min`;
  if (m < 48 * 60) return `${Math.round(m / 60)} h`;
  return `${Math.round(m / 1440)} d`;
}
