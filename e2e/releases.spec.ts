// Dataset releases: a researcher defines a release with a live split preview and submits it; a
// lead approves and publishes it (checking the content hash), edits an annotation afterwards and
// finds the published release unchanged; annotators cannot approve; four-eyes review keeps a lead
// from approving a release they created; an export runs to completion and its manifest downloads.
import { readFileSync } from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { episodeIdByKey, ensureImported, signIn, signInApi } from "./helpers";
import { claim } from "./workspace-helpers";

test.describe.configure({ mode: "serial" });

const KEYS = ["rel-01", "rel-02", "rel-03", "rel-04"];
const NAME = "Release Lab benchmark";
let releaseId = 0;
let hash = "";

/** Approved annotations for the fixture's episodes: the annotator submits the pre-fill, a lead approves. */
async function approveFixtureEpisodes(browser: Browser) {
  const a = await (await browser.newContext()).newPage();
  const lead = await (await browser.newContext()).newPage();
  await signInApi(a, "ANNOTATOR");
  await signInApi(lead, "LEAD");
  for (const key of KEYS) {
    const { annotationId } = await claim(a, await episodeIdByKey(a, key));
    expect((await a.request.post(`/api/annotations/${annotationId}/transitions`, { data: { action: "submit" } })).status()).toBe(200);
    expect((await lead.request.post(`/api/annotations/${annotationId}/transitions`, { data: { action: "approve" } })).status()).toBe(200);
  }
  await a.context().close();
  await lead.context().close();
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  await ensureImported(browser, "releases");
  await approveFixtureEpisodes(browser);
});

async function statusIs(page: Page, label: string) {
  await expect(page.getByTestId("release-detail").getByTestId("release-status")).toHaveText(label);
}

/** A frozen episode's row as the release page shows it. */
async function frozenRow(page: Page, key: string) {
  const row = page.locator(`[data-testid="release-episode"][data-key="${key}"]`);
  await expect(row).toBeVisible();
  return {
    outcome: (await row.getByTestId("frozen-outcome").textContent())?.trim(),
    segments: (await row.getByTestId("frozen-segments").textContent())?.trim(),
    version: (await row.getByTestId("frozen-version").textContent())?.trim(),
  };
}

