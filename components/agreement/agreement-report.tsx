// The project agreement report: every pair of annotators on double-annotated episodes, summed
// up per annotator and per task.
"use client";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, toQueryString } from "@/lib/client/api-client";
import { agreementKeys } from "@/lib/client/query-keys";
import type { AgreementReportResponse, AgreementSummary } from "@/lib/contract/agreement";
import { useFacets } from "@/components/episodes/use-episodes";
import { AgreementCells, AgreementHead, AgreementPairsTable } from "./agreement-cells";
import { KappaTable } from "./kappa-table";

/** GET /api/agreement, from the response contract. */
type Report = AgreementReportResponse;

export function AgreementReport() {
  const facets = useFacets();
  const [k, setK] = useState(5);
  const [taskId, setTaskId] = useState("");
  const [environmentId, setEnvironmentId] = useState("");
  const filters = { k, taskId: taskId || undefined, environmentId: environmentId || undefined };
  const { data, error, isPending } = useQuery({
    queryKey: agreementKeys.report(filters),
    queryFn: () => api.get<Report>(`/api/agreement${toQueryString(filters)}`),
  });
  return (
    <section>
      <div className="page-head">
        <h1>Inter-annotator agreement</h1>
      </div>
      <p className="muted small">
        Episodes annotated by two or more people. Boundaries are segment starts and ends; each boundary is compared with the nearest boundary of the
        other annotator. Segment IoU compares each segment with the best-overlapping segment of the same label. Assign a second annotator from an
        episode&apos;s page.
      </p>
      <div className="filters">
        <label>
          Environment
          <select value={environmentId} onChange={(e) => setEnvironmentId(e.target.value)}>
            <option value="">All</option>
            {facets.data?.environments.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Task
          <select value={taskId} onChange={(e) => setTaskId(e.target.value)}>
            <option value="">All</option>
            {facets.data?.tasks
              .filter((t) => !environmentId || String(t.environmentId) === environmentId)
              .map((t) => (
                <option key={t.id} value={t.id}>
                  {t.instruction}
                </option>
              ))}
          </select>
        </label>
        <label>
          Tolerance k (frames)
          <input type="number" min={0} max={1000} value={k} onChange={(e) => setK(Math.max(0, Math.min(1000, Number(e.target.value) || 0)))} />
        </label>
      </div>
      {isPending && <p className="muted">Computing…</p>}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {data && data.pairs.length === 0 && <p className="muted">No episode has two annotators yet{taskId || environmentId ? " in this selection" : ""}.</p>}
      {data && data.pairs.length > 0 && (
        <>
          <h2>Overall</h2>
          <SummaryTable rows={[{ key: "all", name: `${data.pairs.length} pair${data.pairs.length === 1 ? "" : "s"}`, s: data.overall }]} k={data.k} first="Scope" label="Overall agreement" />
          <h2>Outcome and failure reason</h2>
          <p className="muted small">In each pair the first annotator is the one who took the episode first. Failure reasons are compared where both said the episode failed.</p>
          <KappaTable title="Outcome" what="of annotators on one episode" r={data.outcomeKappa} testId="outcome-kappa" />
          <KappaTable title="Failure reason" what="where both said failure" r={data.failureReasonKappa} testId="failure-kappa" />
          <h2>Per annotator</h2>
          <SummaryTable rows={data.byAnnotator.map((r) => ({ key: String(r.annotator.id), name: r.annotator.name, s: r }))} k={data.k} first="Annotator" label="Agreement per annotator" />
          <h2>Per task</h2>
          <SummaryTable rows={data.byTask.map((r) => ({ key: String(r.task.id), name: r.task.instruction, s: r }))} k={data.k} first="Task" label="Agreement per task" />
          <h2>Pairs</h2>
          <AgreementPairsTable pairs={data.pairs} k={data.k} showEpisode label="Agreement per pair" />
        </>
      )}
    </section>
  );
}

function SummaryTable({ rows, k, first, label }: { rows: Array<{ key: string; name: string; s: AgreementSummary }>; k: number; first: string; label: string }) {
  return (
    <table className="grid" aria-label={label}>
      <thead>
        <tr>
          <th>{first}</th>
          <th>Pairs</th>
          <AgreementHead k={k} />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{r.name}</td>
            <td>{r.s.pairs}</td>
            <AgreementCells r={r.s} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}
