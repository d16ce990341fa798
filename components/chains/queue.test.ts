import { describe, expect, it } from "vitest";
import { flattenPages, moveSelection, queueFiltersFromParams } from "./queue";

describe("queueFiltersFromParams", () => {
  it("keeps the known filters and drops empty and unknown ones", () => {
    const sp = new URLSearchParams("run=3&task=&foo=1&sort=episode&minError=10");
    expect(queueFiltersFromParams(sp)).toEqual({ run: "3", sort: "episode", minError: "10" });
  });

  it("keeps the two switches only when they are on", () => {
    expect(queueFiltersFromParams(new URLSearchParams("formatFailures=true&flagged=false"))).toEqual({ formatFailures: "true" });
  });
});

describe("moveSelection", () => {
  const ids = [5, 7, 9];
  it("steps forward and back", () => {
    expect(moveSelection(ids, 5, 1, false)).toEqual({ id: 7 });
    expect(moveSelection(ids, 7, -1, false)).toEqual({ id: 5 });
  });
  it("stops at the ends, or asks for the next page when there is one", () => {
    expect(moveSelection(ids, 5, -1, true)).toBeNull();
    expect(moveSelection(ids, 9, 1, false)).toBeNull();
    expect(moveSelection(ids, 9, 1, true)).toEqual({ needMore: true });
  });
  it("restarts at the first item when the selection left the list", () => {
    expect(moveSelection(ids, 42, 1, false)).toEqual({ id: 5 });
    expect(moveSelection(ids, null, 1, false)).toEqual({ id: 5 });
  });
  it("after the selection left the list, goes to the item that took its place", () => {
    // 7 was at index 1 and was removed: [5, 9] — next is 9, previous is 5.
    expect(moveSelection([5, 9], 7, 1, false, 1)).toEqual({ id: 9 });
    expect(moveSelection([5, 9], 7, -1, false, 1)).toEqual({ id: 5 });
    expect(moveSelection([5], 7, 1, true, 1)).toEqual({ needMore: true });
    expect(moveSelection([5], 7, 1, false, 1)).toBeNull();
  });
  it("handles an empty list", () => {
    expect(moveSelection([], null, 1, false)).toBeNull();
    expect(moveSelection([], null, 1, true)).toEqual({ needMore: true });
  });
});

describe("flattenPages", () => {
  it("concatenates pages and keeps each id once", () => {
    expect(flattenPages([{ items: [{ id: 1 }, { id: 2 }] }, { items: [{ id: 2 }, { id: 3 }] }]).map((i) => i.id)).toEqual([1, 2, 3]);
    expect(flattenPages(undefined)).toEqual([]);
  });
});
