import Link from "next/link";
import type { AgreementPairView } from "@/lib/contract/agreement";

// Table cells for the three agreement figures, shared by the episode panel and the project report.
export function AgreementHead({ k }: { k: number }) {
  return (
    <>
      <th title="Mean distance from each boundary to the nearest boundary of the other annotator">Mean boundary offset (frames)</th>
      <th title={`Share of boundaries within ${k} frames of the other annotator's nearest boundary`}>Within {k} frames</th>
      <th title="Mean best temporal IoU with a same-label segment of the other annotator">Segment IoU</th>
    </>
  );
}

export function AgreementCells({ r }: { r: { meanBoundaryOffset: number | null; withinK: number | null; segmentIoU: number | null } }) {
  return (
    <>
      <td data-testid="mean-boundary-offset">{r.meanBoundaryOffset === null ? "—" : r.meanBoundaryOffset.toFixed(2)}</td>
      <td data-testid="within-k">{r.withinK === null ? "—" : `${(r.withinK * 100).toFixed(1)} %`}</td>
      <td data-testid="segment-iou">{r.segmentIoU === null ? "—" : r.segmentIoU.toFixed(3)}</td>
    </>
  );
}

/** A pair of one episode's annotators (lib/contract/agreement.ts, which the agreement routes are checked against). */
export type AgreementPair = AgreementPairView;

/** One row per pair of annotators; with `showEpisode`, a link to the episode as well. */
export function AgreementPairsTable({ pairs, k, showEpisode, label, testId }: { pairs: AgreementPair[]; k: number; showEpisode: boolean; label: string; testId?: string }) {
  return (
    <table className="grid" aria-label={label} data-testid={testId}>
      <thead>
        <tr>
          {showEpisode && <th>Episode</th>}
          <th>Annotators</th>
          <AgreementHead k={k} />
        </tr>
      </thead>
      <tbody>
        {pairs.map((p) => (
          <tr key={`${p.a.annotationId}-${p.b.annotationId}`}>
            {showEpisode && (
              <td>
                <Link href={`/episodes/${p.episodeId}?annotation=${p.a.annotationId}`}>#{p.episodeId}</Link>
              </td>
            )}
            <td>
              {p.a.annotator.name} × {p.b.annotator.name}
            </td>
            <AgreementCells r={p.result} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
