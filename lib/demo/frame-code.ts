// Frame-coded calibration clip: every frame carries its own 0-based index, drawn as
// FRAME_CODE_BITS black/white blocks along the top band of the picture. Block b (counted
// from the left) is white when bit b of the frame index is 1, black when it is 0; the rest
// of the picture is mid grey. Same layout as the recipe in ENVIRONMENT.md: at 640x360 the
// blocks are 40 px wide and the band is the top 120 rows.
//
// Pure module (no Node imports): the decoder also runs in the browser on canvas pixels, to
// prove that a seek landed on the frame it asked for.

export const FRAME_CODE_BITS = 16;
/** Largest index the code can carry. */
export const FRAME_CODE_MAX_INDEX = 2 ** FRAME_CODE_BITS - 1;
/** Luma/brightness threshold between a 0 block (black) and a 1 block (white). */
export const FRAME_CODE_THRESHOLD = 128;

export interface FrameCodeLayout {
  width: number;
  height: number;
  /** Width of one bit block; blocks start at x = 0. */
  blockWidth: number;
  /** Height of the coded band; the band starts at y = 0. */
  bandHeight: number;
  /** Pixel sampled for bit b: the centre of block b's band. */
  samplePoints: { x: number; y: number }[];
}

/** Block geometry for a picture of the given size (blocks fill the width, band = top third). */
export function frameCodeLayout(width: number, height: number): FrameCodeLayout {
  if (!Number.isInteger(width) || !Number.isInteger(height)) {
    throw new Error(`frame code: size must be whole pixels, got ${width}x${height}`);
  }
  if (width < FRAME_CODE_BITS * 2 || height < 6) {
    throw new Error(`frame code: ${width}x${height} is too small for ${FRAME_CODE_BITS} blocks`);
  }
  const blockWidth = Math.floor(width / FRAME_CODE_BITS);
  const bandHeight = Math.floor(height / 3);
  const samplePoints = Array.from({ length: FRAME_CODE_BITS }, (_, b) => ({
    x: b * blockWidth + Math.floor(blockWidth / 2),
    y: Math.floor(bandHeight / 2),
  }));
  return { width, height, blockWidth, bandHeight, samplePoints };
}

/**
 * ffmpeg video filter (for `-vf`) that turns any width x height input (e.g. a lavfi `color`
 * source) into the frame-coded picture. The code is computed with `geq` on a 16x3 grid (one
 * pixel per block) and scaled up with nearest-neighbour, which gives pixel-identical output
 * to the per-pixel recipe in ENVIRONMENT.md at 640x360 but costs ~10x less. When the size is
 * not a multiple of 16 x 3 the remainder (right columns, bottom rows) is padded grey.
 * Output pixel format: yuv420p.
 */
export function frameCodeFilter(width: number, height: number): string {
  const { blockWidth, bandHeight } = frameCodeLayout(width, height);
  const codedW = blockWidth * FRAME_CODE_BITS;
  const codedH = bandHeight * 3;
  const parts = [
    `scale=${FRAME_CODE_BITS}:3:flags=neighbor`,
    "format=yuv444p",
    // Row 0 is the band; column X is bit X. N is the frame index.
    `geq=lum='if(lt(Y,1),255*mod(floor(N/pow(2,X)),2),128)':cb=128:cr=128`,
    `scale=${codedW}:${codedH}:flags=neighbor`,
  ];
  if (codedW !== width || codedH !== height) {
    parts.push(`pad=${width}:${height}:0:0:color=gray`);
  }
  parts.push("format=yuv420p");
  return parts.join(",");
}

/** The bit pattern block b shows for frame index n (true = white). */
export function frameCodeBits(index: number): boolean[] {
  if (!Number.isInteger(index) || index < 0 || index > FRAME_CODE_MAX_INDEX) {
    throw new Error(`frame code: index ${index} is outside 0..${FRAME_CODE_MAX_INDEX}`);
  }
  return Array.from({ length: FRAME_CODE_BITS }, (_, b) => Math.floor(index / 2 ** b) % 2 === 1);
}

/**
 * Read the frame index back from RGBA pixels (e.g. `ctx.getImageData(...).data` of a canvas
 * the video frame was drawn on at its native size). Each block is read at the centre of its
 * band (mean brightness of the 3x3 pixels around it, to ride out compression noise) and
 * thresholded at 128. The picture may be scaled as a whole: the layout is derived from the
 * buffer's own width/height.
 */
export function decodeFrameIndex(rgba: Uint8ClampedArray, width: number, height: number): number {
  if (rgba.length < width * height * 4) {
    throw new Error(`frame code: buffer holds ${rgba.length} bytes, ${width}x${height} RGBA needs ${width * height * 4}`);
  }
  const { samplePoints, blockWidth, bandHeight } = frameCodeLayout(width, height);
  // Average a 3x3 patch unless the blocks are so small that it would reach a neighbour.
  const r = blockWidth >= 6 && bandHeight >= 6 ? 1 : 0;
  let index = 0;
  for (let b = 0; b < samplePoints.length; b++) {
    const { x, y } = samplePoints[b];
    let sum = 0;
    let count = 0;
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const px = x + dx;
        const py = y + dy;
        if (px < 0 || py < 0 || px >= width || py >= height) continue;
        const o = (py * width + px) * 4;
        sum += (rgba[o] + rgba[o + 1] + rgba[o + 2]) / 3;
        count++;
      }
    }
    if (sum / count >= FRAME_CODE_THRESHOLD) index += 2 ** b;
  }
  return index;
}
