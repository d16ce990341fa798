import { describe, expect, it } from "vitest";
import { buildFrameTable, FrameTimes, sameFrames, uniformTable } from "./frame-table";
import { cameraRange, cameraTiming, EpisodeTimeline, firstFrameAt, type CameraTiming } from "./frame-time";

const packets = (pts: number[], duration = 0, discard: number[] = []) => pts.map((p, i) => ({ pts: p, duration, discard: discard.includes(i) }));

describe("buildFrameTable", () => {
  it("keeps a constant-rate file as a start and an exact rate", () => {
    // x264 in MP4: time base 1/15360, 512 ticks per frame at 30 fps, packets in decode order.
    const decodeOrder = [0, 1536, 512, 1024, 3072, 2048, 2560];
    const t = buildFrameTable({ tbNum: 1, tbDen: 15360, packets: packets(decodeOrder, 512), rate: { num: 30, den: 1 } });
    expect(t).toEqual({ kind: "uniform", startTicks: 0, tbNum: 1, tbDen: 15360, fpsNum: 30, fpsDen: 1, count: 7 });
  });

  it("accepts times a muxer rounded to its millisecond time base", () => {
    // 30 fps in a 1/1000 time base (Matroska): 0, 33, 67, 100, 133 …
    const pts = Array.from({ length: 300 }, (_, k) => Math.round((k * 1000) / 30));
    const t = buildFrameTable({ tbNum: 1, tbDen: 1000, packets: packets(pts), rate: { num: 30, den: 1 } });
    expect(t.kind).toBe("uniform");
    const times = new FrameTimes(t);
    expect(times.time(299)).toBeCloseTo(299 / 30, 9);
  });

  it("keeps a video stream's start offset", () => {
    // Video 0.5 s into the container (7680 ticks of 1/15360).
    const pts = Array.from({ length: 10 }, (_, k) => 7680 + 512 * k);
    const times = new FrameTimes(buildFrameTable({ tbNum: 1, tbDen: 15360, packets: packets(pts, 512), rate: { num: 30, den: 1 } }));
    expect(times.start).toBe(0.5);
    expect(times.frameAt(0.5)).toBe(0);
    expect(times.frameAt(0.2)).toBe(0); // before the first frame: frame 0 is what shows up first
    expect(times.seekTime(0)).toBeCloseTo(0.5 + 1 / 60, 9);
    expect(times.end).toBeCloseTo(0.5 + 10 / 30, 9);
  });

  it("leaves out what the edit list discards", () => {
    // A stream-copied cut: three frames before the cut are decoded but never shown.
    const pts = [-1536, -1024, -512, 0, 512, 1024, 1536];
    const t = buildFrameTable({ tbNum: 1, tbDen: 15360, packets: packets(pts, 512, [0, 1, 2]), rate: { num: 30, den: 1 } });
    expect(t).toMatchObject({ kind: "uniform", startTicks: 0, count: 4 });
  });

  it("lists the times of a variable-rate file", () => {
    // 30 fps for 90 frames, then 15 fps (time base 1/90000: 3000 ticks, then 6000).
    const pts = [...Array.from({ length: 90 }, (_, k) => 3000 * k), ...Array.from({ length: 60 }, (_, k) => 270000 + 6000 * k)];
    const t = buildFrameTable({ tbNum: 1, tbDen: 90000, packets: packets(pts, 3000), rate: { num: 30, den: 1 } });
    expect(t.kind).toBe("list");
    const times = new FrameTimes(t);
    expect(times.count).toBe(150);
    expect(times.frameAt(3)).toBe(90);
    expect(times.frameAt(3.066)).toBe(90);
    expect(times.frameAt(3.066667)).toBe(91);
    expect(times.seekTime(90)).toBeCloseTo(3 + 1 / 30, 9); // middle of a 1/15 s frame
    expect(times.seekTime(89)).toBeCloseTo(89.5 / 30, 9);
    expect(times.averageFps).toBeCloseTo(150 / (627000 / 90000), 9);
    // Every frame's start, truncated to the microsecond as Chromium reports it, maps back to it.
    for (let k = 0; k < 150; k++) expect(times.frameAt(Math.floor(times.time(k) * 1e6) / 1e6)).toBe(k);
    // The last frame is shown for one packet duration (3000 ticks, as ffprobe reports it).
    expect(times.end).toBeCloseTo((624000 + 3000) / 90000, 9);
  });

  it("windows hold exactly one frame", () => {
    const pts = [0, 3000, 6000, 12000, 18000, 19000];
    const times = new FrameTimes(buildFrameTable({ tbNum: 1, tbDen: 90000, packets: packets(pts), rate: null }));
    for (let k = 0; k < times.count; k++) {
      const w = times.window(k);
      for (let j = 0; j < times.count; j++) {
        const inside = times.time(j) >= w.from && times.time(j) < w.to;
        expect(inside).toBe(j === k);
      }
    }
  });

  it("compares tables", () => {
    const a = new FrameTimes(uniformTable(30, 1, 10));
    const b = new FrameTimes({ kind: "list", tbNum: 1, tbDen: 1000, pts: Array.from({ length: 10 }, (_, k) => Math.round((k * 1000) / 30)), endTicks: 333 });
    expect(sameFrames(a, b)).toBe(true);
    expect(sameFrames(a, new FrameTimes(uniformTable(30, 1, 11)))).toBe(false);
    expect(sameFrames(a, new FrameTimes(uniformTable(25, 1, 10)))).toBe(false);
  });
});

