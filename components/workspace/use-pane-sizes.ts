// The workspace's pane sizes and camera layout, remembered per browser (localStorage): an
// annotator sets them once, not on every episode.
"use client";
import { useCallback, useEffect, useState } from "react";

export interface PaneSizes {
  /** Width of the side panel (segments, outcome, review), px. */
  side: number;
  /** Height of the progress chart under the timeline, px. */
  chart: number;
  /** Several cameras: one large with the others beside it ("swap"), or all alike ("grid"). */
  cameras: "swap" | "grid";
}

export const PANE_LIMITS = { side: { min: 300, max: 640 }, chart: { min: 70, max: 320 } } as const;
export const DEFAULT_PANES: PaneSizes = { side: 380, chart: 110, cameras: "swap" };
const KEY = "critic.workspace.panes";

/** Stored sizes, each clamped to its limits; anything unreadable falls back to the default. */
export function readPanes(raw: string | null): PaneSizes {
  let v: Partial<PaneSizes> = {};
  try {
    v = raw ? (JSON.parse(raw) as Partial<PaneSizes>) : {};
  } catch {
    v = {};
  }
  const num = (x: unknown, d: number, lim: { min: number; max: number }) => (typeof x === "number" && Number.isFinite(x) ? Math.max(lim.min, Math.min(lim.max, Math.round(x))) : d);
  return {
    side: num(v.side, DEFAULT_PANES.side, PANE_LIMITS.side),
    chart: num(v.chart, DEFAULT_PANES.chart, PANE_LIMITS.chart),
    cameras: v.cameras === "grid" ? "grid" : "swap",
  };
}

export function usePaneSizes(): [PaneSizes, (patch: Partial<PaneSizes>) => void] {
  const [panes, setPanes] = useState<PaneSizes>(DEFAULT_PANES);
  useEffect(() => {
    try {
      setPanes(readPanes(window.localStorage.getItem(KEY)));
    } catch {
      // Storage can be off (private mode, policy): the defaults stand.
    }
  }, []);
  const update = useCallback((patch: Partial<PaneSizes>) => {
    setPanes((p) => {
      const next = { ...p, ...patch };
      try {
        window.localStorage.setItem(KEY, JSON.stringify(next));
      } catch {
        // Not remembered, still applied.
      }
      return next;
    });
  }, []);
  return [panes, update];
}
