import { expect, test } from "@playwright/test";
import { importThroughUi, signIn } from "./helpers";

test.describe.configure({ mode: "serial" });

test("imports a LeRobot v3 dataset through the UI and plays its shared-file video", async ({ page }) => {
  await signIn(page, "RESEARCHER");
  await importThroughUi(page, "lerobot-v3-fixture");
  await page.goto("/episodes?q=red%20cube");
  const rows = page.getByRole("table", { name: "Episodes" }).getByRole("row");
  await expect(rows.nth(1)).toContainText("Pick up the red cube");
  await rows.nth(1).getByRole("link", { name: /^#\d+$/ }).click();
  await expect(page.getByTestId("episode-instruction")).toContainText("Pick up the red cube");
  const video = page.locator("video").first();
  // Playable: the browser decodes the first frame of the episode's range.
  await expect.poll(async () => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  expect(await video.evaluate((v: HTMLVideoElement) => v.error)).toBeNull();
});

test("imports an AgiBot dataset through the UI and shows its pre-filled segments", async ({ page }) => {
  await signIn(page, "RESEARCHER");
  await importThroughUi(page, "agibot-fixture");
  await page.goto("/episodes");
  await page.getByLabel("Environment").selectOption({ label: "AgiBot World" });
  const rows = page.getByRole("table", { name: "Episodes" }).getByRole("row");
  await expect(rows.nth(1)).toContainText("AgiBot World");
  await rows.nth(1).getByRole("link", { name: /^#\d+$/ }).click();
  await expect(page.getByTestId("annotation-origin").first()).toContainText("pre-filled from AgiBot action_config");
  await expect(page.getByRole("table", { name: "Segments" }).first().getByRole("row")).not.toHaveCount(1);
  const video = page.locator("video").first();
  await expect.poll(async () => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
});

test("filters the episode browser by environment, outcome and instruction text", async ({ page }) => {
  await signIn(page, "ANNOTATOR");
  await page.goto("/episodes");
  const total = page.getByTestId("episode-total");
  // A settled count reads "N episodes" (while refetching it adds "· updating…").
  const settled = async () => {
    await expect(total).toHaveText(/^\d+ episodes?$/);
    return Number((await total.textContent())!.match(/(\d+)/)![1]);
  };
  const all = await settled();
  await page.getByLabel("Environment").selectOption({ label: "AgiBot World" });
  await expect(page).toHaveURL(/environmentId=\d+/);
  await expect.poll(settled).not.toBe(all);
  const agibot = await settled();
  expect(agibot).toBeGreaterThan(0);
  expect(agibot).toBeLessThan(all);
  const table = page.getByRole("table", { name: "Episodes" });
  for (const row of await table.locator("tbody tr").all()) await expect(row).toContainText("AgiBot World");
  await page.getByLabel("Environment").selectOption({ label: "All" });
  await expect(page).not.toHaveURL(/environmentId=/);
  await page.getByLabel("Search instruction").fill("drawer");
  await expect(page).toHaveURL(/q=drawer/);
  // The search must not bring back the environment filter that was just cleared.
  await expect(page).not.toHaveURL(/environmentId=/);
  await expect(page.getByLabel("Environment")).toHaveValue("");
  await expect.poll(settled).toBeGreaterThan(0);
  for (const row of await table.locator("tbody tr").all()) await expect(row).toContainText(/drawer/i);
  // Filters live in the URL: a reload keeps them.
  await page.reload();
  await expect(page.getByLabel("Search instruction")).toHaveValue("drawer");
});
