// Agreement between every pair of annotators of this episode.
"use client";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/client/api-client";
import { agreementKeys } from "@/lib/client/query-keys";
import { AgreementPairsTable } from "@/components/agreement/agreement-cells";
import type { EpisodeAgreementResponse } from "@/lib/contract/agreement";

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
      {data && data.pairs.length > 0 && (
        <AgreementPairsTable pairs={data.pairs} k={k} showEpisode={false} label="Agreement between this episode's annotators" testId="episode-agreement" />
      )}
    </section>
  );
}
