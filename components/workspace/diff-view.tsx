// A snapshot diff in words: moved boundaries, renamed labels, added and removed segments.
"use client";
import type { SnapshotDiff } from "@/lib/annotation/diff";
import { isEmptyDiff } from "@/lib/annotation/diff";

const OUTCOME: Record<string, string> = { UNKNOWN: "not set", SUCCESS: "success", FAILURE: "failure", UNSURE: "unsure" };

export function DiffView({ diff, empty = "No differences." }: { diff: SnapshotDiff; empty?: string }) {
  if (isEmptyDiff(diff)) return <p className="muted small">{empty}</p>;
  return (
    <ul className="diff" data-testid="diff">
      {diff.moved.map((m) => (
        <li key={`m-${m.key}`} className="diff-moved">
          <strong>{m.label || "(no label)"}</strong> moved: {m.from.startFrame}–{m.from.endFrame} → {m.to.startFrame}–{m.to.endFrame}
          {m.from.startFrame !== m.to.startFrame && <span className="muted"> (start {signed(m.to.startFrame - m.from.startFrame)})</span>}
          {m.from.endFrame !== m.to.endFrame && <span className="muted"> (end {signed(m.to.endFrame - m.from.endFrame)})</span>}
        </li>
      ))}
      {diff.renamed.map((r) => (
        <li key={`r-${r.key}`} className="diff-renamed">
          Renamed at {r.startFrame}–{r.endFrame}: “{r.from || "(no label)"}” → “{r.to || "(no label)"}”
        </li>
      ))}
      {diff.added.map((s) => (
        <li key={`a-${s.key}`} className="diff-added">
          Added <strong>{s.label || "(no label)"}</strong> {s.startFrame}–{s.endFrame}
        </li>
      ))}
      {diff.removed.map((s) => (
        <li key={`d-${s.key}`} className="diff-removed">
          Removed <strong>{s.label || "(no label)"}</strong> {s.startFrame}–{s.endFrame}
        </li>
      ))}
      {diff.outcome && (
        <li>
          Outcome: {OUTCOME[diff.outcome.from]} → {OUTCOME[diff.outcome.to]}
        </li>
      )}
      {diff.failureReason && (
        <li>
          Failure reason: {diff.failureReason.from ?? "none"} → {diff.failureReason.to ?? "none"}
        </li>
      )}
      {diff.note && <li>Note changed</li>}
      {diff.qualityFlags && (
        <li>
          Quality flags{diff.qualityFlags.added.length ? ` +${diff.qualityFlags.added.join(", +")}` : ""}
          {diff.qualityFlags.removed.length ? ` −${diff.qualityFlags.removed.join(", −")}` : ""}
        </li>
      )}
    </ul>
  );
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
