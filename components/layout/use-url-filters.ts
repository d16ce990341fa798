"use client";
// A page's filters kept in its URL, so they survive reloads and can be shared: read from the
// search params, changed with `update`, which starts from the live URL (a debounced search runs
// after other filters may have changed and must not bring their old values back).
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from "react";

export interface UrlFilters<K extends string> {
  filters: Partial<Record<K, string>>;
  /** The page's search params as they are now in this render. */
  params: URLSearchParams;
  /** Sets (or, for "" and undefined, removes) the given keys; `drop` lists keys any change clears. */
  update(patch: Partial<Record<K, string | undefined>>): void;
}

export function useUrlFilters<K extends string>(keys: readonly K[], drop: readonly string[] = []): UrlFilters<K> {
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  const urlSearch = sp.toString();
  // The navigation is asynchronous: until the URL has changed, the page shows the filters it
  // was asked for (a controlled checkbox would otherwise spring back for a moment).
  const [pending, setPending] = useState<{ from: string; to: string } | null>(null);
  // Once the URL has moved on (to the asked-for filters, or by Back), it is the truth again.
  if (pending && pending.from !== urlSearch) setPending(null);
  const search = pending ? pending.to : urlSearch;
  const live = useRef(search);
  useLayoutEffect(() => {
    live.current = search;
  });
  const keyList = keys.join(",");
  const filters = useMemo(() => {
    const p = new URLSearchParams(search);
    const out: Partial<Record<K, string>> = {};
    for (const k of keyList.split(",") as K[]) {
      const v = p.get(k);
      if (v) out[k] = v;
    }
    return out;
  }, [search, keyList]);
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const dropList = drop.join(",");
  const update = useCallback(
    (patch: Partial<Record<K, string | undefined>>) => {
      const from = new URLSearchParams(window.location.search).toString();
      const next = new URLSearchParams(live.current);
      for (const k of dropList ? dropList.split(",") : []) if (!(k in patch)) next.delete(k);
      for (const [k, v] of Object.entries(patch) as [string, string | undefined][]) {
        if (v === undefined || v === "") next.delete(k);
        else next.set(k, v);
      }
      const qs = next.toString();
      live.current = qs;
      setPending({ from, to: qs });
      router.replace(qs ? `${pathname}?${qs}` : pathname);
    },
    [router, pathname, dropList],
  );
  return { filters, params, update };
}
