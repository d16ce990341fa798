// Model predictions end to end: a researcher imports a run from the Predictions page, opens
// an episode comparison, clicks a predicted point (the player lands on exactly that frame and
// the chain opens), edits and accepts the chain; hostile model output stays inert text; and
// the leaderboard shows which figures moved after an annotator's edit becomes ground truth.
// Fixture: "predictions" (three frame-coded 90-frame episodes with subtasks [0,29] [30,59] [60,89]).
import { expect, test, type Page } from "@playwright/test";
import { ensureImported, episodeIdByKey, signIn, signInApi } from "./helpers";
import { codeOnScreen } from "./frame-on-screen";

test.beforeAll(async ({ browser }) => ensureImported(browser, "predictions"));

const RUN = "e2e PRIMO run";
const chainText = (answer: string, observation = "The cube is in the gripper.") =>
  `<think><planning>Reach the cube, grasp it, place it in the bowl.</planning><observation>${observation}</observation><reasoning>Two of three steps look done.</reasoning></think><answer>${answer}</answer>`;
const HOSTILE = `<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">`;

async function importRun(page: Page) {
  const ep1 = await episodeIdByKey(page, "pred-01");
  const ep2 = await episodeIdByKey(page, "pred-02");
  const lines = [
    { episode: "pred-01", query_frame: 15, output: chainText("20"), sampled_frames: [0, 5, 10, 15] },
    { episode: "pred-01", query_frame: 45, output: chainText("60"), sampled_frames: [0, 15, 30, 45] },
    { episode: "pred-01", query_frame: 75, output: chainText("80") },
    { episode: "pred-02", query_frame: 45, output: chainText("50", HOSTILE) },
    { episode: "pred-02", query_frame: 89, output: chainText("100") },
    { episode: "no-such-episode", query_frame: 3, output: chainText("5") },
    { episode: "pred-02", query_frame: 15, output: chainText("45%") },
  ].map((l) => JSON.stringify(l));
  await page.goto("/predictions");
  const form = page.getByTestId("import-form");
  await form.getByLabel("Predictions file").setInputFiles({ name: "primo.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(lines.join("\n")) });
  await form.getByLabel("Run name").fill(RUN);
  await form.getByLabel("Model name").fill("PRIMO-R1-7B");
  await form.getByRole("button", { name: "Import predictions" }).click();
  const result = page.getByTestId("import-result");
  return { result, ep1, ep2 };
}

async function pointId(page: Page, episodeId: number, frame: number): Promise<number> {
  const cmp = (await (await page.request.get(`/api/episodes/${episodeId}/comparison`)).json()) as {
    runs: Array<{ name: string; points: Array<{ predictionId: number; frame: number }> }>;
  };
  return cmp.runs.find((r) => r.name === RUN)!.points.find((p) => p.frame === frame)!.predictionId;
}

test.describe.configure({ mode: "serial" });

test("import a run, click a point in the comparison, edit and accept its chain", async ({ page }) => {
  await signIn(page, "RESEARCHER");
  const { result, ep1 } = await importRun(page);
  await expect(result.getByTestId("import-created")).toHaveText("6");
  // Line 6 names no episode; line 7 is imported but its "45%" is not scored, and says so.
  await expect(result.getByTestId("import-problem-count")).toHaveText("2");
  await expect(result.getByTestId("import-problems")).toContainText("line 6");
  await expect(result.getByTestId("import-problems").getByRole("listitem").filter({ hasText: "line 7" })).toContainText("answer not scored (percent_sign)");
  await expect(page.getByTestId("runs-table").getByTestId("run-row").filter({ hasText: RUN })).toHaveCount(1);

  await page.goto(`/compare/${ep1}`);
  await expect(page.getByTestId("comparison-chart")).toBeVisible();
  const id = await pointId(page, ep1, 45);
  await page.locator(`button[data-testid="point-${id}"]`).click();
  // The player lands on exactly the predicted frame: the UI says so, and so does the picture.
  await expect(page.getByTestId("frame-index")).toHaveText("45");
  await expect.poll(() => codeOnScreen(page)).toBe(45);
  const panel = page.getByTestId("chain-panel");
  await expect(panel).toHaveAttribute("data-prediction-id", String(id));
  // Ground truth at frame 45: grasp is step 2 of 3, frame 15 of [30,59] → 33.33 + 33.33·15/29 = 50.57, shown as 50.6.
  await expect(panel.getByTestId("chain-gt")).toContainText("50.6");
  // The frames the model saw, at their exact indices: I_init, V_seq, I_curr.
  const strip = panel.getByTestId("frame-strip").getByTestId("strip-frame");
  await expect(strip).toHaveCount(6);
  await expect(strip.last()).toHaveAttribute("data-frame", "45");

  await panel.getByRole("button", { name: "Edit planning" }).click();
  await panel.getByRole("textbox", { name: "Planning" }).fill("Reach the red cube, grasp it, lift it and place it in the bowl.");
  await expect(panel.getByTestId("diff-planning").locator("ins")).toContainText(["red"]);
  await panel.getByRole("button", { name: "Accept" }).click();
  await expect(panel.getByTestId("saved-verdict")).toContainText("Accepted");
  const saved = (await (await page.request.get(`/api/predictions/${id}`)).json()) as { prediction: { review: { verdict: string; planning: string } } };
  expect(saved.prediction.review).toMatchObject({ verdict: "ACCEPTED", planning: "Reach the red cube, grasp it, lift it and place it in the bowl." });
});

test("hostile model output is shown as text and never runs", async ({ page }) => {
  await signInApi(page, "RESEARCHER");
  const ep2 = await episodeIdByKey(page, "pred-02");
  const id = await pointId(page, ep2, 45);
  await page.goto(`/review?prediction=${id}`);
  const panel = page.getByTestId("chain-panel");
  await expect(panel).toHaveAttribute("data-prediction-id", String(id));
  await expect(panel.getByTestId("chain-section-observation")).toContainText(HOSTILE);
  await expect(panel.locator('img[src="x"]')).toHaveCount(0);
  await expect(panel.locator("script")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test("the leaderboard shows the figures that moved after an annotation edit", async ({ page, browser }) => {
  await signInApi(page, "RESEARCHER");
  await page.goto("/leaderboard");
  const seen = page.getByRole("button", { name: "Mark as seen" });
  if (await seen.isVisible()) await seen.click();
  const runs = (await (await page.request.get("/api/runs")).json()) as { items: Array<{ id: number; name: string }> };
  const runId = runs.items.find((r) => r.name === RUN)!.id;
  // MAE, Average column. The fixture's one environment is in one split table; which one depends
  // on the split tags of everything else imported in this database (see lib/predictions/benchmark-split.ts).
  const cell = page.locator(`[data-testid="lb-cell"][data-run="${runId}"][data-env="average"][data-metric="mae"]`);
  await expect(cell).toBeVisible();
  await expect(page.locator('[data-testid="lb-cell"][data-changed="true"]')).toHaveCount(0);
  const before = (await cell.innerText()).trim();

  // An annotator claims pred-01, moves the grasp/place boundary from 59/60 to 39/40 and submits.
  const annotator = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const ap = await annotator.newPage();
  await signInApi(ap, "ANNOTATOR");
  const ep1 = await episodeIdByKey(ap, "pred-01");
  const claimed = (await (await ap.request.post(`/api/episodes/${ep1}/claim`)).json()) as { claimed: { annotationId: number } };
  const annId = claimed.claimed.annotationId;
  const current = (await (await ap.request.get(`/api/annotations/${annId}`)).json()) as { version: number; snapshot: { segments: Array<{ key: string; startFrame: number; endFrame: number; label: string }> } };
  const segs = current.snapshot.segments;
  const snapshot = {
    segments: [
      { ...segs[0]!, endFrame: 29 },
      { ...segs[1]!, startFrame: 30, endFrame: 39 },
      { ...segs[2]!, startFrame: 40, endFrame: 89 },
    ],
    outcome: "SUCCESS",
    failureReason: null,
    note: "",
    qualityFlags: [],
  };
  expect((await ap.request.put(`/api/annotations/${annId}`, { data: { baseVersion: current.version, snapshot } })).status()).toBe(200);
  expect((await ap.request.post(`/api/annotations/${annId}/transitions`, { data: { action: "submit" } })).status()).toBe(200);
  await annotator.close();

  await page.reload();
  const banner = page.getByTestId("gt-changes-banner");
  await expect(banner).toContainText("pred-01");
  await expect(cell).toHaveAttribute("data-changed", "true");
  await expect(cell.locator("s")).toContainText(before.split(/\s/)[0]!);
  expect((await cell.innerText()).trim()).not.toBe(before);
  await page.getByRole("button", { name: "Mark as seen" }).click();
  await expect(page.locator('[data-testid="lb-cell"][data-changed="true"]')).toHaveCount(0);
  await expect(banner).toHaveCount(0);
  // Approved only is a switch kept in the URL, and the comparison honours it too: pred-01's
  // work is submitted, not approved.
  await page.getByTestId("approved-only").check();
  await expect(page).toHaveURL(/approvedOnly=1/);
  await expect(page.getByTestId("ground-truth-rule")).toContainText("Approved only");
  await page.goto(`/compare/${ep1}?approvedOnly=1`);
  await expect(page.getByTestId("ground-truth-withheld")).toContainText("not approved");
  await page.getByTestId("approved-only").uncheck();
  await expect(page.getByTestId("ground-truth-status")).toHaveText("submitted");
});
