import { expect, test } from "@playwright/test";
import { ROLES } from "../lib/auth/roles";
import { signIn, userFor } from "./helpers";

for (const role of ROLES) {
  test(`signs in as ${role.toLowerCase()}`, async ({ page }) => {
    await signIn(page, role);
    await expect(page).toHaveURL(/\/episodes/);
    await expect(page.getByTestId("current-user")).toContainText(userFor(role).name);
    const usersLink = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" });
    if (role === "ADMIN") await expect(usersLink).toBeVisible();
    else await expect(usersLink).toHaveCount(0);
  });
}

test("an annotator gets 403 from admin pages and APIs and sees no link to them", async ({ page }) => {
  await signIn(page, "ANNOTATOR");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Imports" })).toHaveCount(0);
  const pageRes = await page.goto("/admin/users");
  expect(pageRes?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: /403/ })).toBeVisible();
  const apiRes = await page.request.get("/api/users");
  expect(apiRes.status()).toBe(403);
  expect(apiRes.headers()["content-type"]).toContain("application/problem+json");
  const importRes = await page.request.post("/api/imports", { data: { path: "anything" } });
  expect(importRes.status()).toBe(403);
});

test("a wrong password shows a readable error", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(userFor("LEAD").email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Wrong email or password.");
});

test("signed out, pages send you to sign in and APIs answer 401", async ({ page }) => {
  await page.goto("/episodes");
  await expect(page).toHaveURL(/\/login\?next=%2Fepisodes/);
  const res = await page.request.get("/api/episodes");
  expect(res.status()).toBe(401);
});
