// The edit buffer of the workspace: undo/redo history, autosave with optimistic concurrency,
// and a copy in localStorage until the server confirms, so a failed save, a lost connection or
// a closed tab never loses an edit. The rules live in lib/annotation/draft.ts.
"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/client/api-client";
import { annotationKeys } from "@/lib/client/query-keys";
import type { AnnotationSnapshot } from "@/lib/annotation/types";
import { canRedo, canUndo, createHistory, pushHistory, redo as redoH, undo as undoH, type History } from "@/lib/annotation/history";
import { decideLocalDraft, draftStorageKey, isRetryable, parseLocalDraft, retryDelayMs, sameSnapshot, type LocalDraft } from "@/lib/annotation/draft";
import type { AnnotationData } from "./use-workspace";

export type SaveStatus =
  | { kind: "saved"; at: string | null }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "retrying"; attempt: number; inMs: number; reason: string }
  | { kind: "error"; message: string }
  | { kind: "conflict" };

export interface ConflictState {
  current: { version: number; status: string; snapshot: AnnotationSnapshot; savedBy: { id: number; name: string } | null; savedAt: string | null };
  mine: AnnotationSnapshot;
}

const AUTOSAVE_DELAY_MS = 600;

function readLocal(id: number): LocalDraft | null {
  try {
    return parseLocalDraft(window.localStorage.getItem(draftStorageKey(id)), id);
  } catch {
    return null;
  }
}
function writeLocal(d: LocalDraft) {
  try {
    window.localStorage.setItem(draftStorageKey(d.annotationId), JSON.stringify(d));
  } catch {
    // Storage full or disabled: the in-memory draft and the retries still hold the edits.
  }
}
function clearLocal(id: number) {
  try {
    window.localStorage.removeItem(draftStorageKey(id));
  } catch {
    /* nothing kept, nothing to clear */
  }
}

