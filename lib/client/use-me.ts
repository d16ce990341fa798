// The signed-in user, for the access policy's questions in the browser (lib/auth/policy.ts):
// which buttons to offer. The server asks the same questions and has the last word.
"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/client/api-client";
import { authKeys } from "@/lib/client/query-keys";
import type { MeResponse } from "@/lib/contract/auth";

export function useMe() {
  return useQuery({ queryKey: authKeys.me, queryFn: async () => (await api.get<MeResponse>("/api/auth/me")).user, staleTime: 5 * 60_000 });
}
