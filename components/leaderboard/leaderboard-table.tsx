// One benchmark split as PRIMO Table 1: runs × environments, one or two metrics per
// environment, then the Average column (mean of the environment cells). Best per column bold.
"use client";
import type { CellWithPrevious } from "@/lib/contract/leaderboard";
import { ChangedValue } from "./changed-value";
import { METRIC_LABEL, METRIC_UNIT, averageBestIndexes, averageCover, bestIndexes, coverageNote, direction, formatMetric, metricHeader, type CellMetric } from "./format";
import type { LeaderboardSplit } from "./use-leaderboard";
import styles from "./leaderboard.module.css";
import { ScrollRegion } from "@/components/layout/scroll-region";

const RELATIVE: ReadonlySet<CellMetric> = new Set(["linearRelativeAccuracy", "thresholdRelativeAccuracy"]);

function cellTitle(m: CellMetric, c: CellWithPrevious): string {
  const parts = [
    `${METRIC_LABEL[m]}: n = ${c.answered} answered of ${c.n} with ground truth (${c.total} prediction${c.total === 1 ? "" : "s"})`,
  ];
  if (RELATIVE.has(m) && c.gtZero > 0) parts.push(`${c.gtZero} with ground truth 0 left out of this relative metric`);
  if (c.previous) parts.push(`before the unacknowledged ground-truth change: ${formatMetric(m, c.previous[m])} (n = ${c.previous.answered} answered of ${c.previous.n})`);
  return parts.join("; ");
}

export function LeaderboardTable({ split, metrics }: { split: LeaderboardSplit; metrics: CellMetric[] }) {
  const { environments: envs, rows } = split;
  const best = new Map<string, Set<number>>();
  for (const m of metrics) {
    for (const e of envs) best.set(`${e.id}|${m}`, bestIndexes(m, rows.map((r) => r.cells[e.id]?.[m] ?? null)));
    best.set(`avg|${m}`, averageBestIndexes(m, rows, envs.map((e) => e.id)));
  }
  const names = metrics.map((m) => `${METRIC_LABEL[m]} (${METRIC_UNIT[m]}, ${direction(m) === "↑" ? "higher" : "lower"} is better)`).join(" and ");
  const span = metrics.length;
  return (
    <ScrollRegion className={styles.tableWrap} label={`${split.label} table`}>
      <table className={`grid ${styles.board}`} aria-label={`${split.label}: ${metrics.map((m) => METRIC_LABEL[m]).join(" and ")} per environment`} data-testid="leaderboard-table" data-split={split.split}>
        <caption className={styles.caption}>
          <strong>{split.label}.</strong> {names} per environment. The best value of each column is in <strong>bold</strong>. Average is the mean of the
          environment cells of the row (each environment counts once, as PRIMO Table 1&apos;s Average column), not a figure pooled over predictions; a row
          without a value in some environment says which ones it covers, and a best Average is marked only among rows over the same environments. Hover
          a figure for its n.
        </caption>
        <thead>
          <tr>
            <th rowSpan={2} scope="col">
              Run (model)
            </th>
            {envs.map((e) => (
              <th key={e.id} colSpan={span} scope="colgroup" className={styles.group}>
                {e.name}
              </th>
            ))}
            <th colSpan={span} scope="colgroup" className={styles.group}>
              Average
            </th>
          </tr>
          <tr>
            {[...envs.map((e) => String(e.id)), "avg"].flatMap((g) =>
              metrics.map((m) => (
                <th key={`${g}|${m}`} scope="col" className={styles.num}>
                  {metricHeader(m)}
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td className="empty" colSpan={1 + span * (envs.length + 1)}>
                No run has predictions in this split.
              </td>
            </tr>
          )}
          {rows.map((r, ri) => (
            <tr key={r.runId} data-run={r.runId}>
              <th scope="row" className={styles.runName}>
                {r.runName}
                <div className="muted small">{r.modelName}</div>
                {!r.causal && (
                  <div className="small" data-testid="non-causal" title="Some predictions of this run saw frames after their query frame (a full-trajectory model); its figures are not comparable with causal runs'.">
                    saw whole trajectories
                  </div>
                )}
              </th>
              {envs.flatMap((e) => {
                const c = r.cells[e.id];
                return metrics.map((m, mi) => {
                  const common = { "data-testid": "lb-cell", "data-split": split.split, "data-run": r.runId, "data-env": e.id, "data-metric": m };
                  if (!c) {
                    return (
                      <td key={`${e.id}|${m}`} {...common} className={`${styles.num} muted`} title={`${r.runName} has no predictions in ${e.name}`}>
                        —
                      </td>
                    );
                  }
                  const note = mi === 0 && m !== "coverage" ? coverageNote(c.coverage) : null;
                  const isBest = best.get(`${e.id}|${m}`)!.has(ri);
                  const moved = c.previous !== undefined && formatMetric(m, c.previous[m]) !== formatMetric(m, c[m]);
                  return (
                    <td
                      key={`${e.id}|${m}`}
                      {...common}
                      className={`${styles.num}${moved ? ` ${styles.changed}` : ""}`}
                      title={cellTitle(m, c)}
                      data-n={c.answered}
                      data-best={isBest ? "true" : undefined}
                      data-changed={moved ? "true" : undefined}
                    >
                      <ChangedValue text={formatMetric(m, c[m])} previousText={c.previous ? formatMetric(m, c.previous[m]) : undefined} best={isBest} />
                      {note && <div className={styles.note}>{note}</div>}
                    </td>
                  );
                });
              })}
              {metrics.map((m) => {
                const v = r.average[m] ?? null;
                const prev = r.previousAverage && formatMetric(m, r.previousAverage[m] ?? null) !== formatMetric(m, v) ? r.previousAverage : undefined;
                const isBest = best.get(`avg|${m}`)!.has(ri);
                const cover = averageCover(m, r.cells, envs.map((e) => e.id));
                const withValue = cover.length;
                const partial = v !== null && withValue < envs.length;
                return (
                  <td
                    key={`avg|${m}`}
                    data-testid="lb-cell"
                    data-split={split.split}
                    data-run={r.runId}
                    data-env="average"
                    data-metric={m}
                    className={`${styles.num} ${styles.avg}${prev ? ` ${styles.changed}` : ""}`}
                    data-covers={cover.join(",")}
                    title={`${METRIC_LABEL[m]}: mean of ${withValue} environment cell${withValue === 1 ? "" : "s"} with a value (${envs.filter((e) => cover.includes(e.id)).map((e) => e.name).join(", ") || "none"})${prev ? `; before the unacknowledged ground-truth change: ${formatMetric(m, prev[m])}` : ""}`}
                    data-best={isBest ? "true" : undefined}
                    data-changed={prev ? "true" : undefined}
                  >
                    <ChangedValue text={formatMetric(m, v)} previousText={prev ? formatMetric(m, prev[m]) : undefined} best={isBest} />
                    {partial && (
                      <div className={styles.note} data-testid="average-coverage">
                        over {withValue} of {envs.length} environments
                      </div>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
