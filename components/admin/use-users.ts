"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/client/api-client";
import { userKeys } from "@/lib/client/query-keys";
import type { Role } from "@/lib/auth/roles";
import type { User, UserListResponse, UserResponse } from "@/lib/contract/users";

// The answers' types come from the response contract (lib/contract/users.ts), which the routes are checked against.
export type UserView = User;

export function useUsers() {
  return useQuery({ queryKey: userKeys.list(), queryFn: () => api.get<UserListResponse>("/api/users") });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; name: string; role: Role; password: string }) => api.post<UserResponse>("/api/users", body),
    onSettled: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: number; role?: Role; disabled?: boolean; password?: string; name?: string }) =>
      api.patch<UserResponse>(`/api/users/${id}`, patch),
    onSettled: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}
