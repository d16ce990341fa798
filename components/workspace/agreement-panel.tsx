// Agreement between every pair of annotators of this episode.
"use client";
import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/client/api-client";
import { agreementKeys } from "@/lib/client/query-keys";
import { AgreementPairsTable } from "@/components/agreement/agreement-cells";
import type { EpisodeAgreementResponse } from "@/lib/contract/agreement";
import { labelColours } from "./label-colour";
import { OUTCOME_LABEL } from "@/components/episodes/labels";

export function AgreementPanel({ episodeId }: { episodeId: number }) {
  const [k, setK] = useState(5);
  const { data, error, isPending } = useQuery({
    queryKey: agreementKeys.episode(episodeId, k),
    queryFn: () => api.get<EpisodeAgreementResponse>(`/api/episodes/${episodeId}/agreement?k=${k}`),
  });
  return (
    <section aria-label="Agreement" className="agreement-panel">
      <label className="inline">
        Boundary tolerance k (frames)
        <input type="number" min={0} max={1000} value={k} onChange={(e) => setK(Math.max(0, Number(e.target.value) || 0))} />
      </label>
      {isPending && <p className="muted">Computing…</p>}
      {error && <p className="error">{error.message}</p>}
      {data && data.pairs.length === 0 && <p className="muted small">Only one annotator has worked on this episode.</p>}
      {data && data.annotations.length > 1 && <SideBySide lengthFrames={data.lengthFrames} annotations={data.annotations} />}
      {data && data.pairs.length > 0 && (
        <AgreementPairsTable pairs={data.pairs} k={k} showEpisode={false} label="Agreement between this episode's annotators" testId="episode-agreement" />
      )}
    </section>
  );
}

/** Each annotator's timeline on one scale, one above the other, with their outcome. */
function SideBySide({ lengthFrames, annotations }: { lengthFrames: number; annotations: EpisodeAgreementResponse["annotations"] }) {
  const colourOf = useMemo(() => labelColours(annotations.flatMap((a) => a.segments)), [annotations]);
  const pct = (f: number) => `${(f / Math.max(1, lengthFrames)) * 100}%`;
  return (
    <figure className="side-by-side" data-testid="side-by-side" aria-label="The annotators' timelines side by side">
      {annotations.map((a) => (
        <div key={a.annotationId} className="sbs-row" data-testid="sbs-row">
          <div className="small sbs-who">
            <strong>{a.annotator.name}</strong> · {OUTCOME_LABEL[a.outcome] ?? a.outcome}
            {a.failureReason ? ` (${a.failureReason})` : ""}
          </div>
          <div className="sbs-track">
            {a.segments.map((s) => (
              <span
                key={`${s.startFrame}-${s.endFrame}`}
                className="sbs-seg"
                style={{ left: pct(s.startFrame), width: pct(s.endFrame - s.startFrame + 1), background: colourOf(s.label) }}
                title={`${s.label || "(no label)"}: frames ${s.startFrame}–${s.endFrame}`}
                data-testid="sbs-seg"
              >
                {s.label}
              </span>
            ))}
          </div>
        </div>
      ))}
      <figcaption className="muted small">Frames 0–{lengthFrames - 1} on one scale.</figcaption>
    </figure>
  );
}