export function useAnnotationDraft(server: AnnotationData | undefined) {
  const qc = useQueryClient();
  const id = server?.id;
  const editable = Boolean(server?.permissions.canEdit);
  const [history, setHistory] = useState<History<AnnotationSnapshot> | null>(null);
  const [status, setStatus] = useState<SaveStatus>({ kind: "saved", at: null });
  const [conflict, setConflict] = useState<ConflictState | null>(null);
  const [restored, setRestored] = useState(false);

  const base = useRef(0);
  const saved = useRef<AnnotationSnapshot | null>(null);
  const present = useRef<AnnotationSnapshot | null>(null);
  const inflight = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const attempt = useRef(0);
  const conflictRef = useRef(conflict);
  conflictRef.current = conflict;
  const editableRef = useRef(editable);
  editableRef.current = editable;
  present.current = history?.present ?? null;

  // Load: the server's state, unless the browser holds edits the server never got.
  useEffect(() => {
    if (!server || (history && id === server.id && base.current)) return;
    const local = readLocal(server.id);
    const decision = decideLocalDraft(local, server);
    base.current = server.version;
    saved.current = server.snapshot;
    if (decision === "restore" && local) {
      setHistory(pushHistory(createHistory(server.snapshot), local.snapshot));
      setRestored(true);
      setStatus({ kind: "pending" });
    } else if (decision === "conflict" && local) {
      setHistory(pushHistory(createHistory(server.snapshot), local.snapshot));
      setRestored(true);
      setConflict({
        current: { version: server.version, status: server.status, snapshot: server.snapshot, savedBy: server.savedBy, savedAt: server.savedAt },
        mine: local.snapshot,
      });
      setStatus({ kind: "conflict" });
    } else {
      if (decision === "discard") clearLocal(server.id);
      setHistory(createHistory(server.snapshot));
      setStatus({ kind: "saved", at: server.savedAt });
    }
    // Only a different annotation (or the first load) resets the buffer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [server?.id, server === undefined]);

  const flush = useCallback(async (): Promise<void> => {
    if (inflight.current) return inflight.current;
    if (id === undefined || !present.current || !saved.current || conflictRef.current || !editableRef.current) return;
    clearTimeout(timer.current);
    const snap = present.current;
    if (sameSnapshot(snap, saved.current)) {
      clearLocal(id);
      setStatus((s) => (s.kind === "saved" ? s : { kind: "saved", at: new Date().toISOString() }));
      return;
    }
    setStatus({ kind: "saving" });
    const run = (async () => {
      try {
        const res = await api.put<{ version: number; savedAt: string }>(`/api/annotations/${id}`, { baseVersion: base.current, snapshot: snap });
        base.current = res.version;
        saved.current = snap;
        attempt.current = 0;
        qc.setQueryData<AnnotationData>(annotationKeys.detail(id), (old) => (old ? { ...old, version: res.version, snapshot: snap, savedAt: res.savedAt } : old));
        void qc.invalidateQueries({ queryKey: annotationKeys.versions(id) });
        if (present.current && !sameSnapshot(present.current, snap)) {
          writeLocal({ annotationId: id, baseVersion: res.version, snapshot: present.current, updatedAt: Date.now() });
          setStatus({ kind: "pending" });
          timer.current = setTimeout(() => void flush(), 0);
        } else {
          clearLocal(id);
          setStatus({ kind: "saved", at: res.savedAt });
        }
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError(0, { detail: String(e) });
        if (err.status === 409 && err.problem.current) {
          setConflict({ current: err.problem.current as ConflictState["current"], mine: snap });
          setStatus({ kind: "conflict" });
        } else if (isRetryable(err.status)) {
          const inMs = retryDelayMs(attempt.current++);
          setStatus({ kind: "retrying", attempt: attempt.current, inMs, reason: err.status === 0 ? "No connection" : `Server error ${err.status}` });
          timer.current = setTimeout(() => void flush(), inMs);
        } else {
          setStatus({ kind: "error", message: err.message });
        }
      } finally {
        inflight.current = null;
      }
    })();
    inflight.current = run;
    return run;
  }, [id, qc]);

  // Every change is kept in the browser at once, and saved after a short pause.
  useEffect(() => {
    if (id === undefined || !history || !saved.current) return;
    if (sameSnapshot(history.present, saved.current)) {
      if (!inflight.current && !conflictRef.current) {
        clearLocal(id);
        clearTimeout(timer.current);
        setStatus((s) => (s.kind === "saved" || s.kind === "error" ? s : { kind: "saved", at: new Date().toISOString() }));
      }
      return;
    }
    writeLocal({ annotationId: id, baseVersion: base.current, snapshot: history.present, updatedAt: Date.now() });
    if (conflictRef.current || !editableRef.current) return;
    setStatus((s) => (s.kind === "saving" || s.kind === "retrying" ? s : { kind: "pending" }));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
  }, [history, id, flush]);

  // Back online: retry now instead of waiting out the backoff.
  useEffect(() => {
    const online = () => {
      attempt.current = 0;
      void flush();
    };
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      clearTimeout(timer.current);
    };
  }, [flush]);

  const edit = useCallback((fn: (s: AnnotationSnapshot) => AnnotationSnapshot | null) => {
    if (!editableRef.current) return;
    setHistory((h) => {
      if (!h) return h;
      const next = fn(h.present);
      return next ? pushHistory(h, next) : h;
    });
  }, []);

  const resolveConflict = useCallback(
    (choice: "theirs" | "mine") => {
      const c = conflictRef.current;
      if (!c || id === undefined) return;
      base.current = c.current.version;
      saved.current = c.current.snapshot;
      conflictRef.current = null;
      setConflict(null);
      qc.setQueryData<AnnotationData>(annotationKeys.detail(id), (old) => (old ? { ...old, version: c.current.version, snapshot: c.current.snapshot } : old));
      void qc.invalidateQueries({ queryKey: annotationKeys.detail(id) });
      if (choice === "theirs") {
        // Their version becomes current as one more step: Undo still brings yours back.
        clearLocal(id);
        setHistory((h) => (h ? pushHistory(h, c.current.snapshot) : h));
        setStatus({ kind: "saved", at: c.current.savedAt });
      } else {
        setStatus({ kind: "pending" });
        setTimeout(() => void flush(), 0);
      }
    },
    [flush, id, qc],
  );

  return {
    snapshot: history?.present ?? null,
    baseVersion: base.current,
    status,
    conflict,
    restored,
    dismissRestored: () => setRestored(false),
    edit,
    undo: () => setHistory((h) => (h ? undoH(h) : h)),
    redo: () => setHistory((h) => (h ? redoH(h) : h)),
    canUndo: history ? canUndo(history) : false,
    canRedo: history ? canRedo(history) : false,
    flush,
    resolveConflict,
    /** After a restore or reload from the server: take the server's state as the new base. */
    reset: (next: { version: number; snapshot: AnnotationSnapshot }) => {
      base.current = next.version;
      saved.current = next.snapshot;
      if (id !== undefined) clearLocal(id);
      setHistory((h) => (h ? pushHistory(h, next.snapshot) : createHistory(next.snapshot)));
      setStatus({ kind: "saved", at: new Date().toISOString() });
    },
  };
}
export type AnnotationDraft = ReturnType<typeof useAnnotationDraft>;
