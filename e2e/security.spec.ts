// Security at the browser (issue 14): the app works from any address it is opened by, a
// crafted "next" cannot send a signed-in user elsewhere, no page can be framed, and the CSP
// keeps the app working (every other spec runs under it too).
import { createServer, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import { userFor } from "./helpers";

test("signs in and writes from http://127.0.0.1 while APP_URL is http://localhost", async ({ page, baseURL }) => {
  expect(baseURL).toMatch(/^http:\/\/127\.0\.0\.1:/);
  const u = userFor("ANNOTATOR");
  await page.goto("/login");
  await page.getByLabel("Email").fill(u.email);
  await page.getByLabel("Password").fill(u.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText(u.name);
  // A cookie-authenticated write from this origin is accepted; one claiming another origin is not.
  const ok = await page.evaluate(async () => (await fetch("/api/episodes/next", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status);
  expect(ok).toBe(200);
  const cross = await page.request.post("/api/episodes/next", { data: {}, headers: { origin: "http://127.0.0.1:9" } });
  expect(cross.status()).toBe(403);
});

test("the open-redirect case lands on the app", async ({ browser, baseURL }) => {
  const u = userFor("LEAD");
  for (const next of ["/%5Cexample.com/x", "//example.com/x", "/%5C/example.com", "https://example.com/"]) {
    // A fresh context per case: the previous sign-in's full-page load must not abort this one.
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await page.goto(`/login?next=${next}`);
    await page.getByLabel("Email").fill(u.email);
    await page.getByLabel("Password").fill(u.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("current-user")).toContainText(u.name);
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    await context.close();
  }
});

test("an admin page refuses to be framed by a page on another port, and every answer carries the headers", async ({ page, baseURL }) => {
  const admin = userFor("ADMIN");
  const login = await page.request.post("/api/auth/login", { data: { email: admin.email, password: admin.password } });
  expect(login.status()).toBe(200);
  const res = await page.request.get("/admin/users");
  expect(res.status()).toBe(200);
  const h = res.headers();
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("same-origin");
  const api = (await page.request.get("/api/auth/me")).headers();
  expect(api["content-security-policy"]).toContain("default-src 'none'");
  expect(api["x-content-type-options"]).toBe("nosniff");

  // A page on another port frames /admin/users with the live admin session: the browser refuses.
  const target = `${baseURL}/admin/users`;
  const server: Server = createServer((_req, out) => {
    out.setHeader("content-type", "text/html");
    out.end(`<!doctype html><title>framer</title><iframe id="f" src="${target}" width="800" height="600"></iframe>`);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  try {
    const port = (server.address() as { port: number }).port;
    const refused = page.waitForEvent("console", { predicate: (m) => /frame-ancestors|Refused to display/i.test(m.text()), timeout: 10_000 }).catch(() => null);
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForTimeout(1500);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    // The framed document never becomes the app: no users table, no signed-in user.
    const shown = frame ? await frame.locator("[data-testid=current-user], table").count().catch(() => 0) : 0;
    expect(shown).toBe(0);
    expect(await refused).not.toBeNull();
  } finally {
    server.close();
  }
});

test("the password can be changed by its owner, and a common one is refused", async ({ page }) => {
  const u = userFor("RESEARCHER");
  await page.goto("/login");
  await page.getByLabel("Email").fill(u.email);
  await page.getByLabel("Password").fill(u.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("current-user").click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  const form = page.getByRole("form", { name: "Change password" });
  await form.getByLabel("Current password").fill(u.password);
  await form.getByLabel("New password", { exact: true }).fill("password123");
  await form.getByLabel("New password again").fill("password123");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("alert")).toContainText("common passwords");
  // Back to the same password through the API afterwards is refused too ("same as current"), so
  // change it and change it back.
  const fresh = "violet-kayak-harbour-17";
  await form.getByLabel("New password", { exact: true }).fill(fresh);
  await form.getByLabel("New password again").fill(fresh);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status")).toHaveText("Password changed.");
  const back = await page.request.post("/api/auth/password", { data: { currentPassword: fresh, newPassword: u.password } });
  expect(back.status()).toBe(200);
});
