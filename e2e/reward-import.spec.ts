// A reward model's own output file imported in the UI: a Robometer results file (records as
// robometer/evals/run_baseline_eval.py writes them, with success probabilities). The import asks
// which frames the values are for (the records do not say), the researcher answers in the form,
// and the run appears on the leaderboard, marked as having seen whole trajectories, with its
// Average saying which environments it covers.
// Fixtures: "predictions" (Prediction Lab: pred-01 … pred-03) and "releases" (Release Lab: rel-01 …),
// 90-frame episodes with ground truth; both environments are untagged, so they share a split.
import { expect, test } from "@playwright/test";
import { ensureImported, signIn } from "./helpers";

test.beforeAll(async ({ browser }) => {
  await ensureImported(browser, "predictions");
  await ensureImported(browser, "releases");
});

const RBM = "e2e Robometer run";
const WIDE = "e2e two-environment run";

/** Ten values per trajectory, as Robometer samples a 90-frame episode down to 10 frames. */
function robometerFile(): string {
  const record = (id: string, shift: number) => ({
    task: "Put the red cube in the bowl.",
    target_progress: Array.from({ length: 10 }, (_, i) => i / 9),
    progress_pred: Array.from({ length: 10 }, (_, i) => Math.max(0, Math.min(1, Math.round((i / 9 + shift) * 1000) / 1000))),
    data_source: "e2e",
    data_gen_strategy: "reward_alignment",
    quality_label: "successful",
    metadata: { data_gen_strategy: "reward_alignment", id, video_path: `/data/frames/trajectory_${id}.npz` },
    id,
    video_path: `/data/frames/trajectory_${id}.npz`,
    partial_success: null,
    success_pred: Array.from({ length: 10 }, (_, i) => (i === 9 ? 1 : 0)),
    success_probs: Array.from({ length: 10 }, (_, i) => Math.round((i / 9) ** 3 * 1000) / 1000),
  });
  return JSON.stringify([record("pred-01", 0.05), record("pred-02", -0.05)], null, 2);
}

test("import a Robometer file in the UI, answer its frames question, and see the run on the leaderboard with its coverage", async ({ page }) => {
  await signIn(page, "RESEARCHER");
  // Another run over both environments, so the table has two and the Robometer run covers one.
  const wide = [
    { episode: "pred-03", query_frame: 45, output: "50" },
    { episode: "rel-01", query_frame: 45, output: "50" },
  ]
    .map((l) => JSON.stringify(l))
    .join("\n");
  const res = await page.request.post(`/api/runs/import?run=${encodeURIComponent(WIDE)}&modelName=e2e&scale=100`, { data: wide, headers: { "content-type": "application/x-ndjson" } });
  expect(res.status()).toBe(200);

  await page.goto("/predictions");
  const form = page.getByTestId("import-form");
  await form.getByLabel("Predictions file").setInputFiles({ name: "reward_alignment_results.json", mimeType: "application/json", buffer: Buffer.from(robometerFile()) });
  await form.getByLabel("Run name").fill(RBM);
  await form.getByLabel("Model name").fill("Robometer-4B");
  await form.getByRole("button", { name: "Import predictions" }).click();

  // The records give 10 values for 90-frame episodes: the import asks, at the field that answers it.
  const frames = form.getByLabel("Frames of the values");
  await expect(form.getByTestId("import-error")).toContainText("Say which frames they are");
  await expect(frames).toHaveAttribute("aria-invalid", "true");
  await frames.fill("linspace-rint");
  await form.getByRole("button", { name: "Import predictions" }).click();

  const result = page.getByTestId("import-result");
  await expect(result).toContainText("robometer");
  await expect(result.getByTestId("import-created")).toHaveText("20");
  await expect(result.getByTestId("import-problem-count")).toHaveText("0");
  const runId = Number((await result.getByRole("link", { name: `“${RBM}”` }).getAttribute("href"))?.split("/").pop());
  expect(runId).toBeGreaterThan(0);

  await page.goto("/leaderboard");
  const row = page.getByRole("row").filter({ hasText: RBM }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText("saw whole trajectories");
  const cell = page.locator(`[data-testid="lb-cell"][data-run="${runId}"][data-env="average"][data-metric="mae"]`).first();
  await expect(cell.getByTestId("average-coverage")).toHaveText(/^over 1 of [2-9] environments$/);
  await expect(cell).toHaveAttribute("title", /Prediction Lab/);

  // Whole-trajectory runs only: the causal run leaves the table, and the choice is in the URL (a reload keeps it).
  await page.getByTestId("causality").selectOption("full-trajectory");
  await expect(page).toHaveURL(/causality=full-trajectory/);
  await expect(page.getByRole("row").filter({ hasText: WIDE })).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("causality")).toHaveValue("full-trajectory");
  await expect(page.getByRole("row").filter({ hasText: RBM }).first()).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: WIDE })).toHaveCount(0);
});
