"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/client/api-client";
import { endpointKeys, runKeys } from "@/lib/client/query-keys";
import type { Endpoint, EndpointTestResponse } from "@/lib/contract/endpoints";

/** A model endpoint as the API returns it: the key itself is never sent, only whether one is stored (lib/contract/endpoints.ts). */
export type EndpointView = Endpoint;
export type EndpointTestResult = EndpointTestResponse;

export function useEndpoints() {
  return useQuery({ queryKey: endpointKeys.list(), queryFn: () => api.get<{ items: EndpointView[] }>("/api/endpoints") });
}

export function useSaveEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Record<string, unknown> }) =>
      id === undefined
        ? api.post<{ endpoint: EndpointView }>("/api/endpoints", body)
        : api.patch<{ endpoint: EndpointView }>(`/api/endpoints/${id}`, body),
    onSettled: () => qc.invalidateQueries({ queryKey: endpointKeys.all }),
  });
}

export function useDeleteEndpoint() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.del<{ id: number; name: string }>(`/api/endpoints/${id}`),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: endpointKeys.all });
      // Runs show their endpoint's name.
      void qc.invalidateQueries({ queryKey: runKeys.all });
    },
  });
}

export function useTestEndpoint() {
  return useMutation({ mutationFn: (id: number) => api.post<EndpointTestResult>(`/api/endpoints/${id}/test`) });
}