test("a researcher defines and submits a release, a lead approves and publishes it; later annotation edits leave it unchanged", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signIn(page, "RESEARCHER");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Releases" }).click();
  await page.getByRole("link", { name: "New release" }).click();

  // Define it: one environment, one unseen task, no in-domain hold-out; the preview follows.
  await page.getByLabel("Name").fill(NAME);
  await page.getByTestId("release-environments").getByLabel("Release Lab").check();
  await page.getByTestId("release-test-tasks").getByLabel(/Open the lid of the box/).check();
  await page.getByLabel("In-domain test share (%)").fill("0");
  const preview = page.getByTestId("release-preview");
  await expect(preview.getByTestId("preview-episodes")).toHaveText("4");
  await expect(preview.getByTestId("split-total").locator('[data-split="TRAIN"]')).toHaveText("3");
  await expect(preview.getByTestId("split-total").locator('[data-split="OOD_CROSS_TASK"]')).toHaveText("1");
  // A bad value is caught before saving, with the reason next to the field.
  await page.getByLabel("Split seed").fill("-1");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("new-release-splits-seed-error")).toContainText("whole number");
  await page.getByLabel("Split seed").fill("3");
  await page.getByRole("button", { name: "Save draft" }).click();

  await expect(page).toHaveURL(/\/releases\/\d+$/);
  releaseId = Number(page.url().split("/").pop());
  await statusIs(page, "Draft");
  await expect(page.getByTestId("release-name")).toContainText(`${NAME} v1`);
  await expect(page.getByTestId("release-contents").getByTestId("split-total").locator('[data-split="TRAIN"]')).toHaveText("3");

  // Submitting freezes the snapshot and shows its hash.
  await page.getByRole("button", { name: "Submit for review" }).click();
  await statusIs(page, "In review");
  await expect(page.getByTestId("release-hash")).toHaveText(/^sha256 [0-9a-f]{64}$/);
  hash = (await page.getByTestId("release-hash").textContent())!.replace("sha256 ", "");
  await expect(page.getByTestId("release-episode-count")).toContainText("4 frozen");
  const researcher = page;

  // The lead's approval shows exactly the content being approved.
  page = await (await browser.newContext()).newPage();
  await signIn(page, "LEAD");
  await page.goto(`/releases/${releaseId}`);
  await page.getByRole("button", { name: "Approve" }).click();
  const dialog = page.getByTestId("transition-dialog");
  await expect(dialog.getByTestId("transition-hash")).toHaveText(`sha256 ${hash}`);
  await dialog.getByLabel("Comment (optional)").fill("Splits look right.");
  await dialog.getByRole("button", { name: "Approve" }).click();
  await statusIs(page, "Approved");

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("transition-dialog").getByTestId("transition-hash")).toHaveText(`sha256 ${hash}`);
  await page.getByTestId("transition-dialog").getByRole("button", { name: "Publish" }).click();
  await statusIs(page, "Published");
  await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Edit definition" })).toHaveCount(0);
  const history = page.getByTestId("history-entry");
  await expect(history.first()).toContainText("Lea Lead published it");
  // Who made, approved and published it, in the header.
  await expect(page.getByTestId("release-detail").locator("dd").filter({ hasText: "Rui Researcher" })).toHaveCount(1);
  await expect(page.getByTestId("release-detail").locator("dd").filter({ hasText: "by Lea Lead" })).toHaveCount(2);
  await expect(page.getByTestId("release-history")).toContainText("Splits look right.");
  const before = await frozenRow(page, "rel-01");
  expect(before).toEqual({ outcome: "success", segments: "3", version: expect.any(String) });

  // The lead reopens rel-01's annotation; its annotator moves a boundary and marks it failed;
  // the lead approves it again (four-eyes: the one who changed it is not the one who approves).
  const episodeId = await episodeIdByKey(page, "rel-01");
  const episode = (await (await page.request.get(`/api/episodes/${episodeId}`)).json()) as { annotations: Array<{ id: number; status: string }> };
  const annotationId = episode.annotations.find((a) => a.status === "APPROVED")!.id;
  expect((await page.request.post(`/api/annotations/${annotationId}/transitions`, { data: { action: "request_changes", comment: "Grasp starts later." } })).status()).toBe(200);
  const annotator = await (await browser.newContext()).newPage();
  await signInApi(annotator, "ANNOTATOR");
  const current = (await (await annotator.request.get(`/api/annotations/${annotationId}`)).json()) as {
    version: number;
    snapshot: { segments: Array<{ key: string; startFrame: number; endFrame: number; label: string }>; outcome: string; failureReason: null; note: string; qualityFlags: string[] };
  };
  const segments = current.snapshot.segments.map((s) => (s.label === "reach" ? { ...s, endFrame: 35 } : s.label === "grasp" ? { ...s, startFrame: 36 } : s));
  const saved = await annotator.request.put(`/api/annotations/${annotationId}`, { data: { baseVersion: current.version, snapshot: { ...current.snapshot, segments, outcome: "FAILURE", failureReason: "Grasp failed" } } });
  expect(saved.status()).toBe(200);
  expect((await annotator.request.post(`/api/annotations/${annotationId}/transitions`, { data: { action: "submit" } })).status()).toBe(200);
  await annotator.context().close();
  expect((await page.request.post(`/api/annotations/${annotationId}/transitions`, { data: { action: "approve" } })).status()).toBe(200);

  // The published release has not moved.
  await page.reload();
  await statusIs(page, "Published");
  await expect(page.getByTestId("release-hash")).toHaveText(`sha256 ${hash}`);
  expect(await frozenRow(page, "rel-01")).toEqual(before);

  await page.context().close();

  // Its next version (the researcher's) shows the edit in its diff.
  page = researcher;
  await page.reload();
  await statusIs(page, "Published");
  await page.getByRole("link", { name: "Start the next version" }).click();
  await expect(page.getByLabel("Split seed")).toHaveValue("3");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("release-name")).toContainText(`${NAME} v2`);
  const diff = page.getByTestId("release-diff");
  await expect(diff.getByTestId("diff-counts")).toContainText("1 changed");
  await expect(diff.getByTestId("diff-changed")).toContainText("rel-01");
  await expect(diff.getByTestId("diff-changed")).toContainText("outcome success → failure");
  await expect(diff.getByTestId("diff-changed")).toContainText("end 29 → 35");
});

