// The workspace from the keyboard alone: Tab reaches the outcome radios and the quality flags,
// the arrows move between radios and Space ticks checkboxes (neither steps frames nor plays the
// video), and Ctrl+Enter posts a review comment.
import { expect, test, type Page } from "@playwright/test";
import { episodeIdByKey, ensureImported, signInApi } from "./helpers";
import { claim, expectSaved, openEpisode } from "./workspace-helpers";

test.beforeAll(async ({ browser }) => ensureImported(browser, "workspace"));

/** Presses Tab until the focused element is the one `match` names; keyboard only. */
async function tabTo(page: Page, match: { label?: string; name?: string; type?: string }) {
  for (let i = 0; i < 150; i++) {
    await page.keyboard.press("Tab");
    const here = await page.evaluate((m) => {
      const el = document.activeElement as HTMLInputElement | null;
      if (!el) return false;
      const label = el.getAttribute("aria-label") ?? el.closest("label")?.textContent?.trim() ?? "";
      return (m.type === undefined || el.type === m.type) && (m.name === undefined || el.name === m.name) && (m.label === undefined || label.startsWith(m.label));
    }, match);
    if (here) return;
  }
  throw new Error(`Tab never reached ${JSON.stringify(match)}`);
}

test("sets the outcome and every quality flag and posts a comment with the keyboard only", async ({ page }) => {
  await signInApi(page, "ANNOTATOR");
  const id = await episodeIdByKey(page, "ws-10");
  const { annotationId } = await claim(page, id);
  await openEpisode(page, id);
  const frame = await page.getByTestId("frame-index").textContent();
  const paused = () => page.evaluate(() => [...document.querySelectorAll("video")].every((v) => v.paused));

  // The outcome radios: arrows move between them and check them.
  await tabTo(page, { type: "radio", name: "outcome" });
  await page.keyboard.press("Space");
  await expect(page.getByRole("radio", { name: /Success/ })).toBeChecked();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: /Failure/ })).toBeChecked();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: /Unsure/ })).toBeChecked();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByRole("radio", { name: /Success/ })).toBeChecked();

  // Every quality flag, ticked with Space.
  const flags = page.getByRole("group", { name: "Quality flags" }).getByRole("checkbox");
  const count = await flags.count();
  expect(count).toBeGreaterThan(0);
  await tabTo(page, { type: "checkbox" });
  for (let i = 0; i < count; i++) {
    if (i > 0) await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
  }
  for (let i = 0; i < count; i++) await expect(flags.nth(i)).toBeChecked();

  // None of it moved the playhead or started the video.
  await expect(page.getByTestId("frame-index")).toHaveText(frame!);
  expect(await paused()).toBe(true);
  await expectSaved(page);

  // A comment, posted with Ctrl+Enter.
  await tabTo(page, { label: "Comment" });
  await page.keyboard.type("Checked every flag from the keyboard.");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("comment").filter({ hasText: "Checked every flag from the keyboard." })).toBeVisible();

  const saved = (await (await page.request.get(`/api/annotations/${annotationId}`)).json()) as { snapshot: { outcome: string; qualityFlags: string[] } };
  expect(saved.snapshot.outcome).toBe("SUCCESS");
  expect(saved.snapshot.qualityFlags).toHaveLength(count);
});
