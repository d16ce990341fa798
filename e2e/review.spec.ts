// Timeline dragging, the review round trip (submit → changes requested with a pinned comment →
// resubmit → approve), version history with restore, and the agreement report.
import { expect, test, type Page } from "@playwright/test";
import { episodeIdByKey, ensureImported, signInApi, userFor } from "./helpers";
import { claim, expectSaved, openEpisode, segmentRows } from "./workspace-helpers";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => ensureImported(browser, "workspace"));

/** The x coordinate of the middle of frame `f` on the timeline track (90-frame episodes, zoomed out). */
async function trackX(page: Page, f: number) {
  await page.getByTestId("timeline-track").scrollIntoViewIfNeeded();
  const box = (await page.getByTestId("timeline-track").boundingBox())!;
  return { x: box.x + ((f + 0.5) / 90) * box.width, y: box.y + box.height / 2, box };
}

test("segments are created by dragging and resized by dragging an edge, snapping to frames", async ({ page }) => {
  await signInApi(page, "ANNOTATOR");
  const id = await episodeIdByKey(page, "ws-05");
  await claim(page, id);
  await openEpisode(page, id);

  // Drag on empty track from frame 10 to frame 40.
  const from = await trackX(page, 10);
  const to = await trackX(page, 40);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, from.y, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 3 });
  await page.mouse.up();
  await expect(page.getByTestId("segment-row")).toHaveCount(1);
  expect(await segmentRows(page)).toEqual([{ label: "", start: 10, end: 40 }]);

  // Drag its end edge to frame 60: the edge lands on a whole frame and the playhead follows.
  const seg = page.getByTestId("timeline-segment");
  const edge = seg.getByTestId("edge-end");
  const target = await trackX(page, 60);
  const eb = (await edge.boundingBox())!;
  await page.mouse.move(eb.x + eb.width / 2, eb.y + eb.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x, target.y, { steps: 5 });
  await page.mouse.up();
  expect(await segmentRows(page)).toEqual([{ label: "", start: 10, end: 60 }]);
  await expect(page.getByTestId("frame-index")).toHaveText("60");

  // Its start edge cannot be dragged past its end: it stops at the end frame.
  const past = await trackX(page, 80);
  const sb = (await seg.getByTestId("edge-start").boundingBox())!;
  await page.mouse.move(sb.x + sb.width / 2, sb.y + sb.height / 2);
  await page.mouse.down();
  await page.mouse.move(past.x, past.y, { steps: 5 });
  await page.mouse.up();
  expect(await segmentRows(page)).toEqual([{ label: "", start: 60, end: 60 }]);
  await page.keyboard.press("Control+z");
  expect(await segmentRows(page)).toEqual([{ label: "", start: 10, end: 60 }]);
  await expectSaved(page);
});

