// Agreement between every pair of annotators of this episode.
"use client";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/client/api-client";
import { agreementKeys } from "@/lib/client/query-keys";
import { AgreementCells, AgreementHead } from "@/components/agreement/agreement-cells";
import type { PairResult } from "@/lib/agreement/agreement";

interface Pair {
  episodeId: number;
  a: { annotationId: number; annotator: { id: number; name: string } };
  b: { annotationId: number; annotator: { id: number; name: string } };
  result: PairResult;
}

export function AgreementPanel({ episodeId }: { episodeId: number }) {
  const [k, setK] = useState(5);
  const { data, error, isPending } = useQuery({
    queryKey: agreementKeys.episode(episodeId, k),
    queryFn: () => api.get<{ k: number; pairs: Pair[] }>(`/api/episodes/${episodeId}/agreement?k=${k}`),
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
        <table className="grid compact" data-testid="episode-agreement">
          <thead>
            <tr>
              <th>Pair</th>
              <AgreementHead k={k} />
            </tr>
          </thead>
          <tbody>
            {data.pairs.map((p) => (
              <tr key={`${p.a.annotationId}-${p.b.annotationId}`}>
                <td>
                  {p.a.annotator.name} × {p.b.annotator.name}
                </td>
                <AgreementCells r={p.result} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
