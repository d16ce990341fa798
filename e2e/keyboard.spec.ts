// The workspace from the keyboard alone: Tab reaches the outcome radios and the quality flags,
// the arrows move between radios and Space ticks checkboxes (neither steps frames nor plays the
// video), and Ctrl+Enter posts a review comment. Shortcuts act in the panel in focus, and the
// `?` list is the registry's.
import { expect, test, type Page } from "@playwright/test";
import { hotkeysIn, PAGE_SCOPES } from "../components/keys/hotkeys";
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

test("segment keys act on the timeline, not while another panel has focus, and ? lists every shortcut", async ({ page }) => {
  await signInApi(page, "ANNOTATOR");
  const id = await episodeIdByKey(page, "ws-11");
  await claim(page, id);
  await openEpisode(page, id);
  const rows = page.getByTestId("segment-row");
  await expect(rows).toHaveCount(0);

  // Focus on the page itself: N makes a segment.
  await page.keyboard.press("n");
  await expect(rows).toHaveCount(1);

  // Focus in the history panel: Delete and N leave the segments alone, the arrows still step.
  await expectSaved(page);
  await page.getByRole("tab", { name: "History" }).click();
  await page.getByTestId("history-entry").first().getByRole("button").first().focus();
  const before = Number(await page.getByTestId("frame-index").textContent());
  await page.keyboard.press("Delete");
  await page.keyboard.press("n");
  await expect(rows).toHaveCount(1);
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("frame-index")).toHaveText(String(before + 1));

  // Back on the timeline, Delete removes the segment the playhead is in.
  await page.getByRole("button", { name: "Zoom in" }).focus();
  await page.keyboard.press("Delete");
  await expect(rows).toHaveCount(0);

  // The ? list shows every shortcut the workspace declares, and Esc closes it.
  await page.keyboard.press("?");
  const list = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(list).toBeVisible();
  for (const h of hotkeysIn(...PAGE_SCOPES.workspace)) await expect(list.getByRole("cell", { name: h.description, exact: false }).first()).toBeVisible();
  await expect(list.locator("kbd:empty")).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(list).toBeHidden();
});