describe("EpisodeTimeline", () => {
  const cam = (fps: number, count: number, extra: Partial<{ startFrame: number; startSec: number; offsetMs: number }> = {}): CameraTiming =>
    cameraTiming({ table: null, fpsNum: fps, fpsDen: 1, fileFrameCount: (extra.startFrame ?? 0) + count, startFrame: extra.startFrame ?? 0, frameCount: count, ...extra });

  it("maps a 60 fps camera onto a 30 fps reference by time", () => {
    const tl = new EpisodeTimeline("front", new Map([["front", cam(30, 300)], ["wrist", cam(60, 600)]]), 300);
    expect(tl.cameraFrame("wrist", 0)).toBe(0);
    expect(tl.cameraFrame("wrist", 150)).toBe(300);
    expect(tl.cameraFrame("wrist", 299)).toBe(598);
    // Any painted wrist frame names the reference frame on screen at that time.
    expect(tl.referenceFrameAt("wrist", 301 / 60)).toBe(150);
    expect(tl.referenceFrameAt("wrist", 300 / 60)).toBe(150);
    for (let n = 0; n < 300; n++) expect(tl.referenceFrameAt("wrist", tl.seekTime("wrist", n))).toBe(n);
  });

  it("maps a 15 fps camera: two reference frames show one of its frames", () => {
    const tl = new EpisodeTimeline("front", new Map([["front", cam(30, 300)], ["side", cam(15, 150)]]), 300);
    expect(tl.cameraFrame("side", 10)).toBe(5);
    expect(tl.cameraFrame("side", 11)).toBe(5);
  });

  it("clamps a camera that ends early", () => {
    const tl = new EpisodeTimeline("front", new Map([["front", cam(30, 300)], ["wrist", cam(30, 200)]]), 300);
    expect(tl.cameraFrame("wrist", 250)).toBe(199);
  });

  it("shifts a camera by its offset", () => {
    // The wrist camera sees events 2 frames (66.7 ms) after the front camera.
    const tl = new EpisodeTimeline("front", new Map([["front", cam(30, 300)], ["wrist", cam(30, 300, { offsetMs: 2000 / 30 })]]), 300);
    expect(tl.cameraFrame("wrist", 10)).toBe(12);
    expect(tl.referenceFrameAt("wrist", tl.seekTime("wrist", 10))).toBe(10);
    // A negative offset: the camera is early.
    const early = new EpisodeTimeline("front", new Map([["front", cam(30, 300)], ["wrist", cam(30, 300, { offsetMs: -1000 / 30 })]]), 300);
    expect(early.cameraFrame("wrist", 10)).toBe(9);
  });

  it("aligns cameras on where the episode starts in each file", () => {
    // An episode that is frames 90.. of the reference file and 180.. of a 60 fps file.
    const tl = new EpisodeTimeline(
      "front",
      new Map([["front", cam(30, 100, { startFrame: 90, startSec: 3 })], ["wrist", cam(60, 200, { startFrame: 180, startSec: 3 })]]),
      100,
    );
    expect(tl.cameraFrame("wrist", 0)).toBe(0);
    expect(tl.cameraFrame("wrist", 50)).toBe(100);
    expect(tl.timecodeSec(30)).toBeCloseTo(1, 9);
  });
});

describe("sameFrames, relative", () => {
  it("accepts a copy that starts at 0 where the source started at 0.5 s", () => {
    const src = new FrameTimes({ kind: "uniform", startTicks: 7680, tbNum: 1, tbDen: 15360, fpsNum: 30, fpsDen: 1, count: 30 });
    const copy = new FrameTimes(uniformTable(30, 1, 30));
    expect(sameFrames(src, copy)).toBe(false);
    expect(sameFrames(src, copy, { relative: true })).toBe(true);
  });
});

describe("cameraRange", () => {
  it("takes a camera's frames over the episode's time, shifted by its offset", () => {
    const wrist60 = new FrameTimes(uniformTable(60, 1, 600));
    // A 4 s episode from 1 s: 240 frames of a 60 fps camera, from its frame 60.
    expect(cameraRange(wrist60, 1, 0, 4)).toMatchObject({ startFrame: 60, frameCount: 240 });
    // Two 30 fps frames late (66.7 ms): the same stretch four 60 fps frames on.
    expect(cameraRange(wrist60, 1, 2000 / 30, 4)).toMatchObject({ startFrame: 64, frameCount: 240 });
    // Past the end of the file: only what is there.
    expect(cameraRange(wrist60, 8, 0, 4)).toMatchObject({ startFrame: 480, frameCount: 120 });
    // A start time a hair before a frame (float rounding in a dataset) means that frame.
    expect(firstFrameAt(wrist60, 0.9999999)).toBe(60);
  });
});
