// Reads the frame code of the picture the workspace's main camera shows. Shared by the
// end-to-end specs and bench/workspace.ts; takes any object with Playwright's `evaluate`.
import { decodeFrameIndex } from "../lib/demo/frame-code";

interface Evaluates {
  evaluate<R>(fn: () => R): Promise<R>;
}

export async function codeOnScreen(page: Evaluates): Promise<number> {
  const img = await page.evaluate(() => {
    const v = document.querySelector<HTMLVideoElement>('[data-main="true"] video')!;
    const c = document.createElement("canvas");
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    const ctx = c.getContext("2d")!;
    ctx.drawImage(v, 0, 0);
    return { w: c.width, h: c.height, data: Array.from(ctx.getImageData(0, 0, c.width, c.height).data) };
  });
  return decodeFrameIndex(new Uint8ClampedArray(img.data), img.w, img.h);
}
