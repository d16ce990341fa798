// The audit log for leads and admins: who did what to which object, newest first, filtered by
// actor, action (or its area, e.g. "release") and object, each entry linking to its object.
"use client";
import Link from "next/link";
import { useUrlFilters } from "@/components/layout/use-url-filters";
import { useEffect, useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { api, toQueryString } from "@/lib/client/api-client";
import { auditKeys } from "@/lib/client/query-keys";
import type { AuditListResponse } from "@/lib/contract/system";
import { useFacets } from "@/components/episodes/use-episodes";
import { ScrollRegion } from "@/components/layout/scroll-region";

const KEYS = ["actorId", "action", "entityType", "entityId"] as const;
const OBJECT_TYPES = ["annotation", "episode", "release", "export", "prediction_run", "prediction", "model_endpoint", "import", "source", "task", "setting", "user"];
const AREAS = ["annotation", "episode", "release", "export", "run", "endpoint", "import", "task", "settings", "user", "auth"];

function detailText(d: unknown): string {
  if (d === null || typeof d !== "object") return "";
  const s = JSON.stringify(d);
  return s === "{}" ? "" : s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

export function AuditPage() {
  const { filters, update } = useUrlFilters(KEYS);
  const facets = useFacets();
  const [action, setAction] = useState(filters.action ?? "");
  const [entityId, setEntityId] = useState(filters.entityId ?? "");
  const q = useInfiniteQuery({
    queryKey: auditKeys.list(filters),
    queryFn: ({ pageParam }) => api.get<AuditListResponse>(`/api/audit${toQueryString({ ...filters, before: pageParam ?? undefined })}`),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
  });
  // Typed filters apply a moment after the last key.
  useEffect(() => {
    const t = setTimeout(() => {
      if ((filters.action ?? "") !== action.trim() || (filters.entityId ?? "") !== entityId.trim()) update({ action: action.trim(), entityId: entityId.trim() });
    }, 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action, entityId]);

  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <div className="page-head">
        <h1>Audit log</h1>
        <span className="muted small">Every change, newest first: who, what, to which object.</span>
      </div>
      <form className="filters" role="search" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
        <label>
          Actor
          <select value={filters.actorId ?? ""} onChange={(e) => update({ actorId: e.target.value })}>
            <option value="">Anyone</option>
            {facets.data?.assignees.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Action
          <input value={action} onChange={(e) => setAction(e.target.value)} list="audit-areas" placeholder="e.g. release or annotation.approve" />
          <datalist id="audit-areas">
            {AREAS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label>
          Object type
          <select value={filters.entityType ?? ""} onChange={(e) => update({ entityType: e.target.value })}>
            <option value="">Any</option>
            {OBJECT_TYPES.map((t) => (
              <option key={t} value={t}>
                {t.replace(/_/g, " ")}
              </option>
            ))}
          </select>
        </label>
        <label>
          Object id
          <input value={entityId} onChange={(e) => setEntityId(e.target.value)} inputMode="numeric" placeholder="e.g. 12" />
        </label>
      </form>
      {q.error && (
        <p role="alert" className="error">
          {q.error.message}
        </p>
      )}
      <ScrollRegion label="Audit entries">
        <table className="grid" aria-label="Audit log" aria-busy={q.isPending}>
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Object</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} data-testid="audit-row">
                <td className="nowrap">{new Date(e.createdAt).toLocaleString()}</td>
                <td>{e.actor ? e.actor.name : <span className="muted">system</span>}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td className="nowrap">
                  {e.link ? (
                    <Link href={e.link}>
                      {e.entityType.replace(/_/g, " ")} #{e.entityId}
                    </Link>
                  ) : (
                    <>
                      {e.entityType.replace(/_/g, " ")} #{e.entityId}
                    </>
                  )}
                </td>
                <td className="small muted audit-detail">{detailText(e.detail)}</td>
              </tr>
            ))}
            {q.data && items.length === 0 && (
              <tr>
                <td colSpan={5} className="empty">
                  No entries match these filters.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </ScrollRegion>
      {q.hasNextPage && (
        <p className="pager">
          <button type="button" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
            {q.isFetchingNextPage ? "Loading…" : "Older entries"}
          </button>
        </p>
      )}
    </section>
  );
}
