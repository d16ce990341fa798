// Admin actions ask before they apply and say when they are saved; the audit log page shows them,
// filtered by actor and action, each linking to its object's page.
import { expect, test } from "@playwright/test";
import { signInApi, userFor } from "./helpers";

test("a role change and a disable are confirmed, saved, and found in the audit log", async ({ page }) => {
  await signInApi(page, "ADMIN");
  const email = `temp.${Date.now()}@test.local`;
  const created = await page.request.post("/api/users", { data: { email, name: "Tess Temp", role: "ANNOTATOR", password: "temp-password-123" } });
  expect(created.status()).toBe(201);
  const userId = ((await created.json()) as { user: { id: number } }).user.id;
  const roleOf = async () => ((await (await page.request.get("/api/users")).json()) as { items: Array<{ id: number; role: string; disabled: boolean }> }).items.find((u) => u.id === userId)!;

  await page.goto("/admin/users");
  // Choosing a role only asks; Cancel leaves it as it was.
  await page.getByLabel(`Role of ${email}`).selectOption("LEAD");
  const dialog = page.getByTestId("confirm-user-change");
  await expect(dialog).toContainText("Change Tess Temp's role from Annotator to Lead?");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("ANNOTATOR");
  expect((await roleOf()).role).toBe("ANNOTATOR");

  await page.getByLabel(`Role of ${email}`).selectOption("LEAD");
  await dialog.getByRole("button", { name: "Make Lead" }).click();
  await expect(page.getByTestId("admin-saved")).toContainText("Saved: Tess Temp is now Lead.");
  await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("LEAD");
  expect((await roleOf()).role).toBe("LEAD");

  const row = page.getByRole("row").filter({ hasText: email });
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(dialog).toContainText("Disable Tess Temp?");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("admin-saved")).toContainText("Saved: Tess Temp is disabled.");
  expect((await roleOf()).disabled).toBe(true);

  // The audit log: the admin's user changes, newest first, each linking to the users page.
  await page.goto("/audit");
  await expect(page).toHaveTitle(/Audit log/);
  await page.getByLabel("Actor").selectOption({ label: userFor("ADMIN").name });
  await page.getByLabel("Action").fill("user");
  await page.getByLabel("Object id").fill(String(userId));
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText(userFor("ADMIN").name);
  await rows.first().getByRole("link", { name: `user #${userId}` }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
});
