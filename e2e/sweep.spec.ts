// Every page, as the admin (who may open all of them), at 1280×800: nothing overflows sideways
// (scrollWidth ≤ innerWidth), axe-core finds no serious or critical accessibility violation
// (WCAG 2.1 A and AA rules), the page has its own title, and no key hint renders as an empty box.
// Runs after the other specs (files run in name order), so runs, releases and comments exist.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInApi } from "./helpers";

test.use({ viewport: { width: 1280, height: 800 } });

async function firstId(page: Page, url: string, pick: (body: any) => number | undefined): Promise<number> {
  const res = await page.request.get(url);
  expect(res.status(), url).toBe(200);
  const id = pick(await res.json());
  expect(id, `something to open from ${url}`).toBeTruthy();
  return id!;
}

async function check(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("h1").first()).toBeVisible();
  // Let queries settle and late content (charts, tables) lay out.
  await page.waitForLoadState("networkidle");
  const m = await page.evaluate(() => {
    // The innermost elements that stick out on the right, to say what overflows.
    const out = [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5);
    const leaves = out.filter((el) => !out.some((o) => o !== el && el.contains(o))).slice(0, 3);
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${[...el.classList].join(".")} (right ${Math.round(el.getBoundingClientRect().right)})`;
    return { sw: document.documentElement.scrollWidth, iw: window.innerWidth, title: document.title, emptyKbd: document.querySelectorAll("kbd:empty").length, wide: leaves.map(describe) };
  });
  expect.soft(m.sw, `${path}: page width (wider: ${m.wide.join(", ")})`).toBeLessThanOrEqual(m.iw);
  expect.soft(m.title, `${path}: title`).toMatch(/^.+ · Critic Studio$/);
  expect.soft(m.emptyKbd, `${path}: empty key hints`).toBe(0);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect.soft(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`), `${path}: accessibility`).toEqual([]);
}

test("the sign-in page", async ({ page }) => {
  await check(page, "/login");
});

test("every signed-in page", async ({ page }) => {
  test.setTimeout(240_000);
  await signInApi(page, "ADMIN");
  const episode = await firstId(page, "/api/episodes?pageSize=1", (b) => b.items[0]?.id);
  const run = await firstId(page, "/api/runs", (b) => b.items[0]?.id);
  const release = await firstId(page, "/api/releases", (b) => b.releases[0]?.id);
  for (const path of [
    "/episodes",
    `/episodes/${episode}`,
    "/queue",
    "/agreement",
    "/predictions",
    `/predictions/${run}`,
    "/review",
    `/compare/${episode}`,
    "/leaderboard",
    "/releases",
    "/releases/new",
    `/releases/${release}`,
    "/imports",
    "/settings",
    "/admin/users",
    "/audit",
    "/account",
  ]) {
    await test.step(path, () => check(page, path));
  }
});
