"use client";
import Link from "next/link";
import { useUrlFilters } from "@/components/layout/use-url-filters";
import { useEffect, useState } from "react";
import { useEpisodes, useFacets } from "./use-episodes";
import { formatDuration, OUTCOME_LABEL, STATUS_LABEL } from "./labels";
import { NextEpisodeButton } from "./next-episode-button";
import { useBulkAssign } from "@/components/review-queue/use-review-queue";

const FILTER_KEYS = ["environmentId", "taskId", "outcome", "status", "assignee", "q", "sort", "order", "page", "pageSize"] as const;

export function EpisodeBrowser({ canSortByOutcome = true, canAssign = false }: { canSortByOutcome?: boolean; canAssign?: boolean }) {
  // The URL is the state of the browser: filters survive reloads and can be shared. Any change
  // but paging starts again on the first page.
  const { filters, update } = useUrlFilters(FILTER_KEYS, ["page"]);
  const { data, isPending, isFetching, error } = useEpisodes(filters);
  const facets = useFacets();
  const [q, setQ] = useState(filters.q ?? "");
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const pageIds = data?.items.map((e) => e.id) ?? [];
  const allPicked = pageIds.length > 0 && pageIds.every((id) => picked.has(id));
  const toggle = (id: number) =>
    setPicked((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  useEffect(() => {
    if ((filters.q ?? "") === q) return;
    const t = setTimeout(() => update({ q }), 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);

  const page = Number(filters.page ?? 1);
  const pageSize = Number(filters.pageSize ?? 50);
  const pages = data ? Math.max(1, Math.ceil(data.total / pageSize)) : 1;
  const tasks = facets.data?.tasks.filter((t) => !filters.environmentId || t.environmentId === Number(filters.environmentId)) ?? [];

  const sortHeader = (key: string, label: string) => {
    const active = (filters.sort ?? "id") === key;
    const order = active && (filters.order ?? "asc") === "asc" ? "desc" : "asc";
    return (
      <th aria-sort={active ? ((filters.order ?? "asc") === "asc" ? "ascending" : "descending") : "none"}>
        <button type="button" className="link" onClick={() => update({ sort: key, order })}>
          {label} {active ? ((filters.order ?? "asc") === "asc" ? "▲" : "▼") : ""}
        </button>
      </th>
    );
  };

  return (
    <section>
      <div className="page-head">
        <h1>Episodes</h1>
        <span className="muted" aria-live="polite" data-testid="episode-total">
          {data ? `${data.total.toLocaleString()} episode${data.total === 1 ? "" : "s"}` : ""}
          {isFetching && !isPending ? " · updating…" : ""}
        </span>
        <NextEpisodeButton taskId={filters.taskId ? Number(filters.taskId) : undefined} />
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search instruction
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. drawer" />
        </label>
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
        <LabelSelect label="Outcome" value={filters.outcome} labels={OUTCOME_LABEL} onChange={(v) => update({ outcome: v })} />
        <LabelSelect label="Status" value={filters.status} labels={STATUS_LABEL} onChange={(v) => update({ status: v })} />
        <label>
          Assignee
          <select value={filters.assignee ?? ""} onChange={(e) => update({ assignee: e.target.value })}>
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="none">Unassigned</option>
            {facets.data?.assignees.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
      </form>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {canAssign && <BulkAssign episodeIds={[...picked]} onDone={() => setPicked(new Set())} />}
      <table className="grid" aria-label="Episodes" aria-busy={isPending}>
        <thead>
          <tr>
            {canAssign && (
              <th>
                <input
                  type="checkbox"
                  aria-label="Select every episode on this page"
                  checked={allPicked}
                  onChange={() => setPicked((s) => (allPicked ? new Set([...s].filter((id) => !pageIds.includes(id))) : new Set([...s, ...pageIds])))}
                />
              </th>
            )}
            <th aria-label="Poster" />
            {sortHeader("id", "Episode")}
            <th>Environment</th>
            <th>Task</th>
            {sortHeader("lengthFrames", "Length")}
            {canSortByOutcome ? sortHeader("outcome", "Outcome") : <th>Outcome</th>}
            {sortHeader("status", "Status")}
            <th>Assignee</th>
          </tr>
        </thead>
        <tbody>
          {data?.items.map((e) => (
            <tr key={e.id}>
              {canAssign && (
                <td>
                  <input type="checkbox" aria-label={`Select episode #${e.id}`} checked={picked.has(e.id)} onChange={() => toggle(e.id)} />
                </td>
              )}
              <td className="poster">
                <Link href={`/episodes/${e.id}`} tabIndex={-1}>
                  {/* eslint-disable-next-line @next/next/no-img-element */}
                  <img src={e.posterUrl} alt={`Episode #${e.id}, first frame`} loading="lazy" width={96} height={54} />
                </Link>
              </td>
              <td>
                <Link href={`/episodes/${e.id}`}>#{e.id}</Link>
                <div className="muted small">{e.sourceKey}</div>
              </td>
              <td>{e.environment.name}</td>
              <td className="instruction">{e.task.instruction}</td>
              <td>
                {formatDuration(e.lengthFrames, e.fps)}
                <div className="muted small">
                  {e.lengthFrames} frames · {e.cameras} cam
                </div>
              </td>
              <td>
                {e.outcome === null ? (
                  <span className="muted" title="Hidden while a second annotator works on this episode">—</span>
                ) : (
                  <span className={`pill outcome-${e.outcome.toLowerCase()}`}>{OUTCOME_LABEL[e.outcome]}</span>
                )}
              </td>
              <td>{STATUS_LABEL[e.status]}</td>
              <td>{e.assignee?.name ?? <span className="muted">—</span>}</td>
            </tr>
          ))}
          {data && data.items.length === 0 && (
            <tr>
              <td colSpan={canAssign ? 9 : 8} className="empty">
                No episodes match these filters.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={page <= 1} onClick={() => update({ page: String(page - 1) })}>
          ← Previous
        </button>
        <span>
          Page {page} of {pages.toLocaleString()}
        </span>
        <button type="button" disabled={page >= pages} onClick={() => update({ page: String(page + 1) })}>
          Next →
        </button>
      </nav>
    </section>
  );
}

/** A filter select over a value → display-name table, with "All" for no filter. */
function LabelSelect(props: { label: string; value: string | undefined; labels: Record<string, string>; onChange: (v: string) => void }) {
  return (
    <label>
      {props.label}
      <select value={props.value ?? ""} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">All</option>
        {Object.entries(props.labels).map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Leads: one annotator onto every selected episode (a second annotator, for agreement). */
function BulkAssign({ episodeIds, onDone }: { episodeIds: number[]; onDone(): void }) {
  const facets = useFacets();
  const assign = useBulkAssign();
  const [who, setWho] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const name = facets.data?.assignees.find((u) => u.id === Number(who))?.name;
  return (
    <form
      className="bulk-bar row"
      aria-label="Assign the selected episodes"
      onSubmit={(ev) => {
        ev.preventDefault();
        if (!who || episodeIds.length === 0) return;
        assign.mutate(
          { episodeIds, annotatorId: Number(who) },
          {
            onSuccess: (r) => {
              setMessage(`Assigned ${name} to ${r.assigned.length} episode${r.assigned.length === 1 ? "" : "s"}${r.already.length ? ` (${r.already.length} already had ${name})` : ""}.`);
              onDone();
            },
            onError: (e) => setMessage(e.message),
          },
        );
      }}
    >
      <span className="small" data-testid="selected-count">
        {episodeIds.length} selected
      </span>
      <label className="inline">
        Annotator
        <select value={who} onChange={(e) => setWho(e.target.value)}>
          <option value="">Choose…</option>
          {facets.data?.assignees.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={!who || episodeIds.length === 0 || assign.isPending}>
        Assign to the selected episodes
      </button>
      {message && (
        <span role="status" className="small" data-testid="bulk-assign-result">
          {message}
        </span>
      )}
    </form>
  );
}
