// The edit buffer of the workspace: undo/redo history, autosave with optimistic concurrency,
// and a copy in localStorage until the server confirms, so a failed save, a lost connection or
// a closed tab never loses an edit. The rules live in lib/annotation/draft.ts.
"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/lib/client/api-client";
import { annotationKeys } from "@/lib/client/query-keys";
import type { AnnotationSnapshot } from "@/lib/annotation/types";
import { normaliseSnapshot } from "@/lib/annotation/normalise";
import { canRedo, canUndo, createHistory, pushHistory, redo as redoH, undo as undoH, type History } from "@/lib/annotation/history";
import { decideLocalDraft, draftStorageKey, isRetryable, parseLocalDraft, retryDelayMs, sameSnapshot, type LocalDraft } from "@/lib/annotation/draft";
import type { AnnotationData, SaveData } from "./use-workspace";

export type SaveStatus =
  | { kind: "saved"; at: string | null }
  | { kind: "pending" }
  | { kind: "saving" }
  | { kind: "retrying"; attempt: number; inMs: number; reason: string }
  | { kind: "error"; message: string }
  | { kind: "conflict" };

/** What a flush ended with, for callers that must not go on with unsaved work. */
export type FlushResult = "saved" | "conflict" | "error" | "offline" | "read-only";

export interface ConflictState {
  current: { version: number; status: string; snapshot: AnnotationSnapshot; savedBy: { id: number; name: string } | null; savedAt: string | null };
  mine: AnnotationSnapshot;
}

