// Helpers for the annotation workspace specs: reading the frame code of the picture on screen
// and waiting for the player to settle.
import { expect, type Page } from "@playwright/test";
import { codeOnScreen } from "./frame-on-screen";

export { codeOnScreen };

/** Opens an episode and waits until the main camera shows a decoded picture. */
export async function openEpisode(page: Page, id: number, annotationId?: number) {
  await page.goto(`/episodes/${id}${annotationId ? `?annotation=${annotationId}` : ""}`);
  await expect(page.getByTestId("episode-instruction")).toBeVisible();
  await settled(page);
}

/** The main camera is not seeking and has a picture. */
export async function settled(page: Page) {
  await page.waitForFunction(() => {
    const v = document.querySelector<HTMLVideoElement>('[data-main="true"] video');
    return Boolean(v && v.readyState >= 2 && !v.seeking);
  });
}

export async function shownFrame(page: Page): Promise<number> {
  return Number(await page.getByTestId("frame-index").textContent());
}

/**
 * The UI shows `expected`, and the picture on screen is that frame: its code is the file frame
 * `fileOffset + expected` (episodes inside a shared file start at `fileOffset`).
 */
export async function expectOnFrame(page: Page, expected: number, fileOffset = 0) {
  await expect(page.getByTestId("frame-index")).toHaveText(String(expected));
  await settled(page);
  await expect.poll(() => codeOnScreen(page), { message: `picture for frame ${expected}` }).toBe(fileOffset + expected);
  expect(await shownFrame(page)).toBe(expected);
}

/** Waits for the autosave indicator to report that everything is on the server. */
export async function expectSaved(page: Page) {
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved", { timeout: 15_000 });
}

export interface SegmentRow {
  label: string;
  start: number;
  end: number;
}

/** The segment list as the user sees it. */
export async function segmentRows(page: Page): Promise<SegmentRow[]> {
  const rows = page.getByTestId("segment-row");
  const out: SegmentRow[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const r = rows.nth(i);
    out.push({
      label: await r.getByTestId("segment-label").inputValue(),
      start: Number(await r.getByTestId("segment-start").textContent()),
      end: Number(await r.getByTestId("segment-end").textContent()),
    });
  }
  return out;
}

/** Claims a workspace-fixture episode for the signed-in user; returns episode and annotation ids. */
export async function claim(page: Page, episodeId: number): Promise<{ episodeId: number; annotationId: number }> {
  const res = await page.request.post(`/api/episodes/${episodeId}/claim`, { data: {} });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { claimed: { episodeId: number; annotationId: number } }).claimed;
}
