import { expect, type Page } from "@playwright/test";
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
