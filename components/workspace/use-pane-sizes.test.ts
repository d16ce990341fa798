import { describe, expect, it } from "vitest";
import { DEFAULT_PANES, PANE_LIMITS, readPanes } from "./use-pane-sizes";

describe("remembered pane sizes", () => {
  it("keeps what the annotator set", () => {
    expect(readPanes(JSON.stringify({ side: 420, chart: 150, cameras: "grid" }))).toEqual({ side: 420, chart: 150, cameras: "grid" });
  });
  it("clamps sizes that would hide a pane (a side panel 5 px wide, a chart taller than the screen)", () => {
    expect(readPanes(JSON.stringify({ side: 5, chart: 5000 }))).toEqual({ side: PANE_LIMITS.side.min, chart: PANE_LIMITS.chart.max, cameras: "swap" });
  });
  it("falls back to the defaults on nothing, garbage or wrong types", () => {
    expect(readPanes(null)).toEqual(DEFAULT_PANES);
    expect(readPanes("{not json")).toEqual(DEFAULT_PANES);
    expect(readPanes(JSON.stringify({ side: "wide", chart: null, cameras: "mosaic" }))).toEqual(DEFAULT_PANES);
  });
});
