"use client";
import { useState } from "react";
import Link from "next/link";
import { useImportJobs, useImportSources, useStartImport, type ImportJobView } from "./use-imports";

const KIND_LABEL: Record<string, string> = {
  LEROBOT_V3: "LeRobot v3.0",
  LEROBOT_V21: "LeRobot v2.1",
  AGIBOT: "AgiBot World",
  MANIFEST: "Manifest (JSONL)",
};

function describeProgress(j: ImportJobView): string {
  const p = j.progress as Record<string, number | string | undefined>;
  switch (j.status) {
    case "QUEUED":
      return "Waiting for a worker…";
    case "RUNNING":
      if (p.stage === "probing") return `Checking videos ${p.done ?? 0}/${p.total ?? "?"}`;
      if (p.stage === "writing") return `Writing ${p.total ?? ""} episodes…`;
      return "Reading dataset…";
    case "SUCCEEDED":
      return `${p.episodesCreated} episodes imported${Number(p.episodesSkipped) ? `, ${p.episodesSkipped} already present` : ""}${
        Number(p.transcodesQueued) ? ` · ${p.transcodesQueued} videos being converted for the browser` : ""
      }`;
    case "FAILED":
      return `Nothing was imported: ${j.errors.length} problem${j.errors.length === 1 ? "" : "s"} found`;
    default:
      return j.status;
  }
}

/** What the import noted about episodes' timing (declared rates, variable rates, hidden frames …). */
function timingNotes(j: ImportJobView): Array<{ episode: string; note: string }> {
  const notes = (j.progress as Record<string, unknown> | null)?.timingNotes;
  return Array.isArray(notes) ? (notes as Array<{ episode: string; note: string }>) : [];
}

export function ImportsPage() {
  const sources = useImportSources();
  const jobs = useImportJobs();
  const start = useStartImport();
  const [path, setPath] = useState("");
  const [kind, setKind] = useState("");
  const [environment, setEnvironment] = useState("");

  return (
    <section>
      <div className="page-head">
        <h1>Imports</h1>
      </div>
      <form
        className="card"
        aria-label="New import"
        onSubmit={(e) => {
          e.preventDefault();
          start.mutate({ path, kind: kind || undefined, environment: environment || undefined });
        }}
      >
        <h2>New import</h2>
        <p className="muted small">
          LeRobot v3.0 / v2.1 folders, AgiBot World folders (<code>task_info/</code> + <code>observations/</code>) and JSONL
          manifests (format in <code>docs/manifest-format.md</code>) placed in an import folder. Re-importing a dataset adds only new episodes.
        </p>
        <label>
          Dataset
          <select value={path} onChange={(e) => setPath(e.target.value)} required aria-describedby="import-path-help">
            <option value="">Choose a dataset…</option>
            {sources.data?.items.map((s) => (
              <option key={s.path} value={s.path}>
                {s.path} — {KIND_LABEL[s.kind] ?? s.kind}
              </option>
            ))}
          </select>
        </label>
        <span id="import-path-help" className="muted small">
          Found in: {sources.data ? [...new Set(sources.data.items.map((s) => s.root))].join(", ") || "no datasets found in the import folders" : "…"}
        </span>
        <div className="row">
          <label>
            Format
            <select value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">Detect automatically</option>
              {Object.entries(KIND_LABEL).map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <label>
            Environment (optional)
            <input value={environment} onChange={(e) => setEnvironment(e.target.value)} placeholder="taken from the dataset" />
          </label>
        </div>
        {start.error && (
          <p role="alert" className="error">
            {start.error.message}
          </p>
        )}
        <button type="submit" className="primary" disabled={!path || start.isPending}>
          Import
        </button>
      </form>
      <h2>Recent imports</h2>
      <table className="grid" aria-label="Import jobs">
        <thead>
          <tr>
            <th>#</th>
            <th>Source</th>
            <th>Format</th>
            <th>Status</th>
            <th>Result</th>
            <th>By</th>
          </tr>
        </thead>
        <tbody>
          {jobs.data?.items.map((j) => (
            <tr key={j.id} data-testid={`import-${j.id}`}>
              <td>{j.id}</td>
              <td className="path">{j.sourceUri}</td>
              <td>{KIND_LABEL[j.kind]}</td>
              <td>
                <span className={`pill job-${j.status.toLowerCase()}`}>{j.status.toLowerCase()}</span>
              </td>
              <td>
                <span data-testid="import-result">{describeProgress(j)}</span>
                {j.status === "SUCCEEDED" && (
                  <>
                    {" "}
                    · <Link href="/episodes?sort=id&order=desc">see episodes</Link>
                  </>
                )}
                {j.status === "SUCCEEDED" && timingNotes(j).length > 0 && (
                  <details className="timing-notes" data-testid="import-timing-notes">
                    <summary>
                      Video timing notes for {Number(j.progress?.episodesWithTimingNotes ?? 0)} episode{Number(j.progress?.episodesWithTimingNotes ?? 0) === 1 ? "" : "s"}
                    </summary>
                    <ul>
                      {timingNotes(j).map((n, i) => (
                        <li key={i}>
                          <code>{n.episode}</code>: {n.note}
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
                {j.errors.length > 0 && (
                  <ul className="problems" aria-label="Problems">
                    {j.errors.slice(0, 50).map((p, i) => (
                      <li key={i}>
                        <code>
                          {p.file}
                          {p.line ? `:${p.line}` : ""}
                        </code>
                        {p.episode ? ` (episode ${p.episode})` : ""}: {p.reason}
                      </li>
                    ))}
                    {j.errors.length > 50 && <li>… and {j.errors.length - 50} more</li>}
                  </ul>
                )}
              </td>
              <td>{j.createdBy?.name ?? "System"}</td>
            </tr>
          ))}
          {jobs.data?.items.length === 0 && (
            <tr>
              <td colSpan={6} className="empty">
                No imports yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
