// The annotation's history as entries people read (lib/annotation/version-history.ts): editing
// sessions instead of every autosave, and named steps (import, submission, review, restore), each
// with a one-line summary. Pick one to see its changes in full and to restore the state it left.
"use client";
import { useMemo, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/client/api-client";
import { annotationKeys } from "@/lib/client/query-keys";
import { diffSnapshots } from "@/lib/annotation/diff";
import { buildHistory, type HistoryEntry } from "@/lib/annotation/version-history";
import type { AnnotationDraft } from "./use-annotation-draft";
import { useVersions, type SaveData } from "./use-workspace";
import { DiffView } from "./diff-view";

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
const day = (iso: string) => new Date(iso).toLocaleDateString();

function when(e: HistoryEntry): string {
  return e.from === e.to ? `${day(e.to)} ${time(e.to)}` : `${day(e.from)} ${time(e.from)}–${time(e.to)}`;
}

export function HistoryPanel({ annotationId, draft, editable }: { annotationId: number; draft: AnnotationDraft; editable: boolean }) {
  const { data, error, isPending } = useVersions(annotationId, true);
  const entries = useMemo(() => (data ? buildHistory(data.versions, data.events) : []), [data]);
  const [picked, setPicked] = useState<number | null>(null);
  const [save, setSave] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const qc = useQueryClient();
  if (isPending) return <p className="muted">Loading history…</p>;
  if (error) return <p className="error">{error.message}</p>;
  const sel = picked === null ? null : (entries[picked] ?? null);
  // Inside a session every autosave can still be brought back; the entry shows where it ended.
  const saves = sel?.kind === "session" ? data.versions.filter((v) => v.version >= sel.firstVersion && v.version <= sel.version) : [];
  const target = sel ? (data.versions.find((v) => v.version === (save ?? sel.version)) ?? null) : null;

  const restore = async (version: number) => {
    setBusy(true);
    setMessage(null);
    try {
      // Pending edits go first, so the restore is made on top of them and they stay in the history.
      const saved = await draft.flush();
      if (saved !== "saved") throw new Error("Your last edits are not saved yet (see the save status at the top). Resolve that first.");
      const res = await api.post<SaveData>(`/api/annotations/${annotationId}/restore`, { version, baseVersion: draft.getBaseVersion() });
      const snap = data.versions.find((v) => v.version === version)!.snapshot;
      draft.reset({ version: res.version, snapshot: snap });
      await qc.invalidateQueries({ queryKey: annotationKeys.versions(annotationId) });
      setPicked(null);
      setMessage(`Restored version ${version} as version ${res.version}.`);
    } catch (e) {
      setMessage((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-label="Version history" className="history-panel">
      <ol className="versions" data-testid="history">
        {entries.map((e, i) => (
          <li key={`${e.kind}-${e.firstVersion}-${e.from}`} className={`history-entry history-${e.kind}`} data-testid="history-entry" data-kind={e.kind}>
            <button type="button" className={i === picked ? "link selected" : "link"} aria-expanded={i === picked} onClick={() => {
                setPicked(i === picked ? null : i);
                setSave(null);
              }}>
              {e.title}
            </button>
            <span className="muted small">
              {" "}
              · {e.who?.name ?? "import"} · {when(e)}
              {e.kind === "session" && ` · ${e.saves} save${e.saves === 1 ? "" : "s"} (v${e.firstVersion === e.version ? e.version : `${e.firstVersion}–${e.version}`})`}
            </span>
            <div className="small history-summary" data-testid="history-summary">
              {e.summary}
            </div>
          </li>
        ))}
      </ol>
      {sel && (
        <div className="card" data-testid="version-detail">
          <h3 className="small">
            {sel.title} (version {sel.version}): what it changed
          </h3>
          {sel.diff ? <DiffView diff={sel.diff} /> : <p className="muted small">The first version: {sel.summary}.</p>}
          {saves.length > 1 && (
            <label className="inline small">
              Save in this session
              <select value={save ?? sel.version} onChange={(ev) => setSave(Number(ev.target.value))}>
                {[...saves].reverse().map((v) => (
                  <option key={v.version} value={v.version}>
                    version {v.version} · {new Date(v.createdAt).toLocaleTimeString()}
                  </option>
                ))}
              </select>
            </label>
          )}
          {draft.snapshot && target && (
            <>
              <h3 className="small">Restoring version {target.version} would change the current annotation like this:</h3>
              <DiffView diff={diffSnapshots(draft.snapshot, target.snapshot)} empty="It is the same as the current annotation." />
            </>
          )}
          {editable && target && (
            <button type="button" disabled={busy} onClick={() => void restore(target.version)}>
              Restore version {target.version}
            </button>
          )}
        </div>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
