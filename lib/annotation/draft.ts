// Pure rules of the "never lose work" draft: what a browser-kept draft means on load, when to
// retry a failed save, and how to tell two snapshots apart. The React hook only wires them up.
import type { AnnotationSnapshot } from "./types";

/** What the browser keeps for an annotation until the server has confirmed it. */
export interface LocalDraft {
  annotationId: number;
  /** The server version the edits were made on. */
  baseVersion: number;
  snapshot: AnnotationSnapshot;
  updatedAt: number;
}

/** Per user as well as per annotation: on a shared machine one person's draft is not another's. */
export const draftStorageKey = (annotationId: number, userId: number) => `critic-studio:annotation-draft:${userId}:${annotationId}`;

export function sameSnapshot(a: AnnotationSnapshot, b: AnnotationSnapshot): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(s: AnnotationSnapshot): string {
  return JSON.stringify({
    segments: [...s.segments]
      .sort((x, y) => x.startFrame - y.startFrame || x.key.localeCompare(y.key))
      .map((x) => [x.key, x.startFrame, x.endFrame, x.label]),
    outcome: s.outcome,
    failureReason: s.failureReason,
    note: s.note,
    qualityFlags: [...s.qualityFlags].sort(),
  });
}

/**
 * A draft found in the browser on load:
 * - nothing to do when it equals the server state;
 * - restore it when it was made on the server's current version (the save just never arrived);
 * - a conflict when the server moved on meanwhile: the user decides, nothing is dropped silently.
 */
export function decideLocalDraft(local: LocalDraft | null, server: { version: number; snapshot: AnnotationSnapshot }): "none" | "discard" | "restore" | "conflict" {
  if (!local) return "none";
  if (sameSnapshot(local.snapshot, server.snapshot)) return "discard";
  return local.baseVersion === server.version ? "restore" : "conflict";
}

/** Backoff for failed saves: 1 s, 2 s, 4 s … capped at 30 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
}

/** Network trouble and server errors are retried; the request itself being wrong is not. */
export function isRetryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

export function parseLocalDraft(raw: string | null, annotationId: number): LocalDraft | null {
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as LocalDraft;
    if (d?.annotationId !== annotationId || typeof d.baseVersion !== "number" || !Array.isArray(d.snapshot?.segments)) return null;
    return d;
  } catch {
    return null;
  }
}
