"use client";
// Which ground truth and splits the figures on a page use, chosen in the URL (so a link can
// carry it: the leaderboard's episode links open the comparison with the same switch) and said
// above the figures. The server's
// rules are in lib/metrics/scope.ts; each figure's response echoes them back.
import type { z } from "zod";
import type { ZMetricScope } from "@/lib/contract/common";
import { useUrlFilters } from "@/components/layout/use-url-filters";
import { useReleases } from "@/components/releases/use-releases";

export type MetricScope = z.infer<typeof ZMetricScope>;
export const SCOPE_KEYS = ["approvedOnly", "release"] as const;
export type ScopeFilters = Partial<Record<(typeof SCOPE_KEYS)[number], string>>;

/** The scope in the URL, and its query parameters for the API. */
export function useMetricScope() {
  const { filters, update } = useUrlFilters(SCOPE_KEYS);
  const query: ScopeFilters = { ...(filters.approvedOnly === "1" ? { approvedOnly: "1" } : {}), ...(filters.release ? { release: filters.release } : {}) };
  return { query, update };
}

export function ScopeControls({ query, update, splits = true }: { query: ScopeFilters; update(p: ScopeFilters): void; splits?: boolean }) {
  return (
    <>
      <label className="inline">
        <input type="checkbox" checked={query.approvedOnly === "1"} onChange={(e) => update({ approvedOnly: e.target.checked ? "1" : undefined })} data-testid="approved-only" />
        Approved annotations only
      </label>
      {splits && <SplitSource query={query} update={update} />}
    </>
  );
}

function SplitSource({ query, update }: { query: ScopeFilters; update(p: ScopeFilters): void }) {
  const releases = useReleases();
  // A release has splits once it is frozen (submitted for review or later).
  const frozen = (releases.data?.releases ?? []).filter((r) => r.status !== "DRAFT" && r.episodeCount > 0);
  return (
        <label>
          Splits from
          <select value={query.release ?? ""} onChange={(e) => update({ release: e.target.value || undefined })} data-testid="split-source">
            <option value="">Episode tags</option>
            {frozen.map((r) => (
              <option key={r.id} value={String(r.id)}>
                Release {r.name} v{r.version} ({r.status.toLowerCase().replace("_", " ")}, {r.episodeCount} episodes)
              </option>
            ))}
            {query.release && !frozen.some((r) => String(r.id) === query.release) && <option value={query.release}>Release {query.release}</option>}
          </select>
        </label>
  );
}

/** `/compare/<id>` carrying the approved-only switch. */
export function compareHref(episodeId: number, query: ScopeFilters): string {
  return `/compare/${episodeId}${query.approvedOnly === "1" ? "?approvedOnly=1" : ""}`;
}

/** What the figures below rest on, in the server's words. */
export function ScopeNote({ scope, splits = true }: { scope: MetricScope; splits?: boolean }) {
  return (
    <div className="small" data-testid="ground-truth-rule">
      <p style={{ margin: "0.2rem 0" }}>
        <strong>Ground truth.</strong> {scope.rule}
      </p>
      {splits && (
        <p style={{ margin: "0.2rem 0" }} data-testid="split-rule">
          <strong>Splits.</strong> {scope.splitRule}
        </p>
      )}
    </div>
  );
}
