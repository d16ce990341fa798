// The leaderboard: runs against environments per benchmark split (PRIMO Table 1), MAE per
// progress interval (PRIMO Fig. 4) and the worst episodes, with what changed since the user
// last looked at the figures.
"use client";
import Link from "next/link";
import { useState } from "react";
import { ScopeControls, ScopeNote, useMetricScope } from "@/components/metrics/metric-scope";
import { useUrlFilters } from "@/components/layout/use-url-filters";
import { ChangesBanner } from "./changes-banner";
import { CELL_METRICS, METRIC_LABEL, isCellMetric, runsParam, shownMetrics, splitsParam, type CellMetric } from "./format";
import { IntervalChart } from "./interval-chart";
import { LeaderboardTable } from "./leaderboard-table";
import { leaderboardUrl, useLeaderboard, useRuns, type Leaderboard, type LeaderboardFilters, type RunItem } from "./use-leaderboard";
import { WorstEpisodes } from "./worst-episodes";
import styles from "./leaderboard.module.css";

const CAUSALITY_KEYS = ["causality"] as const;

export function LeaderboardPage() {
  const [metric, setMetric] = useState<CellMetric>("linearRelativeAccuracy");
  const [second, setSecond] = useState<CellMetric | "">("mae");
  const [showTraining, setShowTraining] = useState(false);
  // Kept in the URL like the metric scope, so a link or a reload shows the same runs.
  const causalityFilter = useUrlFilters(CAUSALITY_KEYS);
  const asked = causalityFilter.filters.causality;
  const causality: "" | "causal" | "full-trajectory" = asked === "causal" || asked === "full-trajectory" ? asked : "";
  const scope = useMetricScope();
  const [runIds, setRunIds] = useState<number[]>([]);
  const [chartSplit, setChartSplit] = useState<string | null>(null);

  const runs = useRuns();
  const filters: LeaderboardFilters = { runs: runsParam(runIds), splits: splitsParam(showTraining), ...scope.query, ...(causality ? { causality } : {}) };
  const board = useLeaderboard(filters);
  const metrics = shownMetrics(metric, second);
  const noRuns = runs.data !== undefined && runs.data.length === 0;

  return (
    <section>
      <div className="page-head">
        <h1>Leaderboard</h1>
        {!noRuns && (
          <span className={styles.downloads}>
            <a href={leaderboardUrl(filters, "csv")} download data-testid="download-csv">
              Download CSV
            </a>
            <a href={leaderboardUrl(filters, "json")} download data-testid="download-json">
              Download JSON
            </a>
          </span>
        )}
      </div>
      <p className="muted small">
        Progress-estimation figures of each prediction run per benchmark split and environment, laid out as PRIMO R1 Table 1. Downloads use the runs and
        splits selected here and carry every metric in its own named column.
      </p>

      {noRuns ? (
        <div className="card" data-testid="leaderboard-empty">
          <p>No prediction runs yet.</p>
          <p>
            <Link href="/predictions">Import predictions on the Predictions page</Link> to see them ranked here.
          </p>
        </div>
      ) : (
        <>
          <div className="filters">
            <label>
              Metric
              <select value={metric} onChange={(e) => isCellMetric(e.target.value) && setMetric(e.target.value)}>
                {CELL_METRICS.map((m) => (
                  <option key={m} value={m}>
                    {METRIC_LABEL[m]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Second metric
              <select value={second} onChange={(e) => setSecond(isCellMetric(e.target.value) ? e.target.value : "")}>
                <option value="">None</option>
                {CELL_METRICS.filter((m) => m !== metric).map((m) => (
                  <option key={m} value={m}>
                    {METRIC_LABEL[m]}
                  </option>
                ))}
              </select>
            </label>
            <RunFilter runs={runs.data} selected={runIds} onChange={setRunIds} />
            <label>
              Runs that saw
              <select value={causality} onChange={(e) => causalityFilter.update({ causality: e.target.value || undefined })} data-testid="causality">
                <option value="">Either (marked)</option>
                <option value="causal">Only frames up to the query (causal)</option>
                <option value="full-trajectory">The whole trajectory</option>
              </select>
            </label>
            <label className={`inline ${styles.checkbox}`}>
              <input type="checkbox" checked={showTraining} onChange={(e) => setShowTraining(e.target.checked)} />
              Show training episodes
            </label>
            <ScopeControls query={scope.query} update={scope.update} />
          </div>
          {board.data && <ScopeNote scope={board.data.scope} />}
          {runs.error && (
            <p role="alert" className="error">
              Could not load the runs: {runs.error.message}
            </p>
          )}

          {board.isPending && (
            <p className="muted" role="status">
              Computing the leaderboard…
            </p>
          )}
          {board.error && (
            <p role="alert" className="error">
              {board.data ? "Could not refresh the leaderboard (showing the last figures): " : "Could not load the leaderboard: "}
              {board.error.message}
            </p>
          )}
          {board.data && (
            <Board
              data={board.data}
              metrics={metrics}
              updating={board.isFetching}
              chartSplit={chartSplit}
              onChartSplit={setChartSplit}
            />
          )}
        </>
      )}
    </section>
  );
}

function RunFilter({ runs, selected, onChange }: { runs: RunItem[] | undefined; selected: number[]; onChange: (ids: number[]) => void }) {
  const chosen = new Set(selected);
  const known = runs?.filter((r) => chosen.has(r.id)).length ?? 0;
  const summary = selected.length === 0 ? `All runs${runs ? ` (${runs.length})` : ""}` : `${known} of ${runs?.length ?? "?"} runs`;
  return (
    <fieldset className={styles.runFilter} data-testid="run-filter">
      <legend>Runs</legend>
      <details>
        <summary>{summary}</summary>
        <div className={styles.runList}>
          {!runs && <span className="muted small">Loading runs…</span>}
          {runs?.map((r) => (
            <label key={r.id} className="choice">
              <input
                type="checkbox"
                checked={chosen.has(r.id)}
                onChange={(e) => onChange(e.target.checked ? [...selected, r.id] : selected.filter((id) => id !== r.id))}
              />
              {r.name} <span className="muted small">({r.modelName})</span>
            </label>
          ))}
          {selected.length > 0 && (
            <button type="button" className="link" onClick={() => onChange([])}>
              Show all runs
            </button>
          )}
        </div>
      </details>
    </fieldset>
  );
}

function Board({
  data,
  metrics,
  updating,
  chartSplit,
  onChartSplit,
}: {
  data: Leaderboard;
  metrics: CellMetric[];
  updating: boolean;
  chartSplit: string | null;
  onChartSplit: (s: string) => void;
}) {
  const side = data.splits.find((s) => s.split === chartSplit) ?? data.splits[0];
  return (
    <>
      <ChangesBanner changes={data.changes} approvedOnly={data.scope.approvedOnly} />
      <p className="muted small" aria-live="polite">
        Computed <time dateTime={data.generatedAt}>{new Date(data.generatedAt).toLocaleString()}</time>
        {updating ? " · updating…" : ""}
      </p>
      {data.splits.length === 0 ? (
        <p className="muted" data-testid="leaderboard-no-data">
          None of the selected runs has progress predictions on episodes of these splits.
        </p>
      ) : (
        <div className={styles.layout}>
          <div className={styles.tables}>
            {data.splits.map((s) => (
              <section key={s.split} aria-labelledby={`split-${s.split}`}>
                <h2 id={`split-${s.split}`}>{s.label}</h2>
                <LeaderboardTable split={s} metrics={metrics} />
              </section>
            ))}
          </div>
          {side && (
            <aside className={styles.side} aria-label="Error analysis">
              <label className={styles.splitPicker}>
                Split for the chart and worst episodes
                <select value={side.split} onChange={(e) => onChartSplit(e.target.value)}>
                  {data.splits.map((s) => (
                    <option key={s.split} value={s.split}>
                      {s.label}
                    </option>
                  ))}
                </select>
              </label>
              <IntervalChart split={side} labels={data.intervalLabels} />
              <WorstEpisodes split={side} approvedOnly={data.scope.approvedOnly} />
            </aside>
          )}
        </div>
      )}
      <HowComputed data={data} />
    </>
  );
}

function HowComputed({ data }: { data: Leaderboard }) {
  return (
    <details className={`card ${styles.how}`} data-testid="how-computed">
      <summary>How these figures are computed</summary>
      <ul>
        <li>
          <strong>Answered samples only.</strong> Every metric except coverage and format pass rate is over the answered samples: a progress prediction
          with a ground truth and a parsed answer. Coverage (answered / with ground truth) is shown under a figure as “answered 93%” when it is below 100%.
        </li>
        <li>
          <strong>MAE / RMSE</strong>: mean absolute / root-mean-square error in progress points. <strong>Acc@5 / Acc@10</strong>: share of answered
          samples within 5 / 10 points (inclusive).
        </li>
        <li>
          <strong>{METRIC_LABEL.linearRelativeAccuracy}</strong>: mean of clip(1 − |ŷ − y| / |y|, 0, 1), the variant behind PRIMO R1&apos;s published MRA.{" "}
          <strong>{METRIC_LABEL.thresholdRelativeAccuracy}</strong>: share of thresholds t ∈ {"{"}0.50, 0.55, …, 0.95{"}"} with |ŷ − y| / |y| &lt; 1 − t, compared exactly (an error of exactly 15 % fails t = 0.85).
          The two are not comparable; each column names its variant. <strong>{METRIC_LABEL.absoluteRangeAccuracy}</strong>: mean of clip(1 − |ŷ − y| /
          100, 0, 1).
        </li>
        <li>
          <strong>Ground truth 0.</strong> {data.gtZeroRule}
        </li>
        <li>
          <strong>{METRIC_LABEL.formatRate}</strong>: share of all progress predictions (answered or not) that pass the PRIMO output-format check.
        </li>
        <li>
          <strong>Average</strong> = the mean of the row&apos;s environment cells that have a value (each environment counts once, as PRIMO Table 1&apos;s
          Average column); it is not pooled over predictions. The CSV download has the same Average rows.
        </li>
        <li>
          <strong>MAE per progress interval</strong> groups answered samples by their ground-truth progress: {data.intervalLabels.join(", ")} (the last
          interval includes 100).
        </li>
        <li>
          <strong>Splits.</strong> {data.scope.splitRule}
        </li>
      </ul>
    </details>
  );
}
