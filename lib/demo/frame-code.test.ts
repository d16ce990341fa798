import { describe, expect, it } from "vitest";
import {
  FRAME_CODE_BITS,
  FRAME_CODE_MAX_INDEX,
  decodeFrameIndex,
  frameCodeBits,
  frameCodeFilter,
  frameCodeLayout,
} from "./frame-code";

/** Paint the frame-coded picture for `index` into an RGBA buffer, optionally with noise. */
function paint(index: number, width: number, height: number, noise = 0, seed = 1): Uint8ClampedArray {
  const { blockWidth, bandHeight } = frameCodeLayout(width, height);
  const bits = frameCodeBits(index);
  const buf = new Uint8ClampedArray(width * height * 4);
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const b = Math.floor(x / blockWidth);
      let v = 130; // limited-range luma 128 decodes to ~130: just above the threshold on purpose
      if (y < bandHeight && b < FRAME_CODE_BITS) v = bits[b] ? 255 : 0;
      const n = noise ? Math.round((rand() * 2 - 1) * noise) : 0;
      const o = (y * width + x) * 4;
      buf[o] = v + n;
      buf[o + 1] = v - n;
      buf[o + 2] = v + n;
      buf[o + 3] = 255;
    }
  }
  return buf;
}

describe("frameCodeLayout", () => {
  it("matches the ENVIRONMENT.md recipe at 640x360", () => {
    const l = frameCodeLayout(640, 360);
    expect(l.blockWidth).toBe(40);
    expect(l.bandHeight).toBe(120);
    expect(l.samplePoints[0]).toEqual({ x: 20, y: 60 });
    expect(l.samplePoints[15]).toEqual({ x: 620, y: 60 });
  });

  it("rejects sizes too small to hold the code", () => {
    expect(() => frameCodeLayout(16, 3)).toThrow();
    expect(() => frameCodeLayout(640.5, 360)).toThrow();
  });
});

describe("frameCodeFilter", () => {
  it("needs no padding at 640x360 and pads odd sizes", () => {
    const f = frameCodeFilter(640, 360);
    expect(f).toContain("geq=lum=");
    expect(f).toContain("scale=640:360:flags=neighbor");
    expect(f).not.toContain("pad=");
    expect(f.endsWith("format=yuv420p")).toBe(true);
    expect(frameCodeFilter(650, 361)).toContain("pad=650:361");
  });
});

describe("frameCodeBits", () => {
  it("is little-endian from the left block", () => {
    expect(frameCodeBits(0).every((b) => !b)).toBe(true);
    expect(frameCodeBits(5).slice(0, 4)).toEqual([true, false, true, false]);
    expect(frameCodeBits(FRAME_CODE_MAX_INDEX).every((b) => b)).toBe(true);
    expect(() => frameCodeBits(-1)).toThrow();
    expect(() => frameCodeBits(FRAME_CODE_MAX_INDEX + 1)).toThrow();
  });
});

describe("decodeFrameIndex", () => {
  const indices = [0, 1, 2, 3, 29, 30, 255, 256, 599, 1023, 12345, FRAME_CODE_MAX_INDEX];

  it.each([
    [640, 360],
    [320, 180],
    [1280, 720],
    [650, 361],
    [160, 90],
  ])("round-trips indices at %ix%i", (w, h) => {
    for (const k of indices) expect(decodeFrameIndex(paint(k, w, h), w, h)).toBe(k);
  });

  it("survives compression-like noise", () => {
    for (const k of indices) expect(decodeFrameIndex(paint(k, 640, 360, 60, k + 7), 640, 360)).toBe(k);
  });

  it("rejects a buffer smaller than the stated size", () => {
    expect(() => decodeFrameIndex(new Uint8ClampedArray(10), 640, 360)).toThrow(/needs/);
  });
});
