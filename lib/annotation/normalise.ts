// The one normal form of a snapshot, applied by the browser on every edit and by the server on
// every save, so what is stored is byte for byte what the editor holds (no phantom changes).
import { sortSegments } from "./segments";
import type { AnnotationSnapshot } from "./types";

export function normaliseSnapshot(s: AnnotationSnapshot): AnnotationSnapshot {
  return {
    segments: sortSegments(s.segments.map((x) => ({ ...x, label: x.label.trim() }))),
    outcome: s.outcome,
    // A reason only means something for a failure.
    failureReason: s.outcome === "FAILURE" ? s.failureReason : null,
    note: s.note,
    qualityFlags: [...new Set(s.qualityFlags)],
  };
}
