// Ground truth changed since the user last acknowledged the figures: which episodes, by whom,
// and a button to accept the new figures (the before/after marks then disappear).
"use client";
import Link from "next/link";
import type { Leaderboard } from "./use-leaderboard";
import { useMarkChangesSeen } from "./use-leaderboard";
import styles from "./leaderboard.module.css";
import { compareHref } from "@/components/metrics/metric-scope";

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

export function ChangesBanner({ changes, approvedOnly = false }: { changes: Leaderboard["changes"]; approvedOnly?: boolean }) {
  const mark = useMarkChangesSeen();
  if (changes.since >= changes.latest) return null;
  return (
    <section className={`banner ${styles.changes}`} aria-labelledby="gt-changes-title" data-testid="gt-changes-banner">
      <p id="gt-changes-title" className={styles.changesTitle}>
        <strong>
          Ground truth changed for {plural(changes.predictions, "prediction")} on {plural(changes.episodes.length, "episode")} since you last looked.
        </strong>{" "}
        Changed figures show the new value <mark className={styles.new}>highlighted</mark> with the previous one{" "}
        <s className={styles.old}>struck through</s>.
      </p>
      <ul className={styles.changeList} data-testid="gt-changes-list">
        {changes.episodes.map((e) => (
          <li key={e.episodeId}>
            <Link href={compareHref(e.episodeId, { approvedOnly: approvedOnly ? "1" : undefined })}>{e.episodeKey}</Link>
            <span className="muted small">
              {" "}
              — {e.author ?? "unknown author"}, <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>
              {e.annotationVersion !== null ? `, annotation v${e.annotationVersion}` : ""}, {plural(e.predictions, "prediction")} re-scored in the latest change
            </span>
          </li>
        ))}
      </ul>
      <div className={styles.changesActions}>
        <button type="button" className="primary" onClick={() => mark.mutate(changes.latest)} disabled={mark.isPending} aria-busy={mark.isPending} data-testid="mark-seen">
          Mark as seen
        </button>
        {mark.isPending && <span className="muted small">Updating the figures…</span>}
        {mark.error && (
          <p role="alert" className="error">
            {mark.error.message}
          </p>
        )}
      </div>
    </section>
  );
}
