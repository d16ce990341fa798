// The episodes with the highest MAE in a split, each a link to its prediction comparison.
"use client";
import Link from "next/link";
import { ChangedValue } from "./changed-value";
import { formatMae } from "./format";
import type { LeaderboardSplit } from "./use-leaderboard";
import styles from "./leaderboard.module.css";
import { ScrollRegion } from "@/components/layout/scroll-region";
import { compareHref } from "@/components/metrics/metric-scope";

export function WorstEpisodes({ split, approvedOnly = false }: { split: LeaderboardSplit; approvedOnly?: boolean }) {
  return (
    <section aria-labelledby={`worst-${split.split}`} className={styles.worst}>
      <h3 id={`worst-${split.split}`} className={styles.h3}>
        Worst episodes — {split.label}
      </h3>
      <p className="muted small">Highest MAE (progress points) of a run on one episode, over its answered samples.</p>
      {split.worst.length === 0 ? (
        <p className="muted">No episode has an answered prediction with ground truth in this split.</p>
      ) : (
        <ScrollRegion className={styles.tableWrap} label={`Worst episodes, ${split.label}`}>
          <table className={`grid ${styles.board} ${styles.compact}`} aria-label={`Worst episodes, ${split.label}`} data-testid="worst-episodes" data-split={split.split}>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Episode</th>
                <th scope="col">Task</th>
                <th scope="col" className={styles.num}>
                  MAE ↓
                </th>
                <th scope="col" className={styles.num}>
                  Answered
                </th>
              </tr>
            </thead>
            <tbody>
              {split.worst.map((w) => {
                const changed = w.previousMae !== undefined;
                return (
                  <tr key={`${w.runId}|${w.episodeId}`} data-testid="worst-episode" data-run={w.runId} data-episode={w.episodeId}>
                    <td>{w.runName}</td>
                    <td>
                      <Link href={compareHref(w.episodeId, { approvedOnly: approvedOnly ? "1" : undefined })}>{w.episodeKey}</Link>
                    </td>
                    <td className={styles.task} title={w.taskInstruction}>
                      {w.taskInstruction}
                    </td>
                    <td
                      className={`${styles.num}${changed ? ` ${styles.changed}` : ""}`}
                      data-changed={changed ? "true" : undefined}
                      title={changed ? `Before the unacknowledged ground-truth change: ${formatMae(w.previousMae)}` : undefined}
                    >
                      <ChangedValue text={formatMae(w.mae)} previousText={changed ? formatMae(w.previousMae) : undefined} />
                    </td>
                    <td className={styles.num}>{w.answered}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
