// The workspace fits the window: on the 10-minute demo episode, at 1440×900 and 1920×1080, the
// video, the transport, the timeline and the current segment are on screen together without
// scrolling; the progress chart follows the timeline's zoom; every segment in view shows its
// label, even one whose start is scrolled off. Screenshots of both sizes are kept as artefacts.
import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { episodeIdByKey, ensureImported, signInApi } from "./helpers";
import { claim, openEpisode } from "./workspace-helpers";

const LONG = "humanoid-clear-table-long-000";

test.beforeAll(async ({ browser }) => ensureImported(browser, "demo-long"));

async function box(page: Page, testId: string) {
  const b = await page.getByTestId(testId).first().boundingBox();
  expect(b, `${testId} is laid out`).not.toBeNull();
  return b!;
}

for (const size of [
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
]) {
  test(`video, transport, timeline and current segment fit at ${size.width}×${size.height}`, async ({ page }, info) => {
    await page.setViewportSize(size);
    await signInApi(page, "ANNOTATOR");
    const id = await episodeIdByKey(page, LONG);
    // The annotator's own episode: what they look at all day.
    await claim(page, id);
    await openEpisode(page, id);
    await expect(page.getByTestId("frame-index")).toHaveText("0");
    expect(Number(await page.getByTestId("frame-index").locator("xpath=..").textContent().then((t) => t!.match(/\/\s*(\d+)/)![1]))).toBe(17999);

    // Nothing needs the page to scroll, and each part lies wholly inside the window.
    const scroll = await page.evaluate(() => ({ sh: document.documentElement.scrollHeight, ih: innerHeight, sw: document.documentElement.scrollWidth, iw: innerWidth }));
    expect(scroll.sh).toBeLessThanOrEqual(scroll.ih);
    expect(scroll.sw).toBeLessThanOrEqual(scroll.iw);
    const video = (await page.locator('[data-main="true"] video').boundingBox())!;
    for (const [name, b] of [
      ["video", video],
      ["transport", (await page.getByRole("toolbar", { name: "Playback" }).boundingBox())!],
      ["timeline", await box(page, "timeline-track")],
      ["progress chart", await box(page, "progress-chart")],
      ["current segment", await box(page, "current-segment")],
    ] as const) {
      expect(b.y, `${name} top`).toBeGreaterThanOrEqual(0);
      expect(b.y + b.height, `${name} bottom`).toBeLessThanOrEqual(size.height);
      expect(b.x + b.width, `${name} right`).toBeLessThanOrEqual(size.width);
    }
    // The picture gets the room that is left, and that is most of the window's height.
    expect(video.height).toBeGreaterThan(size.height * 0.4);
    await expect(page.getByTestId("current-segment")).toContainText(/\S+ 0–\d+/);

    mkdirSync(".data/test-results/screens", { recursive: true });
    const shot = `.data/test-results/screens/workspace-${size.width}x${size.height}.png`;
    await page.screenshot({ path: shot });
    await info.attach(`workspace ${size.width}×${size.height}`, { path: shot, contentType: "image/png" });
  });
}

test("the progress chart zooms with the timeline, and every segment in view keeps its label", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInApi(page, "ANNOTATOR");
  const id = await episodeIdByKey(page, LONG);
  await openEpisode(page, id);
  const chart = page.getByTestId("progress-chart");
  await expect(chart).toHaveAttribute("data-from", "0");
  await expect(chart).toHaveAttribute("data-to", "17999");

  // Into the second segment, then zoom all the way in: its start is now far off screen.
  const second = page.getByTestId("timeline-segment").nth(1);
  const start = Number(await second.getAttribute("data-start"));
  const end = Number(await second.getAttribute("data-end"));
  const middle = Math.floor((start + end) / 2);
  await page.getByLabel("Go to frame").fill(String(middle));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("frame-index")).toHaveText(String(middle));
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  for (let i = 0; i < 12; i++) await page.keyboard.press("=");
  const range = (await page.locator(".view-range").textContent())!.match(/(\d+)–(\d+)/)!;
  const [from, to] = [Number(range[1]), Number(range[2])];
  expect(to - from + 1).toBe(20);
  expect(from).toBeGreaterThan(start);
  await expect(chart).toHaveAttribute("data-from", String(from));
  await expect(chart).toHaveAttribute("data-to", String(to));
  await expect(page.getByTestId("chart-cursor")).toBeVisible();

  const track = await box(page, "timeline-track");
  const segs = page.getByTestId("timeline-segment");
  expect(await segs.count()).toBeGreaterThan(0);
  for (let i = 0; i < (await segs.count()); i++) {
    const label = segs.nth(i).getByTestId("seg-label");
    await expect(label).toBeVisible();
    const b = (await label.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(track.x);
    expect(b.x + b.width).toBeLessThanOrEqual(track.x + track.width + 0.5);
    expect((await label.textContent())!.trim().length).toBeGreaterThan(0);
  }
});

test("a label off the task's vocabulary is flagged while editing; one undo takes a relabel back, Esc drops one", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInApi(page, "ANNOTATOR");
  const id = await episodeIdByKey(page, LONG);
  await claim(page, id);
  await openEpisode(page, id);
  const warning = page.getByTestId("vocabulary-warning");
  await expect(warning).toHaveCount(0);

  // Relabel the segment at the playhead with a word the task does not use.
  const input = page.getByTestId("segment-label").first();
  const original = await input.inputValue();
  await page.keyboard.press("l");
  await expect(input).toBeFocused();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("reach-for-it");
  await page.keyboard.press("Enter");
  await expect(warning).toBeVisible();
  await expect(warning).toContainText("“reach-for-it”");
  await expect(warning).toContainText("is not in this task's vocabulary");
  await expect(input).toHaveAttribute("aria-invalid", "true");

  await page.locator("body").click({ position: { x: 5, y: 5 } });
  // One undo takes the relabel back.
  await page.keyboard.press("Control+z");
  await expect(warning).toHaveCount(0);
  await expect(input).toHaveValue(original);
  await expect(input).not.toHaveAttribute("aria-invalid", "true");

  // Esc leaves the field without keeping what was typed.
  await page.keyboard.press("l");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("typo");
  await page.keyboard.press("Escape");
  await expect(input).toHaveValue(original);
  await expect(warning).toHaveCount(0);
});