test("an annotator cannot approve a release (403), and a researcher is offered no approval", async ({ browser }) => {
  expect(releaseId).toBeGreaterThan(0);
  const researcher = await (await browser.newContext()).newPage();
  await signInApi(researcher, "RESEARCHER");
  const list = (await (await researcher.request.get("/api/releases")).json()) as { releases: Array<{ id: number; name: string; version: number; status: string }> };
  const v2 = list.releases.find((r) => r.name === NAME && r.version === 2)!;
  expect(v2.status).toBe("DRAFT");
  expect((await researcher.request.post(`/api/releases/${v2.id}/transitions`, { data: { action: "submit" } })).status()).toBe(200);

  const annotator = await (await browser.newContext()).newPage();
  await signInApi(annotator, "ANNOTATOR");
  const denied = await annotator.request.post(`/api/releases/${v2.id}/transitions`, { data: { action: "approve" } });
  expect(denied.status()).toBe(403);
  expect(denied.headers()["content-type"]).toContain("application/problem+json");
  await annotator.goto(`/releases/${v2.id}`);
  await expect(annotator.getByRole("heading", { name: /403/ })).toBeVisible();

  const asResearcher = await researcher.request.post(`/api/releases/${v2.id}/transitions`, { data: { action: "approve" } });
  expect(asResearcher.status()).toBe(403);
  await researcher.goto(`/releases/${v2.id}`);
  await expect(researcher.getByTestId("release-detail").getByTestId("release-status")).toHaveText("In review");
  await expect(researcher.getByText("Waiting for a lead to review and approve.")).toBeVisible();
  await expect(researcher.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await researcher.context().close();
  await annotator.context().close();
});

test("four-eyes review: a lead is not offered, and is refused, approval of a release they created; turned off, they may", async ({ browser }) => {
  const lead = await (await browser.newContext()).newPage();
  await signIn(lead, "LEAD");
  const created = await lead.request.post("/api/releases", { data: { name: "Four eyes check", definition: { environmentIds: [], taskIds: [], episodeIds: [] } } });
  expect(created.status()).toBe(200);
  const id = ((await created.json()) as { release: { id: number } }).release.id;
  expect((await lead.request.post(`/api/releases/${id}/transitions`, { data: { action: "submit" } })).status()).toBe(200);
  await lead.goto(`/releases/${id}`);
  await expect(lead.getByTestId("release-detail").getByTestId("release-status")).toHaveText("In review");
  await expect(lead.getByText("Four-eyes review: another lead approves a release you created, changed or submitted.")).toBeVisible();
  await expect(lead.getByRole("button", { name: "Approve" })).toHaveCount(0);
  const refused = await lead.request.post(`/api/releases/${id}/transitions`, { data: { action: "approve" } });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { detail: string }).detail).toContain("Four-eyes");

  // The setting is the lead's, on the settings page.
  await lead.goto("/settings");
  const review = lead.getByRole("form", { name: "Review" });
  await expect(review.getByLabel(/Four-eyes review/)).toBeChecked();
  await review.getByLabel(/Four-eyes review/).uncheck();
  await review.getByRole("button", { name: "Save review settings" }).click();
  await expect(review.getByRole("status")).toHaveText("Saved.");
  await lead.goto(`/releases/${id}`);
  await expect(lead.getByRole("button", { name: "Approve" })).toBeVisible();
  // Back on for the other tests.
  const settings = (await (await lead.request.get("/api/settings/annotation")).json()) as Record<string, unknown>;
  expect((await lead.request.put("/api/settings/annotation", { data: { ...settings, fourEyes: true } })).status()).toBe(200);
  expect((await lead.request.delete(`/api/releases/${id}?confirm=${encodeURIComponent("Four eyes check")}`)).status()).toBe(200);
  await lead.context().close();
});

test("an export's progress bar runs to completion and its manifest downloads", async ({ page }) => {
  test.setTimeout(180_000);
  expect(releaseId).toBeGreaterThan(0);
  await signIn(page, "LEAD");
  await page.goto(`/releases/${releaseId}`);
  const panel = page.getByTestId("export-panel");
  await panel.getByRole("button", { name: "New export" }).click();
  const form = page.getByTestId("export-form");
  await form.getByLabel(/LRM absolute progress/).check();
  await form.getByLabel("Query times", { exact: true }).fill("3");
  await form.getByLabel("Image width (px)").fill("128");
  // The form says what each format will hold; this release has no accepted chains.
  await expect(form.getByTestId("format-contents-primo-rl")).toHaveText(/^\d[\d,]* train, \d[\d,]* test$/);
  await expect(form.getByTestId("format-contents-primo-sft")).toHaveText(/^Empty: SFT formats use accepted chains: 0/);
  // Starting with an empty format is refused, naming it and why; leaving it out starts the export.
  await form.getByRole("button", { name: "Start export" }).click();
  await expect(form.getByText(/PRIMO \/ Video-R1 SFT would hold no records: SFT formats use accepted chains: 0/)).toBeVisible();
  await expect(panel.getByTestId("export-row")).toHaveCount(0);
  await form.getByLabel(/PRIMO \/ Video-R1 SFT/).uncheck();
  await form.getByRole("button", { name: "Start export" }).click();

  const row = panel.getByTestId("export-row").first();
  await expect(row).toBeVisible();
  // The bar only moves forward, and ends full.
  const seen: number[] = [];
  await expect
    .poll(
      async () => {
        const v = Number(await row.getByTestId("export-progress").getAttribute("value"));
        seen.push(v);
        return v;
      },
      { timeout: 60_000, intervals: [200] },
    )
    .toBe(100);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  await expect(row.getByTestId("export-status")).toHaveText("succeeded");
  await expect(row.getByTestId("export-progress-text")).toContainText(/100 % · (\d+)\/\1 units/);

  const [download] = await Promise.all([page.waitForEvent("download"), row.getByTestId("manifest-download").click()]);
  expect(download.suggestedFilename()).toMatch(/^export-\d+-manifest\.json$/);
  const manifest = JSON.parse(readFileSync((await download.path())!, "utf8")) as {
    release: { id: number; content_sha256: string };
    seed: number;
    counts: Record<string, Record<string, number>>;
    files: Array<{ path: string; sha256: string; bytes: number }>;
  };
  expect(manifest.release.id).toBe(releaseId);
  expect(manifest.release.content_sha256).toBe(hash);
  expect(Object.keys(manifest.counts).sort()).toEqual(["lrm-progress", "primo-rl"]);
  expect(manifest.files.length).toBeGreaterThan(0);
  for (const f of manifest.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
});
