"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/client/api-client";
import { episodeKeys, facetKeys, importKeys } from "@/lib/client/query-keys";
import type { ImportJob, ImportJobListResponse, ImportSourcesResponse, StartImportResponse } from "@/lib/contract/imports";

/** An import job as GET /api/imports lists it (lib/contract/imports.ts). */
export type ImportJobView = ImportJob;

export function useImportJobs() {
  const qc = useQueryClient();
  return useQuery({
    queryKey: importKeys.list(),
    queryFn: async () => {
      const r = await api.get<ImportJobListResponse>("/api/imports");
      // A finished import changes the episode list and facets.
      if (r.items.some((j) => j.status === "SUCCEEDED")) {
        void qc.invalidateQueries({ queryKey: episodeKeys.all });
        void qc.invalidateQueries({ queryKey: facetKeys.all });
      }
      return r;
    },
    refetchInterval: (q) => (q.state.data?.items.some((j) => j.status === "QUEUED" || j.status === "RUNNING") ? 1000 : false),
  });
}

export function useImportSources() {
  return useQuery({
    queryKey: importKeys.sources(),
    queryFn: () => api.get<ImportSourcesResponse>("/api/imports/sources"),
  });
}

export function useStartImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { path: string; kind?: string; environment?: string }) => api.post<StartImportResponse>("/api/imports", body),
    onSettled: () => qc.invalidateQueries({ queryKey: importKeys.list() }),
  });
}
