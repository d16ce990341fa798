"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, toQueryString } from "@/lib/client/api-client";
import { predictionKeys, runKeys } from "@/lib/client/query-keys";
import type {
  ImportPredictionsResponse,
  RunDeleteResponse,
  RunDetail,
  RunListResponse,
  RunReportResponse,
  RunResponse,
  RunStatusResponse,
  RunSummary,
  RunUpdateResponse,
  SplitReport,
  StartRunResponse,
} from "@/lib/contract/runs";
import { finishedRuns, isActive, removeFromList, renameInList, setStatusInList, type StartRunBody } from "./format";

// The answers' types come from the response contract (lib/contract/runs.ts), which the routes are checked against.
/** GET /api/runs items. */
export type RunSummaryView = RunSummary;
/** GET /api/runs/<id> (getRun). */
export type RunDetailView = RunDetail;
export type SplitReportView = SplitReport;
/** GET /api/runs/<id>/report. */
export type RunReportView = RunReportResponse;
/** POST /api/runs/import. */
export type ImportResultView = ImportPredictionsResponse;

type RunList = RunListResponse;

const POLL_MS = 2000;

export function useRuns() {
  const qc = useQueryClient();
  return useQuery({
    queryKey: runKeys.list(),
    queryFn: async () => {
      const before = qc.getQueryData<RunList>(runKeys.list());
      const r = await api.get<RunList>("/api/runs");
      // A model run that just finished changed its report, the review queue and the leaderboard.
      const done = finishedRuns(before?.items, r.items);
      if (done.length) {
        void qc.invalidateQueries({ queryKey: predictionKeys.all });
        for (const id of done) {
          void qc.invalidateQueries({ queryKey: runKeys.detail(id) });
          void qc.invalidateQueries({ queryKey: runKeys.report(id) });
        }
      }
      return r;
    },
    // Poll only while a model run is working.
    refetchInterval: (q) => (q.state.data?.items.some((r) => isActive(r.status)) ? POLL_MS : false),
  });
}

export function useRun(id: number) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: runKeys.detail(id),
    queryFn: async () => {
      const before = qc.getQueryData<RunResponse>(runKeys.detail(id));
      const r = await api.get<RunResponse>(`/api/runs/${id}`);
      if (before && isActive(before.run.status) && !isActive(r.run.status)) {
        void qc.invalidateQueries({ queryKey: runKeys.report(id) });
        void qc.invalidateQueries({ queryKey: runKeys.list() });
      }
      return r;
    },
    refetchInterval: (q) => (q.state.data && isActive(q.state.data.run.status) ? POLL_MS : false),
  });
}

/** The metrics report; while the run is still working it is refreshed now and then (it is costly to compute). */
export function useRunReport(id: number, running = false, scope: Record<string, string> = {}) {
  return useQuery({
    queryKey: runKeys.report(id, scope),
    queryFn: () => api.get<RunReportView>(`/api/runs/${id}/report${toQueryString(scope)}`),
    refetchInterval: running ? 15_000 : false,
  });
}

export function useRenameRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: number; name: string }) => api.patch<RunUpdateResponse>(`/api/runs/${id}`, { name }),
    onMutate: async ({ id, name }) => {
      await qc.cancelQueries({ queryKey: runKeys.list() });
      const previous = qc.getQueryData<RunList>(runKeys.list());
      qc.setQueryData<RunList>(runKeys.list(), (l) => renameInList(l, id, name.trim()));
      return { previous };
    },
    onError: (_e, _v, ctx) => {
      if (ctx?.previous) qc.setQueryData(runKeys.list(), ctx.previous);
    },
    onSettled: (_d, _e, { id }) => {
      void qc.invalidateQueries({ queryKey: runKeys.list() });
      void qc.invalidateQueries({ queryKey: runKeys.detail(id) });
      // Run names appear in the leaderboard and the review queue.
      void qc.invalidateQueries({ queryKey: predictionKeys.all });
    },
  });
}

export function useDeleteRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, confirm }: { id: number; confirm: string }) =>
      api.del<RunDeleteResponse>(`/api/runs/${id}?confirm=${encodeURIComponent(confirm)}`),
    onMutate: async ({ id }) => {
      await qc.cancelQueries({ queryKey: runKeys.list() });
      const previous = qc.getQueryData<RunList>(runKeys.list());
      qc.setQueryData<RunList>(runKeys.list(), (l) => removeFromList(l, id));
      return { previous };
    },
    onError: (_e, _v, ctx) => {
      if (ctx?.previous) qc.setQueryData(runKeys.list(), ctx.previous);
    },
    onSuccess: (_d, { id }) => {
      qc.removeQueries({ queryKey: runKeys.detail(id) });
      qc.removeQueries({ queryKey: runKeys.report(id) });
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: runKeys.list() });
      void qc.invalidateQueries({ queryKey: predictionKeys.all });
    },
  });
}

/** Cancel or resume an endpoint run. */
export function useRunControl(action: "cancel" | "resume") {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<RunStatusResponse>(`/api/runs/${id}/${action}`),
    onMutate: async (id) => {
      await qc.cancelQueries({ queryKey: runKeys.list() });
      const previous = qc.getQueryData<RunList>(runKeys.list());
      qc.setQueryData<RunList>(runKeys.list(), (l) => setStatusInList(l, id, action === "cancel" ? "CANCELLED" : "QUEUED"));
      return { previous };
    },
    onError: (_e, _v, ctx) => {
      if (ctx?.previous) qc.setQueryData(runKeys.list(), ctx.previous);
    },
    onSettled: (_d, _e, id) => {
      void qc.invalidateQueries({ queryKey: runKeys.list() });
      void qc.invalidateQueries({ queryKey: runKeys.detail(id) });
      void qc.invalidateQueries({ queryKey: runKeys.report(id) });
    },
  });
}

export function useImportPredictions() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (form: FormData) => api.upload<ImportResultView>("/api/runs/import", form),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: runKeys.detail(r.run.id) });
      void qc.invalidateQueries({ queryKey: runKeys.report(r.run.id) });
      void qc.invalidateQueries({ queryKey: predictionKeys.all });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: runKeys.list() }),
  });
}

export function useStartModelRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: StartRunBody) =>
      api.post<StartRunResponse>("/api/runs", body),
    onSettled: () => qc.invalidateQueries({ queryKey: runKeys.list() }),
  });
}
