"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/client/api-client";
import { userKeys } from "@/lib/client/query-keys";
import type { Role } from "@/lib/auth/roles";

export interface UserView {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export function useUsers() {
  return useQuery({ queryKey: userKeys.list(), queryFn: () => api.get<{ items: UserView[] }>("/api/users") });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; name: string; role: Role; password: string }) => api.post<{ user: UserView }>("/api/users", body),
    onSettled: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: number; role?: Role; disabled?: boolean; password?: string; name?: string }) =>
      api.patch<{ user: UserView }>(`/api/users/${id}`, patch),
    onSettled: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}
