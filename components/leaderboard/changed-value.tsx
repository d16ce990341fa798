// A figure, and when ground truth changed under it since the user last looked, the new value
// highlighted with the previous one struck through next to it ("82.10 ~~79.55~~").
"use client";
import styles from "./leaderboard.module.css";

export function ChangedValue({ text, previousText, best }: { text: string; previousText?: string; best?: boolean }) {
  const body = best ? <strong>{text}</strong> : text;
  // Another metric of the cell may have moved while this one did not: only a visible change is shown.
  if (previousText === undefined || previousText === text) return <span className={styles.value}>{body}</span>;
  return (
    <span className={styles.value}>
      <mark className={styles.new}>{body}</mark>{" "}
      <s className={styles.old} title="Before the ground-truth changes you have not marked as seen">
        <span className="sr-only">previously </span>
        {previousText}
      </s>
    </span>
  );
}
