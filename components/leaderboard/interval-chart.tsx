// MAE per ground-truth progress interval (PRIMO Fig. 4): one bar series per run, and the same
// numbers as a table under the chart (screen readers, tests, and copying into a paper).
"use client";
import { useId } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChangedValue } from "./changed-value";
import { bestIndexes, formatMae, sameValue } from "./format";
import type { LeaderboardSplit } from "./use-leaderboard";
import styles from "./leaderboard.module.css";
import { ScrollRegion } from "@/components/layout/scroll-region";

// Colour-blind-safe (Okabe–Ito) order, then repeats.
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

export function IntervalChart({ split, labels }: { split: LeaderboardSplit; labels: string[] }) {
  const id = useId();
  const series = split.intervals;
  const data = labels.map((label, i) => {
    const point: Record<string, string | number | null> = { interval: label };
    for (const r of series) {
      point[`run${r.runId}`] = r.mae[i] ?? null;
      point[`n_run${r.runId}`] = r.n[i] ?? 0;
    }
    return point;
  });
  const best = labels.map((_, i) => bestIndexes("mae", series.map((r) => r.mae[i] ?? null)));
  const anyChanged = series.some((r) => r.previousMae);
  return (
    <figure className={styles.figure} aria-labelledby={`${id}-cap`} data-testid="interval-chart-figure" data-split={split.split}>
      <figcaption id={`${id}-cap`}>
        <strong>MAE per progress interval</strong> — {split.label}
        <div className="muted small">
          MAE (progress points, lower is better) over answered samples, grouped by the ground-truth progress interval ([0, 20) … [80, 100]).
        </div>
      </figcaption>
      {series.length > 0 ? (
        <div
          role="img"
          aria-label={`Bar chart: MAE in progress points per ground-truth progress interval (${labels.join(", ")}) for ${split.label}, one bar per run (${series.map((r) => r.runName).join(", ")}). The same numbers are in the table below.`}
          data-testid="interval-chart"
          className={styles.chart}
        >
          <ResponsiveContainer width="100%" height={260}>
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" vertical={false} />
              <XAxis dataKey="interval" tick={{ fontSize: 11 }} label={{ value: "ground-truth progress (%)", position: "insideBottom", offset: -2, fontSize: 11 }} height={36} />
              <YAxis tick={{ fontSize: 11 }} width={44} label={{ value: "MAE", angle: -90, position: "insideLeft", fontSize: 11 }} />
              <Tooltip
                isAnimationActive={false}
                labelFormatter={(l) => `Ground truth ${String(l)} %`}
                formatter={(v, name, item) => {
                  const n = (item?.payload as Record<string, unknown> | undefined)?.[`n_${String(item?.dataKey)}`];
                  return [`${formatMae(typeof v === "number" ? v : null)} (n = ${typeof n === "number" ? n : 0})`, `${String(name)} · MAE`];
                }}
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {series.map((r, i) => (
                <Bar key={r.runId} dataKey={`run${r.runId}`} name={r.runName} fill={PALETTE[i % PALETTE.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      ) : (
        <p className="muted">No run has predictions in this split.</p>
      )}
      {series.length > 0 && (
        <ScrollRegion className={styles.tableWrap} label={`MAE per progress interval, ${split.label}`}>
          <table className={`grid ${styles.board} ${styles.compact}`} aria-label={`MAE per progress interval, ${split.label}`} data-testid="interval-table" data-split={split.split}>
            <thead>
              <tr>
                <th scope="col">Run</th>
                {labels.map((l) => (
                  <th key={l} scope="col" className={styles.num}>
                    MAE ↓ {l}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {series.map((r, ri) => (
                <tr key={r.runId} data-run={r.runId}>
                  <th scope="row" className={styles.runName}>
                    {r.runName}
                  </th>
                  {labels.map((l, i) => {
                    const prev = r.previousMae;
                    const changed = prev !== undefined && !sameValue(prev[i], r.mae[i]);
                    const isBest = best[i]!.has(ri);
                    return (
                      <td
                        key={l}
                        className={`${styles.num}${changed ? ` ${styles.changed}` : ""}`}
                        title={`MAE, ground truth ${l} %: n = ${r.n[i] ?? 0} answered${changed ? `; before the unacknowledged ground-truth change: ${formatMae(prev![i])}` : ""}`}
                        data-testid="interval-cell"
                        data-interval={l}
                        data-n={r.n[i] ?? 0}
                        data-best={isBest ? "true" : undefined}
                        data-changed={changed ? "true" : undefined}
                      >
                        <ChangedValue text={formatMae(r.mae[i])} previousText={changed ? formatMae(prev![i]) : undefined} best={isBest} />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {anyChanged && <p className="muted small">Struck-through values are from before the ground-truth changes you have not marked as seen.</p>}
        </ScrollRegion>
      )}
    </figure>
  );
}
