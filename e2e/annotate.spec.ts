// Annotating in the workspace: keyboard only, undo/redo across saves, two people on one
// annotation, and a connection that drops mid-edit. Each test claims its own episode of the
// workspace fixture (12 plain 90-frame episodes of one task).
import { expect, test, type Page } from "@playwright/test";
import { episodeIdByKey, ensureImported, signIn, signInApi, userFor } from "./helpers";
import { claim, expectSaved, openEpisode, segmentRows } from "./workspace-helpers";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => ensureImported(browser, "workspace"));

async function stepTo(page: Page, frame: number) {
  await page.keyboard.press("g");
  await page.keyboard.type(String(frame));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("frame-index")).toHaveText(String(frame));
}

async function labelCurrent(page: Page, label: string) {
  await page.keyboard.press("l");
  await expect(page.getByTestId("segment-label").and(page.locator(":focus"))).toBeVisible();
  await page.keyboard.type(label);
  await page.keyboard.press("Enter");
}

test("annotates an episode with the keyboard only, saves, and finds it intact after a reload", async ({ page }) => {
  await signIn(page, "ANNOTATOR");
  const id = await episodeIdByKey(page, "ws-01");
  await claim(page, id);
  await openEpisode(page, id);

  // N: a segment from the playhead (frame 0) to the end; L: label it.
  await page.keyboard.press("n");
  await labelCurrent(page, "reach");
  // Shift+→ three times = frame 30; S splits there; the right part is selected and labelled.
  for (let i = 0; i < 3; i++) await page.keyboard.press("Shift+ArrowRight");
  await expect(page.getByTestId("frame-index")).toHaveText("30");
  await page.keyboard.press("s");
  await labelCurrent(page, "grasp");
  await stepTo(page, 60);
  await page.keyboard.press("s");
  await labelCurrent(page, "place");
  // I/O move edges: pull the end of "place" back to 84, leaving a gap at the end.
  await stepTo(page, 84);
  await page.keyboard.press("o");
  await page.keyboard.press("1");
  await page.keyboard.press("Control+s");
  await expectSaved(page);

  const expected = [
    { label: "reach", start: 0, end: 29 },
    { label: "grasp", start: 30, end: 59 },
    { label: "place", start: 60, end: 84 },
  ];
  expect(await segmentRows(page)).toEqual(expected);
  await page.reload();
  await expect(page.getByTestId("segment-row")).toHaveCount(3);
  expect(await segmentRows(page)).toEqual(expected);
  await expect(page.getByRole("radio", { name: /Success/ })).toBeChecked();
  // The progress curve is derived from the saved segments: at frame 0 it is 0, at the end of
  // the last subtask 100 (equal shares).
  await expect(page.getByTestId("progress-at-playhead")).toHaveText("0.0 %");
  await page.keyboard.press("End");
  await expect(page.getByTestId("progress-at-playhead")).toHaveText("100.0 %");

  // `?` lists every shortcut.
  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help).toContainText("Split the segment at the playhead");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
});

test("undo and redo work across autosaves, and what is saved follows them", async ({ page }) => {
  await signInApi(page, "ANNOTATOR");
  const id = await episodeIdByKey(page, "ws-02");
  const { annotationId } = await claim(page, id);
  await openEpisode(page, id);
  const serverSegments = async () =>
    ((await (await page.request.get(`/api/annotations/${annotationId}`)).json()) as { snapshot: { segments: unknown[] } }).snapshot.segments.length;

  await page.keyboard.press("n");
  await expectSaved(page);
  await stepTo(page, 45);
  await page.keyboard.press("s");
  await expectSaved(page);
  expect(await serverSegments()).toBe(2);

  await page.keyboard.press("Control+z");
  await expect(page.getByTestId("segment-row")).toHaveCount(1);
  await expectSaved(page);
  expect(await serverSegments()).toBe(1);

  await page.keyboard.press("Control+Shift+z");
  await expect(page.getByTestId("segment-row")).toHaveCount(2);
  await expectSaved(page);
  expect(await serverSegments()).toBe(2);

  await page.reload();
  await expect(page.getByTestId("segment-row")).toHaveCount(2);
  expect(await segmentRows(page)).toEqual([
    { label: "", start: 0, end: 44 },
    { label: "", start: 45, end: 89 },
  ]);
});

