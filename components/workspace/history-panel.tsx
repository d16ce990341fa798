// Every saved version with who and when; pick one to see what it changed, restore any of them.
"use client";
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/client/api-client";
import { annotationKeys } from "@/lib/client/query-keys";
import { diffSnapshots } from "@/lib/annotation/diff";
import type { AnnotationDraft } from "./use-annotation-draft";
import { useVersions, type SaveData } from "./use-workspace";
import { DiffView } from "./diff-view";

export function HistoryPanel({ annotationId, draft, editable }: { annotationId: number; draft: AnnotationDraft; editable: boolean }) {
  const { data, error, isPending } = useVersions(annotationId, true);
  const [picked, setPicked] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const qc = useQueryClient();
  if (isPending) return <p className="muted">Loading history…</p>;
  if (error) return <p className="error">{error.message}</p>;
  const versions = data.versions;
  const idx = versions.findIndex((v) => v.version === picked);
  const sel = idx >= 0 ? versions[idx]! : null;
  const prev = idx >= 0 ? versions[idx + 1] : undefined;

  const restore = async (version: number) => {
    setBusy(true);
    setMessage(null);
    try {
      // Pending edits go first, so the restore is made on top of them and they stay in the history.
      const saved = await draft.flush();
      if (saved !== "saved") throw new Error("Your last edits are not saved yet (see the save status at the top). Resolve that first.");
      const res = await api.post<SaveData>(`/api/annotations/${annotationId}/restore`, { version, baseVersion: draft.getBaseVersion() });
      const snap = versions.find((v) => v.version === version)!.snapshot;
      draft.reset({ version: res.version, snapshot: snap });
      await qc.invalidateQueries({ queryKey: annotationKeys.versions(annotationId) });
      setMessage(`Restored version ${version} as version ${res.version}.`);
    } catch (e) {
      setMessage((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-label="Version history" className="history-panel">
      <ol className="versions">
        {versions.map((v) => (
          <li key={v.version}>
            <button type="button" className={v.version === picked ? "link selected" : "link"} onClick={() => setPicked(v.version === picked ? null : v.version)}>
              Version {v.version}
            </button>{" "}
            <span className="muted small">
              {v.author?.name ?? "import"} · {new Date(v.createdAt).toLocaleString()}
            </span>
          </li>
        ))}
      </ol>
      {sel && (
        <div className="card" data-testid="version-detail">
          <h3 className="small">
            Version {sel.version} {prev ? `compared with version ${prev.version}` : "(first version)"}
          </h3>
          {prev && <DiffView diff={diffSnapshots(prev.snapshot, sel.snapshot)} />}
          {draft.snapshot && (
            <>
              <h3 className="small">Restoring it would change the current annotation like this:</h3>
              <DiffView diff={diffSnapshots(draft.snapshot, sel.snapshot)} empty="It is the same as the current annotation." />
            </>
          )}
          {editable && (
            <button type="button" disabled={busy} onClick={() => void restore(sel.version)}>
              Restore version {sel.version}
            </button>
          )}
        </div>
      )}
      {message && <p role="status">{message}</p>}
    </section>
  );
}
