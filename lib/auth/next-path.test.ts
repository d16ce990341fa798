import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it("keeps a path of the app with its query and hash", () => {
    expect(safeNextPath("/episodes/12?camera=wrist#f40")).toBe("/episodes/12?camera=wrist#f40");
    expect(safeNextPath("/leaderboard")).toBe("/leaderboard");
  });

  it("falls back for anything a browser would take off-site", () => {
    // The searchParams value of /login?next=/%5Chost/x is "/\host/x": Chromium goes to //host/x.
    for (const bad of ["/\\host/x", "/\\/host", "//host", "///host", "/\t/host", "/\n/host", "https://evil.test/", "javascript:alert(1)", "evil.test", "", "\\\\host"]) {
      expect({ bad, to: safeNextPath(bad) }).toEqual({ bad, to: "/episodes" });
    }
    expect(safeNextPath(undefined)).toBe("/episodes");
    expect(safeNextPath("/x".repeat(2000))).toBe("/episodes");
  });
});