test("two people edit one annotation: the later save gets a conflict and no edit is lost", async ({ browser }) => {
  const annotatorCtx = await browser.newContext();
  const leadCtx = await browser.newContext();
  const a = await annotatorCtx.newPage();
  const b = await leadCtx.newPage();
  await signInApi(a, "ANNOTATOR");
  await signInApi(b, "LEAD");
  const id = await episodeIdByKey(a, "ws-03");
  const { annotationId } = await claim(a, id);
  await openEpisode(a, id);
  await openEpisode(b, id, annotationId);

  // The annotator saves first.
  await a.keyboard.press("n");
  await expectSaved(a);

  // The lead, still on the old version, makes a different edit: the save is refused.
  await stepTo(b, 30);
  await b.keyboard.press("n");
  const dialog = b.getByTestId("conflict-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`saved by ${userFor("ANNOTATOR").name}`);
  // The dialog shows how the two versions differ: theirs 0–89, mine 30–89.
  await expect(dialog).toContainText("Removed (no label) 0–89");
  await expect(dialog).toContainText("Added (no label) 30–89");

  // Take theirs; Undo brings the lead's own edit back, which then saves on top.
  await dialog.getByRole("button", { name: /Load their version/ }).click();
  await expect(dialog).toBeHidden();
  expect(await segmentRows(b)).toEqual([{ label: "", start: 0, end: 89 }]);
  await b.keyboard.press("Control+z");
  expect(await segmentRows(b)).toEqual([{ label: "", start: 30, end: 89 }]);
  await expectSaved(b);

  // Both edits are in the history: the annotator's as version 2, the lead's as version 3.
  const versions = ((await (await b.request.get(`/api/annotations/${annotationId}/versions`)).json()) as {
    versions: Array<{ version: number; author: { name: string } | null; snapshot: { segments: Array<{ startFrame: number }> } }>;
  }).versions;
  expect(versions.map((v) => [v.version, v.author?.name, v.snapshot.segments.map((s) => s.startFrame)])).toEqual([
    [3, userFor("LEAD").name, [30]],
    [2, userFor("ANNOTATOR").name, [0]],
    [1, userFor("ANNOTATOR").name, []],
  ]);
  // The annotator sees the lead's version after a reload.
  await a.reload();
  await expect(a.getByTestId("segment-row")).toHaveCount(1);
  expect(await segmentRows(a)).toEqual([{ label: "", start: 30, end: 89 }]);
  await annotatorCtx.close();
  await leadCtx.close();
});

test("edits made while the network is down are kept and arrive when it is back", async ({ page, context }) => {
  await signInApi(page, "ANNOTATOR");
  const id = await episodeIdByKey(page, "ws-04");
  const { annotationId } = await claim(page, id);
  await openEpisode(page, id);

  await context.setOffline(true);
  await page.keyboard.press("n");
  await labelCurrent(page, "reach");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "retrying");
  await expect(page.getByTestId("save-status")).toContainText("edits kept in this browser");
  await context.setOffline(false);
  await expectSaved(page);
  await page.reload();
  await expect(page.getByTestId("segment-row")).toHaveCount(1);
  expect(await segmentRows(page)).toEqual([{ label: "reach", start: 0, end: 89 }]);

  // A save that keeps failing survives a reload: the page sends it on the way out, or the
  // browser's copy comes back on the next load. Either way the edits are there and get saved.
  let blocked = true;
  await page.route(`**/api/annotations/${annotationId}`, (route) => (blocked && route.request().method() === "PUT" ? route.abort("internetdisconnected") : route.continue()));
  await stepTo(page, 40);
  await page.keyboard.press("s");
  await labelCurrent(page, "grasp");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "retrying");
  await page.reload();
  await expect(page.getByTestId("segment-row")).toHaveCount(2);
  expect(await segmentRows(page)).toEqual([
    { label: "reach", start: 0, end: 39 },
    { label: "grasp", start: 40, end: 89 },
  ]);
  blocked = false;
  await expectSaved(page);
  await page.unroute(`**/api/annotations/${annotationId}`);
  type Ann = { version: number; snapshot: { segments: Array<{ label: string }>; note: string } };
  const saved = (await (await page.request.get(`/api/annotations/${annotationId}`)).json()) as Ann;
  expect(saved.snapshot.segments.map((s) => s.label)).toEqual(["reach", "grasp"]);

  // A tab that died before it could send anything leaves its edits in the browser: the next
  // visit restores them, says so, and saves them.
  const me = ((await (await page.request.get("/api/auth/me")).json()) as { user: { id: number } }).user;
  await page.evaluate(
    ([key, draft]) => localStorage.setItem(key, JSON.stringify(draft)),
    [`critic-studio:annotation-draft:${me.id}:${annotationId}`, { annotationId, baseVersion: saved.version, snapshot: { ...saved.snapshot, note: "written before the crash" }, updatedAt: Date.now() }] as const,
  );
  await page.reload();
  await expect(page.getByTestId("restored-banner")).toBeVisible();
  await expect(page.getByLabel("Note")).toHaveValue("written before the crash");
  await expectSaved(page);
  const after = (await (await page.request.get(`/api/annotations/${annotationId}`)).json()) as Ann;
  expect(after.snapshot.note).toBe("written before the crash");
  expect(after.version).toBe(saved.version + 1);
});
