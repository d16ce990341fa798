// Episodes per split tag, per environment and in total (a release's preview or its frozen content).
"use client";
import type { SplitCounts } from "@/lib/releases/splits";
import styles from "./releases.module.css";
import { SPLIT_TAG_LABEL, SPLIT_TAG_SHORT, SPLIT_TAGS } from "./format";
import { ScrollRegion } from "@/components/layout/scroll-region";

const sum = (c: SplitCounts) => SPLIT_TAGS.reduce((a, t) => a + c[t], 0);

export function SplitCountsTable({ total, environments, label }: { total: SplitCounts; environments: { id: number; name: string; counts: SplitCounts }[]; label: string }) {
  return (
    <ScrollRegion label={label}>
      <table className="grid" aria-label={label} data-testid="split-counts">
        <thead>
          <tr>
            <th scope="col">Environment</th>
            {SPLIT_TAGS.map((t) => (
              <th key={t} scope="col" className={styles.num} title={SPLIT_TAG_LABEL[t]}>
                {SPLIT_TAG_SHORT[t]}
              </th>
            ))}
            <th scope="col" className={styles.num}>
              All
            </th>
          </tr>
        </thead>
        <tbody>
          {environments.map((e) => (
            <tr key={e.id} data-testid="split-row">
              <th scope="row">{e.name}</th>
              {SPLIT_TAGS.map((t) => (
                <td key={t} className={styles.num} data-split={t}>
                  {e.counts[t]}
                </td>
              ))}
              <td className={styles.num}>{sum(e.counts)}</td>
            </tr>
          ))}
          <tr className={styles.totalRow} data-testid="split-total">
            <th scope="row">Total</th>
            {SPLIT_TAGS.map((t) => (
              <td key={t} className={styles.num} data-split={t}>
                {total[t]}
              </td>
            ))}
            <td className={styles.num}>{sum(total)}</td>
          </tr>
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** What the lead should know about the splits before saving (no training data, a starved task). */
export function SplitWarnings({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="banner small" data-testid="split-warnings" aria-label="Split warnings">
      {warnings.map((w) => (
        <li key={w}>{w}</li>
      ))}
    </ul>
  );
}
