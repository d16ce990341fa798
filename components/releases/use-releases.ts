"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, toQueryString } from "@/lib/client/api-client";
import { releaseKeys } from "@/lib/client/query-keys";
import type { TExportConfigInput } from "@/lib/export/config";
import type { ExportDetail, ExportListResponse, ExportPreviewResponse, ExportResponse, ExportSummary } from "@/lib/contract/exports";
import type {
  ReleaseCreateResponse,
  ReleaseDeleteResponse,
  ReleaseDetail,
  ReleaseDiffResponse,
  ReleaseEpisodesResponse,
  ReleaseListResponse,
  ReleasePreviewResponse,
  ReleaseResponse,
  ReleaseSummary,
  ReleaseTransitionResponse,
} from "@/lib/contract/releases";
import type { ReleaseAction } from "@/lib/releases/workflow";
import type { ReleaseBody } from "./format";

// The answers' types come from the response contract (lib/contract), which the routes are checked against.
export type ReleaseSummaryView = ReleaseSummary;
export type ReleaseView = ReleaseDetail;
export type ReleaseDiffView = ReleaseDiffResponse;
export type ReleaseEpisodesView = ReleaseEpisodesResponse;
export type ExportPreviewView = ExportPreviewResponse;
export type ExportView = ExportSummary;
export type ExportDetailView = ExportDetail;

const ACTIVE = ["QUEUED", "RUNNING"];
export const isExportActive = (status: string) => ACTIVE.includes(status);

export function useReleases() {
  return useQuery({ queryKey: releaseKeys.list(), queryFn: () => api.get<ReleaseListResponse>("/api/releases") });
}

export function useRelease(id: number) {
  return useQuery({ queryKey: releaseKeys.detail(id), queryFn: () => api.get<ReleaseResponse>(`/api/releases/${id}`) });
}

/** Split counts of a definition before it is saved; the last answer stays on screen while the next loads. */
export function useReleasePreview(body: Pick<ReleaseBody, "definition" | "splits"> | null) {
  return useQuery({
    queryKey: releaseKeys.preview(body),
    queryFn: () => api.post<ReleasePreviewResponse>("/api/releases/preview", body),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}

export function useReleaseDiff(id: number) {
  // Costly for a draft (the snapshot is built to compare it): refreshed on changes, not on focus.
  return useQuery({ queryKey: releaseKeys.diff(id), queryFn: () => api.get<ReleaseDiffView>(`/api/releases/${id}/diff`), staleTime: 60_000 });
}

export function useReleaseEpisodes(id: number, filters: { page: number; pageSize: number; splitTag?: string }, enabled = true) {
  return useQuery({
    queryKey: releaseKeys.episodes(id, filters),
    enabled,
    queryFn: () => api.get<ReleaseEpisodesView>(`/api/releases/${id}/episodes${toQueryString(filters)}`),
    placeholderData: keepPreviousData,
  });
}

/** The release's exports; polled while one of them is working, so the progress bar moves. */
export function useExports(releaseId: number) {
  return useQuery({
    queryKey: releaseKeys.exports(releaseId),
    queryFn: () => api.get<ExportListResponse>(`/api/releases/${releaseId}/exports`),
    refetchInterval: (q) => (q.state.data?.exports.some((e) => isExportActive(e.status)) ? 1000 : false),
  });
}

/** Refreshes what a change can affect: the list and the release, and its content views when the content may have changed. */
function useInvalidateRelease() {
  const qc = useQueryClient();
  return (id?: number, content = true) => {
    void qc.invalidateQueries({ queryKey: releaseKeys.list() });
    if (id !== undefined) {
      void qc.invalidateQueries({ queryKey: releaseKeys.detail(id) });
      void qc.invalidateQueries({ queryKey: releaseKeys.exports(id) });
      if (content) {
        void qc.invalidateQueries({ queryKey: releaseKeys.diff(id) });
        void qc.invalidateQueries({ queryKey: [...releaseKeys.all, "episodes", id] });
      }
    }
  };
}

export function useCreateRelease() {
  const invalidate = useInvalidateRelease();
  return useMutation({
    mutationFn: (body: ReleaseBody) => api.post<ReleaseCreateResponse>("/api/releases", body),
    onSettled: () => invalidate(),
  });
}

export function useUpdateRelease(id: number) {
  const qc = useQueryClient();
  const invalidate = useInvalidateRelease();
  return useMutation({
    mutationFn: (changes: Partial<Pick<ReleaseBody, "notes" | "definition" | "splits">> & { baseUpdatedAt?: string }) =>
      api.patch<ReleaseResponse>(`/api/releases/${id}`, changes),
    onSuccess: (r) => qc.setQueryData(releaseKeys.detail(id), r),
    onSettled: (_d, _e, changes) => invalidate(id, changes.definition !== undefined || changes.splits !== undefined),
  });
}

export function useTransitionRelease(id: number) {
  const invalidate = useInvalidateRelease();
  return useMutation({
    mutationFn: (body: { action: ReleaseAction; contentHash?: string; comment?: string }) => api.post<ReleaseTransitionResponse>(`/api/releases/${id}/transitions`, body),
    // A lost race (409) also means the page is out of date: reload it either way.
    onSettled: () => invalidate(id),
  });
}

export function useDeleteRelease(id: number) {
  const qc = useQueryClient();
  const invalidate = useInvalidateRelease();
  return useMutation({
    mutationFn: (confirm: string) => api.del<ReleaseDeleteResponse>(`/api/releases/${id}?confirm=${encodeURIComponent(confirm)}`),
    onSuccess: () => qc.removeQueries({ queryKey: releaseKeys.detail(id) }),
    onSettled: () => invalidate(),
  });
}

export function useStartExport(releaseId: number) {
  const invalidate = useInvalidateRelease();
  return useMutation({
    mutationFn: (config: TExportConfigInput) => api.post<ExportResponse>(`/api/releases/${releaseId}/exports`, { config }),
    onSettled: () => invalidate(releaseId, false),
  });
}

/** What each format would hold for an export configuration; the last answer stays on screen while the next loads. */
export function useExportPreview(releaseId: number, config: TExportConfigInput | null) {
  return useQuery({
    queryKey: releaseKeys.exportPreview(releaseId, config),
    queryFn: () => api.post<ExportPreviewView>(`/api/releases/${releaseId}/exports/preview`, { config }),
    enabled: config !== null,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}

export function useExportControl(releaseId: number, action: "cancel" | "resume") {
  const invalidate = useInvalidateRelease();
  return useMutation({
    mutationFn: (exportId: number) => api.post<ExportResponse>(`/api/exports/${exportId}/${action}`),
    onSettled: () => invalidate(releaseId, false),
  });
}
