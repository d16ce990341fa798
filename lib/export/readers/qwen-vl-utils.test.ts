// The qwen-vl-utils video rules as ported (see the module header for the source and commit).
// Expected values are worked by hand from smart_nframes' formula, not produced by the code.
import { describe, expect, it } from "vitest";
import { QwenVideoError, VIDEO_R1_FPS_MAX_FRAMES, linspaceIndices, pyRound, readFrameList, readVideoFile, smartNframes } from "./qwen-vl-utils";

describe("smart_nframes", () => {
  it("refuses a video of one frame on every path (the 1-frame clips exports used to write)", () => {
    expect(() => smartNframes({}, 1, 30)).toThrow(QwenVideoError);
    expect(() => smartNframes({ fps: 2 }, 1, 60)).toThrow(/nframes should in interval \[2, 1\], but got 0/);
    expect(() => smartNframes({ nframes: 1 }, 1, 30)).toThrow(QwenVideoError);
  });

  it("takes every frame of a 2 fps clip, and fewer of a short real-time clip (min_frames 4, floored to even)", () => {
    expect(smartNframes({ fps: 2 }, 16, 2)).toBe(16); // 16 / 2 * 2 = 16
    expect(smartNframes({ fps: 2 }, 16, 16 / 0.9)).toBe(4); // 0.9 s * 2 = 1.8 → max(1.8, 4) = 4
    expect(smartNframes({ fps: 2 }, 2, 60)).toBe(2); // max_frames = floor(min(768, 2)) = 2
  });

  it("drops one frame of an odd count, which is why V_seq videos hold an even number", () => {
    expect(smartNframes({ fps: 2 }, 3, 2)).toBe(2);
    expect(smartNframes({ fps: 2 }, 15, 2)).toBe(14);
    expect(smartNframes({ fps: 2 }, 16, 2)).toBe(16);
  });

  it("an explicit nframes is rounded half to even by Python's round, and must not pass the frame count", () => {
    expect(smartNframes({ nframes: 16 }, 16, 17.8)).toBe(16);
    expect(pyRound(7.5)).toBe(8);
    expect(pyRound(6.5)).toBe(6);
    expect(() => smartNframes({ nframes: 15 }, 15, 30)).toThrow(/but got 16/); // round(7.5) * 2 = 16 > 15
    expect(smartNframes({ nframes: 13 }, 13, 30)).toBe(12); // round(6.5) * 2 = 12
    expect(() => smartNframes({ nframes: 4, fps: 2 }, 16, 2)).toThrow(/either `fps` or `nframes`/);
  });

  it("Video-R1's copy caps at 16 frames", () => {
    expect(smartNframes({ fps: 2 }, 32, 2, VIDEO_R1_FPS_MAX_FRAMES)).toBe(16);
    expect(smartNframes({ fps: 2 }, 32, 2)).toBe(32);
  });
});

describe("fetch_video", () => {
  it("reads a file with linspace(0, T-1, n).round() and tells the model nframes / T * fps", () => {
    const r = readVideoFile({ fps: 2 }, 16, 16 / 0.9);
    expect(r.indices).toEqual([0, 5, 10, 15]);
    expect(r.sampleFps).toBeCloseTo((4 / 16) * (16 / 0.9), 12);
    expect(r.seconds).toBeCloseTo(0.9, 12);
    expect(linspaceIndices(16, 16)).toEqual([...Array(16).keys()]);
  });

  it("pads a list of frames to an even count with its last frame, at the element's fps (2 by default)", () => {
    expect(readFrameList({}, 1)).toMatchObject({ nframes: 2, indices: [0, 0], sampleFps: 2 });
    expect(readFrameList({}, 3).indices).toEqual([0, 1, 2, 2]);
  });
});