const AUTOSAVE_DELAY_MS = 600;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function useAnnotationDraft(server: AnnotationData | undefined, userId: number) {
  const qc = useQueryClient();
  const id = server?.id;
  const editable = Boolean(server?.permissions.canEdit);
  const [history, setHistory] = useState<History<AnnotationSnapshot> | null>(null);
  const [status, setStatus] = useState<SaveStatus>({ kind: "saved", at: null });
  const [conflict, setConflict] = useState<ConflictState | null>(null);
  const [restored, setRestored] = useState(false);

  const loadedId = useRef<number | null>(null);
  const base = useRef(0);
  const saved = useRef<AnnotationSnapshot | null>(null);
  const present = useRef<AnnotationSnapshot | null>(null);
  const inflight = useRef<Promise<FlushResult> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const attempt = useRef(0);
  const conflictRef = useRef(conflict);
  conflictRef.current = conflict;
  const editableRef = useRef(editable);
  editableRef.current = editable;
  present.current = history?.present ?? null;

  const local = {
    read: (aid: number) => parseLocalDraft(storage()?.getItem(draftStorageKey(aid, userId)) ?? null, aid),
    write: (d: LocalDraft) => {
      try {
        storage()?.setItem(draftStorageKey(d.annotationId, userId), JSON.stringify(d));
      } catch {
        // Storage full or disabled: the in-memory draft and the retries still hold the edits.
      }
    },
    clear: (aid: number) => storage()?.removeItem(draftStorageKey(aid, userId)),
  };

  // Load (and reload when another annotation is shown): the server's state, unless the browser
  // holds edits the server never got.
  useEffect(() => {
    if (!server || loadedId.current === server.id) return;
    loadedId.current = server.id;
    clearTimeout(timer.current);
    attempt.current = 0;
    base.current = server.version;
    saved.current = server.snapshot;
    setConflict(null);
    const kept = local.read(server.id);
    // A draft can only come back where the user may still edit; otherwise it would be shown as
    // if it were the annotation.
    const decision = server.permissions.canEdit ? decideLocalDraft(kept, server) : kept ? "discard" : "none";
    if (decision === "restore" && kept) {
      setHistory(pushHistory(createHistory(server.snapshot), kept.snapshot));
      setRestored(true);
      setStatus({ kind: "pending" });
    } else if (decision === "conflict" && kept) {
      setHistory(pushHistory(createHistory(server.snapshot), kept.snapshot));
      setRestored(true);
      setConflict({
        current: { version: server.version, status: server.status, snapshot: server.snapshot, savedBy: server.savedBy, savedAt: server.savedAt },
        mine: kept.snapshot,
      });
      setStatus({ kind: "conflict" });
    } else {
      if (decision === "discard") local.clear(server.id);
      setHistory(createHistory(server.snapshot));
      setRestored(false);
      setStatus({ kind: "saved", at: server.savedAt });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [server]);

  /** One PUT of the current draft. */
  const saveOnce = useCallback(async (): Promise<FlushResult | "again"> => {
    if (id === undefined || !present.current || !saved.current) return "saved";
    if (conflictRef.current) return "conflict";
    if (!editableRef.current) return "read-only";
    const snap = present.current;
    if (sameSnapshot(snap, saved.current)) {
      local.clear(id);
      setStatus((s) => (s.kind === "saved" ? s : { kind: "saved", at: new Date().toISOString() }));
      return "saved";
    }
    setStatus({ kind: "saving" });
    try {
      const res = await api.put<SaveData>(`/api/annotations/${id}`, { baseVersion: base.current, snapshot: snap });
      adopt(res.version, snap, res.savedAt);
      return "again";
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, { detail: String(e) });
      const current = err.status === 409 ? (err.problem.current as ConflictState["current"] | undefined) : undefined;
      if (current && sameSnapshot(current.snapshot, snap)) {
        // Our own earlier save got through but its answer was lost: nothing conflicts.
        adopt(current.version, snap, current.savedAt ?? new Date().toISOString());
        return "again";
      }
      if (current) {
        setConflict({ current, mine: snap });
        conflictRef.current = { current, mine: snap };
        setStatus({ kind: "conflict" });
        return "conflict";
      }
      if (isRetryable(err.status)) {
        const inMs = retryDelayMs(attempt.current++);
        setStatus({ kind: "retrying", attempt: attempt.current, inMs, reason: err.status === 0 ? "No connection" : `Server error ${err.status}` });
        clearTimeout(timer.current);
        timer.current = setTimeout(() => void flush(), inMs);
        return "offline";
      }
      setStatus({ kind: "error", message: err.message });
      return "error";
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  function adopt(version: number, snap: AnnotationSnapshot, savedAt: string) {
    if (id === undefined) return;
    base.current = version;
    saved.current = snap;
    attempt.current = 0;
    qc.setQueryData<AnnotationData>(annotationKeys.detail(id), (old) => (old ? { ...old, version, snapshot: snap, savedAt } : old));
    void qc.invalidateQueries({ queryKey: annotationKeys.versions(id) });
    if (present.current && !sameSnapshot(present.current, snap)) {
      local.write({ annotationId: id, baseVersion: version, snapshot: present.current, updatedAt: Date.now() });
    } else {
      local.clear(id);
      setStatus({ kind: "saved", at: savedAt });
    }
  }

  /**
   * Saves until the server holds exactly what is on screen, or something stops it. Edits made
   * while a save is in flight go out right after it; the result says how it ended, so Submit
   * or Next never move on over unsaved work.
   */
  const flush = useCallback((): Promise<FlushResult> => {
    clearTimeout(timer.current);
    if (inflight.current) return inflight.current.then(() => flush());
    const run = (async (): Promise<FlushResult> => {
      for (;;) {
        const r = await saveOnce();
        if (r !== "again") return r;
      }
    })();
    inflight.current = run;
    void run.finally(() => {
      if (inflight.current === run) inflight.current = null;
    });
    return run;
  }, [saveOnce]);

  // Every change is kept in the browser at once, and saved after a short pause.
  useEffect(() => {
    if (id === undefined || !history || !saved.current || loadedId.current !== id) return;
    if (sameSnapshot(history.present, saved.current)) {
      if (!inflight.current && !conflictRef.current) {
        local.clear(id);
        clearTimeout(timer.current);
        setStatus((s) => (s.kind === "saved" || s.kind === "error" ? s : { kind: "saved", at: new Date().toISOString() }));
      }
      return;
    }
    if (!editableRef.current) return;
    local.write({ annotationId: id, baseVersion: base.current, snapshot: history.present, updatedAt: Date.now() });
    if (conflictRef.current) return;
    setStatus((s) => (s.kind === "saving" || s.kind === "retrying" ? s : { kind: "pending" }));
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [history, id, flush]);

  // Back online: retry now instead of waiting out the backoff. Leaving the page (or this
  // annotation): send what is pending instead of waiting for the autosave timer; keepalive lets
  // the request finish after the page is gone.
  useEffect(() => {
    const online = () => {
      attempt.current = 0;
      void flush();
    };
    const leave = () => {
      const snap = present.current;
      if (id === undefined || !snap || !saved.current || conflictRef.current || !editableRef.current || inflight.current) return;
      if (sameSnapshot(snap, saved.current)) return;
      void fetch(`/api/annotations/${id}`, {
        method: "PUT",
        keepalive: true,
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ baseVersion: base.current, snapshot: snap }),
      }).catch(() => undefined);
    };
    window.addEventListener("online", online);
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("pagehide", leave);
      clearTimeout(timer.current);
      leave();
    };
  }, [flush, id]);

  const edit = useCallback((fn: (s: AnnotationSnapshot) => AnnotationSnapshot | null) => {
    if (!editableRef.current) return;
    setHistory((h) => {
      if (!h) return h;
      const next = fn(h.present);
      return next ? pushHistory(h, normaliseSnapshot(next)) : h;
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
        local.clear(id);
        setHistory((h) => (h ? pushHistory(h, c.current.snapshot) : h));
        setStatus({ kind: "saved", at: c.current.savedAt });
      } else {
        setStatus({ kind: "pending" });
        setTimeout(() => void flush(), 0);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [flush, id, qc],
  );

  return {
    snapshot: history?.present ?? null,
    /** The server version the draft is based on, read at call time (it moves with every save). */
    getBaseVersion: () => base.current,
    status,
    conflict,
    restored,
    dismissRestored: () => setRestored(false),
    edit,
    undo: () => editableRef.current && setHistory((h) => (h ? undoH(h) : h)),
    redo: () => editableRef.current && setHistory((h) => (h ? redoH(h) : h)),
    canUndo: history ? canUndo(history) : false,
    canRedo: history ? canRedo(history) : false,
    flush,
    resolveConflict,
    /** After a restore on the server: take the server's state as the new base. */
    reset: (next: { version: number; snapshot: AnnotationSnapshot }) => {
      base.current = next.version;
      saved.current = next.snapshot;
      if (id !== undefined) {
        local.clear(id);
        qc.setQueryData<AnnotationData>(annotationKeys.detail(id), (old) => (old ? { ...old, version: next.version, snapshot: next.snapshot } : old));
      }
      setHistory((h) => (h ? pushHistory(h, next.snapshot) : createHistory(next.snapshot)));
      setStatus({ kind: "saved", at: new Date().toISOString() });
    },
  };
}
export type AnnotationDraft = ReturnType<typeof useAnnotationDraft>;
