import { describe, expect, it } from "vitest";
import { isBrowserPlayable, parseRate } from "./probe";

describe("browser playability", () => {
  it("accepts 8-bit 4:2:0 H.264 and VP9", () => {
    expect(isBrowserPlayable("h264", "yuv420p")).toBe(true);
    expect(isBrowserPlayable("vp9", "yuv420p")).toBe(true);
  });
  it("accepts AV1, LeRobot's default encoding", () => {
    expect(isBrowserPlayable("av1", "yuv420p")).toBe(true);
  });
  it("flags MPEG-4 Part 2, HEVC and 4:4:4 H.264", () => {
    expect(isBrowserPlayable("mpeg4", "yuv420p")).toBe(false);
    expect(isBrowserPlayable("hevc", "yuv420p")).toBe(false);
    expect(isBrowserPlayable("h264", "yuv444p")).toBe(false);
  });
  it("parses exact rational frame rates", () => {
    expect(parseRate("30000/1001")).toEqual([30000, 1001]);
    expect(parseRate("25/1")).toEqual([25, 1]);
    expect(parseRate("0/0")).toBeNull();
  });
});