test("review round trip: changes requested with a pinned comment, resubmitted, approved and locked", async ({ browser }) => {
  const aCtx = await browser.newContext();
  const lCtx = await browser.newContext();
  const a = await aCtx.newPage();
  const lead = await lCtx.newPage();
  await signInApi(a, "ANNOTATOR");
  await signInApi(lead, "LEAD");
  const id = await episodeIdByKey(a, "ws-06");
  const { annotationId } = await claim(a, id);
  await openEpisode(a, id);

  // Submitting an unfinished annotation says what is missing.
  await a.keyboard.press("n");
  await a.getByRole("button", { name: "Submit for review" }).click();
  await expect(a.getByTestId("review-error")).toContainText("label");
  await a.keyboard.press("l");
  await a.keyboard.type("stack");
  await a.keyboard.press("Enter");
  await a.keyboard.press("1");
  await expectSaved(a);
  await a.getByRole("button", { name: "Submit for review" }).click();
  await expect(a.getByTestId("annotation-status")).toHaveText("Submitted");
  await expect(a.getByTestId("read-only")).toBeVisible();

  // The lead pins a comment to frame 30 and requests changes.
  await openEpisode(lead, id, annotationId);
  await lead.getByRole("button", { name: "Start review" }).click();
  await expect(lead.getByTestId("annotation-status")).toHaveText("In review");
  await lead.keyboard.press("g");
  await lead.keyboard.type("30");
  await lead.keyboard.press("Enter");
  await expect(lead.getByTestId("frame-index")).toHaveText("30");
  await lead.getByRole("textbox", { name: "Comment", exact: true }).fill("The grasp starts here; split the segment.");
  await lead.getByRole("button", { name: "Add comment" }).click();
  await expect(lead.getByTestId("comment")).toHaveCount(1);
  await lead.getByRole("textbox", { name: "Comment", exact: true }).fill("Please split at the grasp.");
  await lead.getByRole("button", { name: "Request changes" }).click();
  await expect(lead.getByTestId("annotation-status")).toHaveText("Changes requested");

  // The annotator finds the comment, jumps to its frame, fixes and resubmits.
  await a.reload();
  await expect(a.getByTestId("annotation-status")).toHaveText("Changes requested");
  const pinned = a.getByTestId("comment").filter({ hasText: "The grasp starts here" });
  await expect(pinned).toContainText(userFor("LEAD").name);
  await pinned.getByRole("button", { name: "frame 30" }).click();
  await expect(a.getByTestId("frame-index")).toHaveText("30");
  await a.keyboard.press("s");
  await a.keyboard.press("l");
  await a.keyboard.type("place");
  await a.keyboard.press("Enter");
  await expectSaved(a);
  await pinned.getByRole("checkbox", { name: /Resolved/ }).check();
  await a.getByRole("button", { name: "Submit for review" }).click();
  await expect(a.getByTestId("annotation-status")).toHaveText("Submitted");

  // The lead sees in the history what changed since the first submission, then approves;
  // approved work is locked.
  await lead.reload();
  await lead.getByRole("tab", { name: "History" }).click();
  // One entry per step, not per autosave: the resubmission says what changed since the first.
  const history = lead.getByTestId("history-entry");
  await expect(history.first()).toHaveAttribute("data-kind", "submit");
  await expect(history.first().getByTestId("history-summary")).toHaveText("+1 segment; end 89→29");
  expect(await history.evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")))).toEqual(["submit", "session", "request_changes", "start_review", "submit", "session", "start"]);
  await history.first().getByRole("button", { name: "Submitted for review" }).click();
  const detail = lead.getByTestId("version-detail");
  await expect(detail).toContainText("stack moved: 0–89 → 0–29");
  await expect(detail).toContainText("Added place 30–89");
  await lead.getByRole("tab", { name: "Review" }).click();
  await lead.getByRole("button", { name: "Approve" }).click();
  await expect(lead.getByTestId("annotation-status")).toHaveText("Approved");
  await expect(lead.getByTestId("episode-status")).toHaveText("Approved");
  await expect(lead.getByTestId("read-only")).toContainText("approved");
  await aCtx.close();
  await lCtx.close();
});

test("an old version can be restored, and the restore is a new version", async ({ page }) => {
  await signInApi(page, "ANNOTATOR");
  const id = await episodeIdByKey(page, "ws-07");
  const { annotationId } = await claim(page, id);
  await openEpisode(page, id);
  await page.keyboard.press("n");
  await expectSaved(page);
  await page.keyboard.press("Delete");
  await expect(page.getByTestId("segment-row")).toHaveCount(0);
  await expectSaved(page);
  await page.getByRole("tab", { name: "History" }).click();
  // Two autosaves seconds apart are one editing session; its first save can still be restored.
  const session = page.getByTestId("history-entry").first();
  await expect(session).toHaveAttribute("data-kind", "session");
  await expect(session).toContainText("2 saves (v2–3)");
  await session.getByRole("button", { name: "Editing session" }).click();
  await page.getByLabel("Save in this session").selectOption("2");
  await expect(page.getByTestId("version-detail")).toContainText("Added (no label) 0–89");
  await page.getByRole("button", { name: "Restore version 2" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Restored version 2 as version 4" })).toBeVisible();
  await expect(page.getByTestId("segment-row")).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId("segment-row")).toHaveCount(1);
  const v = (await (await page.request.get(`/api/annotations/${annotationId}`)).json()) as { version: number };
  expect(v.version).toBe(4);
});

test("two annotators on one episode: the agreement report shows their figures", async ({ browser }) => {
  const leadCtx = await browser.newContext();
  const lead = await leadCtx.newPage();
  await signInApi(lead, "LEAD");
  const id = await episodeIdByKey(lead, "ws-08");
  const users = ((await (await lead.request.get("/api/facets")).json()) as { assignees: Array<{ id: number; name: string }> }).assignees;
  const annotator = users.find((u) => u.name === userFor("ANNOTATOR").name)!;
  const res = await lead.request.post(`/api/episodes/${id}/assignments`, { data: { annotatorIds: [annotator.id, users.find((u) => u.name === userFor("LEAD").name)!.id] } });
  expect(res.status()).toBe(200);
  const { annotations } = (await res.json()) as { annotations: Array<{ id: number; annotator: { id: number } }> };
  const save = async (annotationId: number, cut: number) => {
    const cur = (await (await lead.request.get(`/api/annotations/${annotationId}`)).json()) as { version: number };
    const r = await lead.request.put(`/api/annotations/${annotationId}`, {
      data: {
        baseVersion: cur.version,
        snapshot: {
          segments: [
            { key: "a", startFrame: 0, endFrame: cut - 1, label: "reach" },
            { key: "b", startFrame: cut, endFrame: 89, label: "stack" },
          ],
          outcome: "SUCCESS",
          failureReason: null,
          note: "",
          qualityFlags: [],
        },
      },
    });
    expect(r.status()).toBe(200);
    const submitted = await lead.request.post(`/api/annotations/${annotationId}/transitions`, { data: { action: "submit" } });
    expect(submitted.status()).toBe(200);
  };
  // Boundaries {0, 30, 90} and {0, 34, 90}: offsets 0, 4, 0 each way → mean 8/6 = 1.33; within
  // 5 frames: all 6; IoU reach 30/34, stack 56/60 → mean (30/34 + 56/60) / 2 = 0.908.
  await save(annotations[0]!.id, 30);
  await save(annotations[1]!.id, 34);
  await lead.goto("/agreement");
  const table = lead.getByRole("table", { name: "Agreement per pair" });
  const row = table.getByRole("row").filter({ hasText: `#${id}` });
  await expect(row.getByTestId("mean-boundary-offset")).toHaveText("1.33");
  await expect(row.getByTestId("within-k")).toHaveText("100.0 %");
  await expect(row.getByTestId("segment-iou")).toHaveText("0.908");
  await lead.getByLabel("Tolerance k (frames)").fill("3");
  await expect(row.getByTestId("within-k")).toHaveText("66.7 %");
  await expect(lead.getByRole("table", { name: "Agreement per annotator" })).toContainText(userFor("ANNOTATOR").name);
  await leadCtx.close();
});

test("a lead extends the failure taxonomy and an annotator records a failure with the new reason", async ({ browser }) => {
  const leadCtx = await browser.newContext();
  const lead = await leadCtx.newPage();
  await signInApi(lead, "LEAD");
  await lead.goto("/settings");
  const reasons = lead.getByLabel("Failure reasons");
  await expect(reasons).not.toHaveValue("");
  await reasons.fill(`${await reasons.inputValue()}\nGripper slipped`);
  await lead.getByRole("button", { name: "Save taxonomy" }).click();
  await expect(lead.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await leadCtx.close();

  const aCtx = await browser.newContext();
  const page = await aCtx.newPage();
  await signInApi(page, "ANNOTATOR");
  const id = await episodeIdByKey(page, "ws-09");
  await claim(page, id);
  await openEpisode(page, id);
  await page.keyboard.press("2");
  await page.getByLabel("Failure reason").selectOption("Gripper slipped");
  await page.getByRole("checkbox", { name: "Dropped frames" }).check();
  await page.getByLabel("Note").fill("Slipped at the second grasp.");
  await page.getByLabel("Note").blur();
  await expectSaved(page);
  await page.reload();
  await expect(page.getByRole("radio", { name: /Failure/ })).toBeChecked();
  await expect(page.getByLabel("Failure reason")).toHaveValue("Gripper slipped");
  await expect(page.getByRole("checkbox", { name: "Dropped frames" })).toBeChecked();
  await expect(page.getByLabel("Note")).toHaveValue("Slipped at the second grasp.");
  await aCtx.close();
});
