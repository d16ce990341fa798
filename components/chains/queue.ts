// Pure helpers for the review queue: filters from the URL and moving the selection.

export const QUEUE_FILTER_KEYS = ["run", "environment", "task", "episode", "split", "formatFailures", "flagged", "minError", "verdict", "sort"] as const;
export type QueueFilterKey = (typeof QUEUE_FILTER_KEYS)[number];
export type QueueFilters = Partial<Record<QueueFilterKey, string>>;

export const SPLIT_LABEL: Record<string, string> = {
  ID: "ID (seen tasks)",
  OOD_CROSS_TASK: "OOD cross-task",
  OOD_CROSS_ENV: "OOD cross-environment",
  TRAIN: "Training",
};

export const VERDICT_FILTER_LABEL: Record<string, string> = {
  UNREVIEWED: "Unreviewed",
  ACCEPTED: "Accepted",
  REJECTED: "Rejected",
  NEEDS_FIX: "Needs fix",
};

/** The queue's filters as the URL holds them (the API's own parameter names); empty values dropped. */
export function queueFiltersFromParams(sp: { get(k: string): string | null }): QueueFilters {
  const out: QueueFilters = {};
  for (const k of QUEUE_FILTER_KEYS) {
    const v = sp.get(k);
    if (v !== null && v !== "") out[k] = v;
  }
  // The two switches only mean something when on; "false" would ask for the opposite set.
  if (out.formatFailures !== "true") delete out.formatFailures;
  if (out.flagged !== "true") delete out.flagged;
  return out;
}

export type Move = { id: number } | { needMore: true } | null;

/**
 * Where `delta` (+1 / −1) takes the selection in the loaded list. At the end of the loaded
 * items with more on the server: `needMore`. When the selection is no longer in the list (a
 * verdict took it out of an "unreviewed" queue), `lastIndex` is where it was: the item that
 * followed it has moved up into that place. Without it, the selection restarts at the top.
 */
export function moveSelection(ids: readonly number[], current: number | null, delta: 1 | -1, hasMore: boolean, lastIndex?: number): Move {
  const i = current === null ? -1 : ids.indexOf(current);
  let j: number;
  if (i >= 0) j = i + delta;
  else if (current !== null && lastIndex !== undefined && lastIndex >= 0) j = delta > 0 ? lastIndex : lastIndex - 1;
  else j = 0;
  if (j < 0) return null;
  if (j >= ids.length) return hasMore && delta > 0 ? { needMore: true } : null;
  return { id: ids[j]! };
}

/** Queue items from every loaded page, in order, each id once (offset pages can overlap after a refetch). */
export function flattenPages<T extends { id: number }>(pages: ReadonlyArray<{ items: readonly T[] }> | undefined): T[] {
  const seen = new Set<number>();
  const out: T[] = [];
  for (const p of pages ?? [])
    for (const it of p.items) {
      if (seen.has(it.id)) continue;
      seen.add(it.id);
      out.push(it);
    }
  return out;
}
