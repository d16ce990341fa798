// The chain-review page: a filtered queue of predictions on the left, the selected one's chain
// on the right. j/k (or ↓/↑) move through the queue, loading the next page at its end; a
// verdict moves on to the next item by itself. Filters live in the URL (/review?run=3).
"use client";
import { useUrlFilters } from "@/components/layout/use-url-filters";
import { useCallback, useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { predictionKeys } from "@/lib/client/query-keys";
import { useFacets } from "@/components/episodes/use-episodes";
import { useRuns } from "@/components/runs/use-runs";
import { ChainPanel } from "./chain-panel";
import { comboKeys, hotkey } from "@/components/keys/hotkeys";
import { useHotkeys } from "@/components/keys/use-hotkeys";
import { fmtProgress, verdictClass, verdictLabel } from "./format";
import { flattenPages, moveSelection, QUEUE_FILTER_KEYS, queueFiltersFromParams, SPLIT_LABEL, VERDICT_FILTER_LABEL, type QueueFilters } from "./queue";
import { fetchPrediction, useReviewQueue } from "./use-chains";
import type { QueueItem } from "./types";
import styles from "./chains.module.css";

export function ReviewQueue() {
  // Any change of filters closes the open prediction.
  const { params: sp, update } = useUrlFilters(QUEUE_FILTER_KEYS, ["prediction"]);
  const qc = useQueryClient();
  const filters = queueFiltersFromParams(sp);
  const filterKey = JSON.stringify(filters);
  const queue = useReviewQueue(filters);
  const facets = useFacets();
  const runs = useRuns();

  const items = flattenPages(queue.data?.pages);
  const total = queue.data?.pages[queue.data.pages.length - 1]?.total ?? 0;
  const initial = Number(sp.get("prediction"));
  // Which item is open is the page's own state; the items themselves stay in the query cache.
  const [picked, setPicked] = useState<{ id: number; filters: string } | null>(Number.isInteger(initial) && initial > 0 ? { id: initial, filters: filterKey } : null);
  // New filters start at the top of the new list.
  const selectedId = picked && picked.filters === filterKey ? picked.id : (items[0]?.id ?? null);
  const index = selectedId === null ? -1 : items.findIndex((i) => i.id === selectedId);
  const select = useCallback((id: number) => setPicked({ id, filters: filterKey }), [filterKey]);
  // Where the open item was last seen in the list, for moving on once it has left the list.
  const lastIndex = useRef(-1);
  if (index >= 0) lastIndex.current = index;


  // Moving reads the latest list through a ref: it also runs from the key handler and after a
  // verdict's save, which outlive the render that created them.
  const moveRef = useRef<(d: 1 | -1) => Promise<void>>(async () => undefined);
  moveRef.current = async (d) => {
    const m = moveSelection(
      items.map((i) => i.id),
      selectedId,
      d,
      Boolean(queue.hasNextPage),
      lastIndex.current,
    );
    if (!m) return;
    if ("id" in m) return select(m.id);
    if (queue.isFetchingNextPage) return;
    const r = await queue.fetchNextPage();
    const more = flattenPages(r.data?.pages);
    const at = selectedId === null ? -1 : more.findIndex((i) => i.id === selectedId);
    const next = more[at >= 0 ? at + 1 : items.length];
    if (next) select(next.id);
  };

  useHotkeys(["chainQueue"], {
    next: () => void moveRef.current(1),
    prev: () => void moveRef.current(-1),
  });

  // Keep the open item in view, and have the next one ready before the reviewer gets there.
  const listRef = useRef<HTMLOListElement>(null);
  const nextId = index >= 0 ? items[index + 1]?.id : undefined;
  useEffect(() => {
    if (selectedId === null) return;
    listRef.current?.querySelector(`[data-prediction-id="${selectedId}"]`)?.scrollIntoView({ block: "nearest" });
  }, [selectedId]);
  useEffect(() => {
    if (nextId !== undefined) void qc.prefetchQuery({ queryKey: predictionKeys.detail(nextId), queryFn: () => fetchPrediction(nextId), staleTime: 10_000 });
  }, [nextId, qc]);

  const tasks = facets.data?.tasks.filter((t) => !filters.environment || t.environmentId === Number(filters.environment)) ?? [];

  return (
    <section>
      <div className="page-head">
        <h1>Chain review</h1>
        <span className="muted" aria-live="polite" data-testid="queue-position">
          {queue.data ? (total === 0 ? "0 of 0" : `${index >= 0 ? index + 1 : "–"} of ${total}`) : ""}
          {queue.isFetching && !queue.isPending ? " · updating…" : ""}
        </span>
      </div>
      <QueueFilterForm filters={filters} update={update} runs={runs.data?.items ?? []} environments={facets.data?.environments ?? []} tasks={tasks} />
      <p className={styles.keys}>
        {(["next", "prev"] as const).map((a, i) => (
          <span key={a}>
            {i > 0 && " · "}
            {hotkey(a).combos.map((c, j) => (
              <span key={c}>
                {j > 0 && "/"}
                <kbd>{comboKeys(c).join("+")}</kbd>
              </span>
            ))}{" "}
            {a === "next" ? "next" : "previous"}
          </span>
        ))} · a verdict moves on to the next item
      </p>
      {queue.error && (
        <p role="alert" className="error">
          {queue.error.message}
        </p>
      )}
      <div className={styles.reviewGrid}>
        <nav className={styles.queue} aria-label="Review queue" aria-busy={queue.isPending}>
          {queue.isPending ? (
            <p className="muted small" style={{ padding: "0.6rem" }}>
              Loading…
            </p>
          ) : items.length === 0 ? (
            <p className="muted small" style={{ padding: "0.6rem" }} data-testid="queue-empty">
              No predictions match these filters.
            </p>
          ) : (
            <ol ref={listRef}>
              {items.map((it) => (
                <li key={it.id}>
                  <QueueRow item={it} selected={it.id === selectedId} onSelect={() => select(it.id)} />
                </li>
              ))}
            </ol>
          )}
          {queue.hasNextPage && (
            <div className={styles.queueMore}>
              <button type="button" onClick={() => void queue.fetchNextPage()} disabled={queue.isFetchingNextPage}>
                {queue.isFetchingNextPage ? "Loading…" : `Load more (${items.length} of ${total} shown)`}
              </button>
            </div>
          )}
        </nav>
        <div>
          {selectedId !== null ? (
            <ChainPanel predictionId={selectedId} onVerdict={() => void moveRef.current(1)} />
          ) : (
            !queue.isPending && <p className="muted">Nothing to review with these filters.</p>
          )}
        </div>
      </div>
    </section>
  );
}

function QueueRow({ item, selected, onSelect }: { item: QueueItem; selected: boolean; onSelect(): void }) {
  const completion = item.questionType === "COMPLETION";
  return (
    <button
      type="button"
      className={styles.queueItem}
      aria-current={selected ? "true" : undefined}
      onClick={onSelect}
      data-testid="queue-item"
      data-prediction-id={item.id}
    >
      <span>
        <strong>{item.runName}</strong> · #{item.episodeId} <span className="muted">{item.episodeKey}</span>
      </span>
      <span className={styles.badge} data-verdict={verdictClass(item.verdict)} data-testid="queue-verdict">
        {verdictLabel(item.verdict)}
      </span>
      <span className={styles.queueMeta}>
        frame {item.queryFrame} ·{" "}
        {item.questionType === "CONTRASTIVE" ? (
          <>comparison: {item.parseFlag ? "flagged" : "answered"}</>
        ) : completion ? (
          <>completion: {item.parseFlag ? "flagged" : "answered"}</>
        ) : (
          <>
            predicted {item.progress === null ? "—" : fmtProgress(item.progress)} vs GT {fmtProgress(item.gt)}
          </>
        )}
        {item.edited && <span data-testid="queue-edited"> · edited</span>}
        {!item.formatOk && " · format ✗"}
        {item.parseFlag && ` · ${item.parseFlag}`}
      </span>
      <span className={styles.queueMeta} data-testid="queue-error">
        {item.error === null ? "" : `error ${fmtProgress(item.error)}`}
      </span>
    </button>
  );
}

interface FilterProps {
  filters: QueueFilters;
  update(patch: QueueFilters): void;
  runs: Array<{ id: number; name: string }>;
  environments: Array<{ id: number; name: string }>;
  tasks: Array<{ id: number; instruction: string }>;
}

function QueueFilterForm({ filters, update, runs, environments, tasks }: FilterProps) {
  const [minError, setMinError] = useState(filters.minError ?? "");
  // Typing a number waits for a pause before the queue reloads.
  useEffect(() => {
    if ((filters.minError ?? "") === minError) return;
    const t = setTimeout(() => update({ minError }), 400);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [minError]);

  return (
    <form className={`filters ${styles.filters}`} role="search" aria-label="Queue filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        Run
        <select value={filters.run ?? ""} onChange={(e) => update({ run: e.target.value })}>
          <option value="">All runs</option>
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Environment
        <select value={filters.environment ?? ""} onChange={(e) => update({ environment: e.target.value, task: undefined })}>
          <option value="">All</option>
          {environments.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Task
        <select value={filters.task ?? ""} onChange={(e) => update({ task: e.target.value })}>
          <option value="">All</option>
          {tasks.map((t) => (
            <option key={t.id} value={t.id}>
              {t.instruction}
            </option>
          ))}
        </select>
      </label>
      <label>
        Split
        <select value={filters.split ?? ""} onChange={(e) => update({ split: e.target.value })}>
          <option value="">All</option>
          {Object.entries(SPLIT_LABEL).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label>
        Verdict
        <select value={filters.verdict ?? ""} onChange={(e) => update({ verdict: e.target.value })}>
          <option value="">Any</option>
          {Object.entries(VERDICT_FILTER_LABEL).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label>
        Minimum error
        <input type="number" min={0} max={100} step="any" value={minError} onChange={(e) => setMinError(e.target.value)} placeholder="points" />
      </label>
      <label>
        Sort
        <select value={filters.sort ?? "error"} onChange={(e) => update({ sort: e.target.value === "error" ? undefined : e.target.value })}>
          <option value="error">Largest error first</option>
          <option value="episode">By episode</option>
        </select>
      </label>
      <label className={styles.check}>
        <input type="checkbox" checked={filters.formatFailures === "true"} onChange={(e) => update({ formatFailures: e.target.checked ? "true" : undefined })} />
        Format failures only
      </label>
      <label className={styles.check}>
        <input type="checkbox" checked={filters.flagged === "true"} onChange={(e) => update({ flagged: e.target.checked ? "true" : undefined })} />
        Flagged answers only
      </label>
      {filters.episode && (
        <span className="small">
          Episode #{filters.episode}{" "}
          <button type="button" className="link" onClick={() => update({ episode: undefined })}>
            show all episodes
          </button>
        </span>
      )}
    </form>
  );
}
