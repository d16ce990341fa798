// TanStack Query hooks of the annotation workspace: one per read or operation.
"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/client/api-client";
import { annotationKeys, episodeKeys, settingsKeys, taskKeys } from "@/lib/client/query-keys";
import type { WorkflowAction } from "@/lib/annotation/workflow";
import type {
  AnnotationResponse,
  CommentResponse,
  CommentsResponse,
  SaveAnnotationResponse,
  TransitionResponse,
  VersionsResponse,
} from "@/lib/contract/annotations";
import type { AssignResponse, CameraOffsetResponse, ClaimNextResponse, ClaimResponse, ClaimedView } from "@/lib/contract/episodes";
import type { TaskLabelsResponse } from "@/lib/contract/tasks";
import type { AnnotationSettingsResponse } from "@/lib/contract/system";

// The answers' types come from the response contract (lib/contract/*), which the routes are checked against.
/** GET /api/annotations/<id> */
export type AnnotationData = AnnotationResponse;
/** PUT /api/annotations/<id>, POST /api/annotations/<id>/restore */
export type SaveData = SaveAnnotationResponse;
export type VersionData = VersionsResponse["versions"][number];
export type CommentData = CommentsResponse["comments"][number];
export type TaskLabels = TaskLabelsResponse;
export type Claimed = ClaimedView;

export function useAnnotation(id: number | undefined) {
  return useQuery({
    queryKey: annotationKeys.detail(id ?? 0),
    queryFn: () => api.get<AnnotationData>(`/api/annotations/${id}`),
    enabled: id !== undefined,
    // The draft hook owns edits; a background refetch must not yank the base version away.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    // Coming back to an episode shows its state now (a reviewer may have acted meanwhile).
    refetchOnMount: "always",
  });
}

export function useAnnotationSettings() {
  return useQuery({ queryKey: settingsKeys.annotation, queryFn: () => api.get<AnnotationSettingsResponse>("/api/settings/annotation"), staleTime: 60_000 });
}

export function useTaskLabels(taskId: number | undefined) {
  return useQuery({
    queryKey: taskKeys.labels(taskId ?? 0),
    queryFn: () => api.get<TaskLabels>(`/api/tasks/${taskId}/labels`),
    enabled: taskId !== undefined,
    staleTime: 60_000,
  });
}

export function useVersions(id: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: annotationKeys.versions(id ?? 0),
    queryFn: () => api.get<VersionsResponse>(`/api/annotations/${id}/versions`),
    enabled: enabled && id !== undefined,
  });
}

export function useComments(id: number | undefined) {
  return useQuery({
    queryKey: annotationKeys.comments(id ?? 0),
    queryFn: () => api.get<CommentsResponse>(`/api/annotations/${id}/comments`),
    enabled: id !== undefined,
  });
}

export function useTransition(id: number, episodeId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { action: WorkflowAction; comment?: string; frame?: number | null; segmentKey?: string | null }) => api.post<TransitionResponse>(`/api/annotations/${id}/transitions`, v),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: annotationKeys.detail(id) });
      void qc.invalidateQueries({ queryKey: annotationKeys.comments(id) });
      void qc.invalidateQueries({ queryKey: episodeKeys.detail(episodeId) });
      void qc.invalidateQueries({ queryKey: episodeKeys.lists() });
    },
  });
}

export function useAddComment(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { body: string; frame?: number | null; segmentKey?: string | null }) => api.post<CommentResponse>(`/api/annotations/${id}/comments`, v),
    onSettled: () => qc.invalidateQueries({ queryKey: annotationKeys.comments(id) }),
  });
}

/** The comment list with one comment marked (un)resolved: the optimistic patch below. */
export function withCommentResolved(list: CommentsResponse | undefined, id: number, resolved: boolean) {
  return list && { comments: list.comments.map((c) => (c.id === id ? { ...c, resolved } : c)) };
}

export function useResolveComment(annotationId: number) {
  const qc = useQueryClient();
  const key = annotationKeys.comments(annotationId);
  return useMutation({
    mutationFn: (v: { id: number; resolved: boolean }) => api.patch<CommentResponse>(`/api/comments/${v.id}`, { resolved: v.resolved }),
    // The checkbox answers at once; a refusal puts it back. The patch is written before anything
    // is awaited (waiting for an in-flight refetch to be cancelled first let the checkbox lag a
    // click), and that refetch is then cancelled without reverting, so it cannot bring back the old list.
    onMutate: (v) => {
      const before = qc.getQueryData<CommentsResponse>(key);
      qc.setQueryData(key, withCommentResolved(before, v.id, v.resolved));
      void qc.cancelQueries({ queryKey: key }, { revert: false });
      return { before };
    },
    onError: (_e, _v, ctx) => qc.setQueryData(key, ctx?.before),
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
}

export function useClaimNext() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { excludeAnnotationId?: number; taskId?: number }) => api.post<ClaimNextResponse>("/api/episodes/next", v),
    onSettled: () => qc.invalidateQueries({ queryKey: episodeKeys.all }),
  });
}

export function useClaimEpisode(episodeId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<ClaimResponse>(`/api/episodes/${episodeId}/claim`),
    onSettled: () => qc.invalidateQueries({ queryKey: episodeKeys.all }),
  });
}

export function useAssign(episodeId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (annotatorIds: number[]) => api.post<AssignResponse>(`/api/episodes/${episodeId}/assignments`, { annotatorIds }),
    onSettled: () => qc.invalidateQueries({ queryKey: episodeKeys.all }),
  });
}

/** Shift a camera to line it up with the episode's reference camera (audited); the episode reloads with it. */
export function useCameraOffset(episodeId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { camera: string; offsetMs: number }) => api.patch<CameraOffsetResponse>(`/api/episodes/${episodeId}/cameras/${encodeURIComponent(v.camera)}`, { offsetMs: v.offsetMs }),
    onSettled: () => qc.invalidateQueries({ queryKey: episodeKeys.detail(episodeId) }),
  });
}
