// The leads' review queue: what is waiting, oldest first, filtered by environment, task,
// annotator and age; "Review next" takes the oldest one you may review and opens it in the
// workspace, which then moves from one to the next without going back to a list.
"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useUrlFilters } from "@/components/layout/use-url-filters";
import { useState } from "react";
import { useFacets } from "@/components/episodes/use-episodes";
import { STATUS_LABEL } from "@/components/episodes/labels";
import { toQueryString } from "@/lib/client/api-client";
import { QUEUE_FILTER_KEYS, useNextReview, useReviewQueue, waited, type QueueFilters } from "./use-review-queue";
import { ScrollRegion } from "@/components/layout/scroll-region";

const AGES = [
  { value: "", label: "Any age" },
  { value: "1", label: "Waiting 1 h or more" },
  { value: "24", label: "Waiting 1 day or more" },
  { value: "72", label: "Waiting 3 days or more" },
];

/** The workspace link of a queue item, carrying the filters so "next" keeps to them. */
export function queueHref(episodeId: number, annotationId: number, filters: QueueFilters): string {
  return `/episodes/${episodeId}${toQueryString({ annotation: annotationId, queue: toQueryString({ ...filters }).slice(1) || "all" })}`;
}

export function QueuePage() {
  const router = useRouter();
  // Any change of filters clears the "all done" note.
  const { filters, params, update } = useUrlFilters(QUEUE_FILTER_KEYS, ["done"]);
  const queue = useReviewQueue(filters);
  const facets = useFacets();
  const next = useNextReview();
  const [message, setMessage] = useState<string | null>(params.get("done") ? "You have reviewed everything waiting here for you." : null);
  const tasks = facets.data?.tasks.filter((t) => !filters.environmentId || t.environmentId === Number(filters.environmentId)) ?? [];

  const start = () =>
    next.mutate(
      { filters },
      {
        onSuccess: (r) => (r.claimed ? router.push(queueHref(r.claimed.episodeId, r.claimed.annotationId, filters)) : setMessage("Nothing here is waiting for you: it is reviewed, taken by another lead, or your own work.")),
        onError: (e) => setMessage(e.message),
      },
    );

  const items = queue.data?.items ?? [];
  const waiting = items.filter((i) => i.status === "SUBMITTED" && !i.notForYou).length;
  return (
    <section>
      <div className="page-head">
        <h1>Review queue</h1>
        <span className="muted" aria-live="polite" data-testid="queue-total">
          {queue.data ? `${queue.data.total} waiting or in review` : ""}
        </span>
        <button type="button" className="primary" onClick={start} disabled={next.isPending}>
          Review next →
        </button>
        {message && (
          <span role="status" className="muted small" data-testid="queue-message">
            {message}
          </span>
        )}
      </div>
      <p className="muted small">
        Oldest first. “Review next” takes the oldest submission you may review ({waiting} of those shown){queue.data?.fourEyes ? "; four-eyes review is on, so your own work and work you changed go to another lead" : ""}. A
        review nobody finishes returns to the queue after two hours.
      </p>
      <form className="filters" role="search" aria-label="Filter the review queue" onSubmit={(e) => e.preventDefault()}>
        <label>
          Environment
          <select value={filters.environmentId ?? ""} onChange={(e) => update({ environmentId: e.target.value, taskId: undefined })}>
            <option value="">All</option>
            {facets.data?.environments.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Task
          <select value={filters.taskId ?? ""} onChange={(e) => update({ taskId: e.target.value })}>
            <option value="">All</option>
            {tasks.map((t) => (
              <option key={t.id} value={t.id}>
                {t.instruction}
              </option>
            ))}
          </select>
        </label>
        <label>
          Annotator
          <select value={filters.annotatorId ?? ""} onChange={(e) => update({ annotatorId: e.target.value })}>
            <option value="">Anyone</option>
            {facets.data?.assignees.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Age
          <select value={filters.minAgeHours ?? ""} onChange={(e) => update({ minAgeHours: e.target.value })}>
            {AGES.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
      </form>
      {queue.error && (
        <p role="alert" className="error">
          {queue.error.message}
        </p>
      )}
      <ScrollRegion label="Review queue table">
        <table className="grid" aria-label="Review queue" aria-busy={queue.isPending}>
          <thead>
            <tr>
              <th>Episode</th>
              <th>Environment · task</th>
              <th>Annotator</th>
              <th>Waiting</th>
              <th>Status</th>
              <th>Open comments</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.annotationId} data-testid="queue-row">
                <td>
                  <Link href={queueHref(i.episodeId, i.annotationId, filters)}>#{i.episodeId}</Link>
                  <div className="muted small">{i.sourceKey}</div>
                </td>
                <td>
                  {i.environment.name}
                  <div className="muted small">{i.task.instruction}</div>
                </td>
                <td>{i.annotator.name}</td>
                <td title={i.submittedAt ? new Date(i.submittedAt).toLocaleString() : undefined}>{waited(i.submittedAt)}</td>
                <td>
                  {STATUS_LABEL[i.status]}
                  {i.reviewer && <div className="muted small">by {i.reviewer.name}</div>}
                  {i.notForYou && <div className="muted small">not for you: {i.notForYou}</div>}
                </td>
                <td>{i.openComments || <span className="muted">—</span>}</td>
              </tr>
            ))}
            {queue.data && items.length === 0 && (
              <tr>
                <td colSpan={6} className="empty">
                  Nothing is waiting for review{Object.keys(filters).length ? " with these filters" : ""}.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
