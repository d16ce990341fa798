import { describe, expect, it } from "vitest";
import { cameraTiming, episodeEndTime, episodeStartTime, formatTimecode, frameDuration, frameToSeekTime, timeToFrame, type CameraTiming } from "./frame-time";

const cam = (fpsNum: number, fpsDen: number, startFrame = 0, frameCount = 100): CameraTiming =>
  cameraTiming({ table: null, fpsNum, fpsDen, fileFrameCount: startFrame + frameCount, startFrame, frameCount });

describe("frameToSeekTime", () => {
  it("aims at the middle of the frame", () => {
    expect(frameToSeekTime(cam(30, 1), 0)).toBeCloseTo(0.016667, 6); // 0.5/30
    expect(frameToSeekTime(cam(30, 1), 45)).toBeCloseTo(1.516667, 6); // 45.5/30
    expect(frameToSeekTime(cam(25, 1, 1234), 6)).toBeCloseTo(49.62, 9); // (1234 + 6 + 0.5)/25 = 1240.5/25
    expect(frameToSeekTime(cam(30000, 1001), 0)).toBeCloseTo(0.01668333, 8); // 0.5 * 1001/30000
  });

  it("reads presentation times truncated to microseconds as the frame they start", () => {
    // Chromium reports mediaTime in whole microseconds. Frame 5 at 15 fps starts at 1/3 s,
    // reported as 0.333333 s (= frame 4.999995); frame 1799 at 29.97 starts at
    // 1799 * 1001 / 30000 = 60.026633… s, reported as 60.026633 s.
    expect(timeToFrame(cam(15, 1), 0.333333)).toBe(5);
    expect(timeToFrame(cam(30000, 1001, 0, 2000), 60.026633)).toBe(1799);
    // For every rate and frame, the start time truncated to the microsecond maps back to it.
    for (const [num, den] of [[10, 1], [25, 2], [15, 1], [25, 1], [30000, 1001], [30, 1], [60, 1]] as const) {
      const c = cam(num, den, 0, 40_000);
      for (let f = 0; f < 40_000; f += 7) expect(timeToFrame(c, Math.floor(((f * den) / num) * 1e6) / 1e6)).toBe(f);
    }
  });

  it("clamps into the episode", () => {
    expect(frameToSeekTime(cam(30, 1), -5)).toBeCloseTo(0.016667, 6); // frame 0
    expect(frameToSeekTime(cam(30, 1, 0, 100), 10_000)).toBeCloseTo(3.316667, 6); // frame 99: 99.5/30
  });
});

describe("timeToFrame", () => {
  it("floors to the frame being displayed", () => {
    expect(timeToFrame(cam(30, 1), 1.5)).toBe(45); // 1.5 * 30 = 45, start of frame 45
    expect(timeToFrame(cam(30, 1), 45 * (1 / 30))).toBe(45); // same time through an inexact 1/30
    expect(timeToFrame(cam(30, 1), 1.53)).toBe(45); // 45.9
    expect(timeToFrame(cam(25, 1, 1234), 49.62)).toBe(6); // 1240.5 → 1240 - 1234
  });

  it("clamps into the episode", () => {
    expect(timeToFrame(cam(25, 1, 1234), 0)).toBe(0); // file frame 0 is 1234 frames before the episode
    expect(timeToFrame(cam(30, 1, 0, 100), 1000)).toBe(99); // frameCount 100 → last frame 99
  });

  const rates: [number, number][] = [
    [10, 1],
    [25, 2],
    [15, 1],
    [25, 1],
    [30000, 1001],
    [30, 1],
    [60, 1],
  ];
  for (const [num, den] of rates) {
    for (const start of [0, 1234]) {
      it(`round-trips every frame at ${num}/${den} fps from file frame ${start}`, () => {
        const c = cam(num, den, start, 5000);
        for (let f = 0; f < 5000; f++) {
          const back = timeToFrame(c, frameToSeekTime(c, f));
          if (back !== f) expect(back).toBe(f); // only build an assertion on failure: 70 000 checks
        }
      });
    }
  }
});

describe("episode times", () => {
  it("start and end of the episode inside its file", () => {
    expect(episodeStartTime(cam(25, 1, 1234))).toBeCloseTo(49.36, 9); // 1234/25
    expect(episodeEndTime(cam(25, 1, 1234, 100))).toBeCloseTo(53.36, 9); // 1334/25
    expect(episodeStartTime(cam(30000, 1001, 30000))).toBe(1001); // 30000 * 1001/30000
    expect(episodeEndTime(cam(30, 1, 0, 90))).toBe(3); // 90/30
  });

  it("frameDuration is the exact reciprocal rate", () => {
    expect(frameDuration(cam(30000, 1001))).toBeCloseTo(0.0333667, 7); // 1001/30000
    expect(frameDuration(cam(25, 2))).toBe(0.08); // 2/25
  });
});

describe("formatTimecode", () => {
  it("formats minutes, seconds and milliseconds", () => {
    expect(formatTimecode(0, 30, 1)).toBe("0:00.000");
    expect(formatTimecode(45, 30, 1)).toBe("0:01.500"); // 45/30 = 1.5 s
    expect(formatTimecode(1, 30, 1)).toBe("0:00.033"); // 33.33 ms
    expect(formatTimecode(2, 30, 1)).toBe("0:00.067"); // 66.67 ms rounds up
    expect(formatTimecode(1799, 30000, 1001)).toBe("1:00.027"); // 1799 * 1001/30000 = 60.0266 s
    expect(formatTimecode(107892, 30000, 1001)).toBe("59:59.996"); // 107 999 892/30 ms = 3 599 996.4 ms
  });

  it("adds hours from one hour on", () => {
    expect(formatTimecode(108000, 30, 1)).toBe("1:00:00.000"); // 3600 s
    expect(formatTimecode(111723, 30, 1)).toBe("1:02:04.100"); // 3724.1 s = 1 h 2 min 4.1 s
  });
});
