// A lead's review session from the queue alone: three submissions in one environment, filtered
// on the queue page, then "Review next" opens the oldest; approving or requesting changes (on a
// comment pinned to a frame beforehand, the box left empty) opens the next by itself, and the
// last one lands back on the queue, which says it is done. The episode list is never opened.
import { expect, test, type Page } from "@playwright/test";
import { episodeIdByKey, ensureImported, signInApi } from "./helpers";
import { claim } from "./workspace-helpers";

test.beforeAll(async ({ browser }) => ensureImported(browser, "review-queue"));

/** The annotator labels and submits one episode through the API. */
async function submit(page: Page, episodeId: number) {
  const { annotationId } = await claim(page, episodeId);
  const snapshot = {
    segments: [
      { key: "a", startFrame: 0, endFrame: 44, label: "grasp" },
      { key: "b", startFrame: 45, endFrame: 89, label: "stack" },
    ],
    outcome: "SUCCESS",
    failureReason: null,
    note: "",
    qualityFlags: [],
  };
  expect((await page.request.put(`/api/annotations/${annotationId}`, { data: { baseVersion: 1, snapshot } })).status()).toBe(200);
  expect((await page.request.post(`/api/annotations/${annotationId}/transitions`, { data: { action: "submit" } })).status()).toBe(200);
  return annotationId;
}

test("a lead reviews three episodes from the queue without the episode list", async ({ browser }) => {
  const annotator = await browser.newPage();
  await signInApi(annotator, "ANNOTATOR");
  const eps: number[] = [];
  const anns: number[] = [];
  for (const key of ["rq-01", "rq-02", "rq-03"]) {
    const id = await episodeIdByKey(annotator, key);
    eps.push(id);
    anns.push(await submit(annotator, id));
  }

  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await signInApi(page, "LEAD");
  const visited: string[] = [];
  page.on("framenavigated", (f) => f === page.mainFrame() && visited.push(new URL(f.url()).pathname));
  await page.goto("/queue");
  await expect(page).toHaveTitle(/Review queue/);
  await page.getByLabel("Environment").selectOption({ label: "Queue Lab" });
  await expect(page.getByTestId("queue-row")).toHaveCount(3);
  await expect(page.getByTestId("queue-row").first()).toContainText("rq-01");

  await page.getByRole("button", { name: "Review next →" }).click();
  await expect(page).toHaveURL(new RegExp(`/episodes/${eps[0]}\\?`));
  await expect(page.getByTestId("queue-bar")).toBeVisible();
  await expect(page.getByTestId("annotation-status")).toHaveText("In review");
  await page.getByRole("button", { name: "Approve" }).click();

  // The second opens by itself. A comment pinned to frame 30 first, then changes requested on it.
  await expect(page).toHaveURL(new RegExp(`/episodes/${eps[1]}\\?`));
  await expect(page.getByTestId("annotation-status")).toHaveText("In review");
  await page.getByLabel("Go to frame").fill("30");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("frame-index")).toHaveText("30");
  await page.getByLabel("Comment", { exact: true }).fill("The stack starts at frame 30, not 45.");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("comment")).toContainText("The stack starts at frame 30");
  await expect(page.getByTestId("comment")).toContainText("frame 30");
  await page.getByRole("button", { name: "Request changes" }).click();

  await expect(page).toHaveURL(new RegExp(`/episodes/${eps[2]}\\?`));
  await expect(page.getByTestId("annotation-status")).toHaveText("In review");
  await page.getByRole("button", { name: "Approve" }).click();

  // Nothing left: back on the queue, told so, with the filter kept.
  await expect(page).toHaveURL(/\/queue\?/);
  await expect(page.getByTestId("queue-message")).toContainText("reviewed everything");
  await expect(page.getByLabel("Environment")).toHaveValue(/\d+/);
  await expect(page.getByRole("cell", { name: /Nothing is waiting for review/ })).toBeVisible();

  const status = async (id: number) => ((await (await page.request.get(`/api/annotations/${id}`)).json()) as { status: string }).status;
  expect([await status(anns[0]!), await status(anns[1]!), await status(anns[2]!)]).toEqual(["APPROVED", "CHANGES_REQUESTED", "APPROVED"]);
  expect(visited.filter((p) => p === "/episodes")).toEqual([]);
  await annotator.close();
  await page.close();
});
