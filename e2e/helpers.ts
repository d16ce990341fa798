import { expect, type Browser, type Page } from "@playwright/test";
import { DEMO_USERS } from "../prisma/seed/demo-users";
import type { Role } from "../lib/auth/roles";

export const userFor = (role: Role) => DEMO_USERS.find((u) => u.role === role)!;

/** Signs in through the sign-in form, as a person would. */
export async function signIn(page: Page, role: Role) {
  const u = userFor(role);
  await page.goto("/login");
  await page.getByLabel("Email").fill(u.email);
  await page.getByLabel("Password").fill(u.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText(u.name);
}

/** Signs in through the API (faster, for tests about something else). */
export async function signInApi(page: Page, role: Role) {
  const u = userFor(role);
  const res = await page.request.post("/api/auth/login", { data: { email: u.email, password: u.password } });
  expect(res.status()).toBe(200);
}

/** Imports a dataset from the import page and waits for the job to finish. */
export async function importThroughUi(page: Page, datasetFolder: string) {
  await page.goto("/imports");
  const select = page.getByLabel("Dataset");
  const option = select.locator("option", { hasText: datasetFolder });
  await expect(option).toHaveCount(1);
  await select.selectOption({ value: (await option.getAttribute("value"))! });
  await page.getByRole("button", { name: "Import" }).click();
  const row = page.getByRole("row").filter({ hasText: datasetFolder }).first();
  await expect(row.getByTestId("import-result")).toContainText(/episodes imported/, { timeout: 60_000 });
}

/** Imports a dataset folder through the API (idempotent: episodes already there are skipped). */
export async function importViaApi(page: Page, datasetFolder: string) {
  const sources = await page.request.get("/api/imports/sources");
  expect(sources.status()).toBe(200);
  const items = ((await sources.json()) as { items: Array<{ path: string }> }).items;
  const item = items.find((i) => i.path.split("/").includes(datasetFolder));
  expect(item, `dataset ${datasetFolder} in the import folders`).toBeTruthy();
  const res = await page.request.post("/api/imports", { data: { path: item!.path } });
  expect(res.status()).toBe(202);
  const { job } = (await res.json()) as { job: { id: number } };
  await expect
    .poll(async () => ((await (await page.request.get(`/api/imports/${job.id}`)).json()) as { job: { status: string } }).job.status, { timeout: 60_000 })
    .toBe("SUCCEEDED");
}

/** The id of the episode with this source key (episode_id in a manifest). */
export async function episodeIdByKey(page: Page, sourceKey: string): Promise<number> {
  const res = await page.request.get(`/api/episodes?q=${encodeURIComponent(sourceKey)}&pageSize=200`);
  expect(res.status()).toBe(200);
  const items = ((await res.json()) as { items: Array<{ id: number; sourceKey: string }> }).items;
  const hit = items.find((i) => i.sourceKey === sourceKey);
  if (hit) return hit.id;
  // The instruction search may not match the key; fall back to paging through everything.
  for (let p = 1; p < 50; p++) {
    const all = ((await (await page.request.get(`/api/episodes?page=${p}&pageSize=200`)).json()) as { items: Array<{ id: number; sourceKey: string }> }).items;
    const found = all.find((i) => i.sourceKey === sourceKey);
    if (found) return found.id;
    if (all.length < 200) break;
  }
  throw new Error(`no episode ${sourceKey}`);
}

/** For a spec's beforeAll: makes sure a fixture dataset is imported (as a researcher). */
export async function ensureImported(browser: Browser, datasetFolder: string) {
  const page = await browser.newPage();
  await signInApi(page, "RESEARCHER");
  await importViaApi(page, datasetFolder);
  await page.close();
}
