// Leaderboard queries: the figures, the runs to filter by, and acknowledging ground-truth changes.
"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, toQueryString } from "@/lib/client/api-client";
import { predictionKeys, runKeys } from "@/lib/client/query-keys";
import type { LeaderboardResponse, LeaderboardSeenResponse, LeaderboardRow, LeaderboardSplit } from "@/lib/contract/leaderboard";
import type { RunListResponse, RunSummary } from "@/lib/contract/runs";

/** GET /api/leaderboard (lib/contract/leaderboard.ts, which the route is checked against). */
export type Leaderboard = LeaderboardResponse;
export type { LeaderboardRow, LeaderboardSplit };

export interface LeaderboardFilters {
  /** Comma-separated run ids; undefined = every run. */
  runs?: string;
  /** Comma-separated benchmark splits. */
  splits: string;
  /** "1": only episodes whose annotations are all approved. */
  approvedOnly?: string;
  /** A release whose frozen splits to use. */
  release?: string;
  /** "causal" or "full-trajectory": only those runs. */
  causality?: string;
}

/** `/api/leaderboard?…` for the same filters, optionally as a download. */
export function leaderboardUrl(filters: LeaderboardFilters, format?: "csv" | "json"): string {
  return `/api/leaderboard${toQueryString({ runs: filters.runs, splits: filters.splits, approvedOnly: filters.approvedOnly, release: filters.release, causality: filters.causality, format })}`;
}

export function useLeaderboard(filters: LeaderboardFilters) {
  return useQuery({
    queryKey: predictionKeys.leaderboard({ ...filters }),
    queryFn: () => api.get<Leaderboard>(leaderboardUrl(filters)),
    // Changing the run filter keeps the previous table on screen until the new one arrives.
    placeholderData: keepPreviousData,
  });
}

/** The part of GET /api/runs items the leaderboard needs. */
export type RunItem = Pick<RunSummary, "id" | "name" | "modelName">;

export function useRuns() {
  return useQuery({
    queryKey: runKeys.list(),
    queryFn: () => api.get<RunListResponse>("/api/runs"),
    select: (d) => d.items,
  });
}

/** Acknowledges every ground-truth change up to `changeId`; the figures then lose their before/after. */
export function useMarkChangesSeen() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (changeId: number) => api.post<LeaderboardSeenResponse>("/api/leaderboard/seen", { changeId }),
    onSettled: () => qc.invalidateQueries({ queryKey: [...predictionKeys.all, "leaderboard"] }),
  });
}
