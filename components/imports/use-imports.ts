"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/client/api-client";
import { episodeKeys, facetKeys, importKeys } from "@/lib/client/query-keys";

export interface ImportJobView {
  id: number;
  kind: string;
  sourceUri: string;
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
  progress: Record<string, unknown>;
  errors: Array<{ file: string; line?: number; episode?: string; reason: string }>;
  createdAt: string;
  finishedAt: string | null;
  createdBy: { id: number; name: string } | null;
}

export function useImportJobs() {
  const qc = useQueryClient();
  return useQuery({
    queryKey: importKeys.list(),
    queryFn: async () => {
      const r = await api.get<{ items: ImportJobView[] }>("/api/imports");
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
    queryFn: () => api.get<{ items: Array<{ path: string; root: string; kind: string }> }>("/api/imports/sources"),
  });
}

export function useStartImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { path: string; kind?: string; environment?: string }) => api.post<{ job: ImportJobView }>("/api/imports", body),
    onSettled: () => qc.invalidateQueries({ queryKey: importKeys.list() }),
  });
}
