// Per-episode metrics, one column per run, each row one exactly named metric.
"use client";
import { GT_ZERO_RULE } from "@/lib/metrics/metrics";
import { EPISODE_METRICS, type Series } from "./compare-data";
import { Marker } from "./comparison-chart";
import type { ComparisonRun } from "@/components/chains/types";
import styles from "./compare.module.css";

export function MetricsTable({ runs, series }: { runs: ComparisonRun[]; series: Series[] }) {
  if (runs.length === 0) return null;
  const styleOf = new Map(series.map((s) => [s.runId, s.style]));
  const gtZero = runs.some((r) => r.metrics.gtZero > 0);
  return (
    <div className={styles.metrics}>
      <table className="grid" aria-label="Per-episode metrics" data-testid="episode-metrics">
        <caption className="small muted">
          Progress questions of this episode only. MAE and RMSE in progress points; accuracies in % of answered samples.
        </caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            {runs.map((r) => (
              <th key={r.id} scope="col" data-testid={`metrics-run-${r.id}`}>
                {styleOf.get(r.id) && <Marker style={styleOf.get(r.id)!} size={12} />} {r.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {EPISODE_METRICS.map((m) => (
            <tr key={m.key}>
              <th scope="row">
                {m.label} {m.better && <span className="muted">{m.better}</span>}
              </th>
              {runs.map((r) => {
                const c = m.cell(r.metrics);
                return (
                  <td key={r.id} className={styles.metricCell} data-testid={`metric-${r.id}-${m.key}`}>
                    {c.text}
                    {c.note && <div className="muted small">{c.note}</div>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {gtZero && <p className="muted small">{GT_ZERO_RULE}</p>}
    </div>
  );
}
