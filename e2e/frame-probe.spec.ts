// The frame probe: robot video as it really comes (tests/fixtures/real-video.ts: variable rate,
// a 0.5 s start offset with and without audio, an edit list, AV1, B-frames, 30 + 60 fps cameras
// swapped in view, a camera two frames late, a declared rate that is wrong), driven with the
// app's keys. After every step, seek and play the readout names frame n, and the picture on
// screen carries the code the fixture was made to show for n with that camera in view. Every
// check is collected; the tier requires 0 mismatches, and no step may wait more than 1 s for its
// picture.
import { expect, test, type Page } from "@playwright/test";
import { PROBE_EPISODES, type ProbeEpisode } from "../tests/fixtures/real-video";
import { episodeIdByKey, ensureImported, signInApi } from "./helpers";
import { openEpisode, settled, shownFrame } from "./workspace-helpers";

test.describe.configure({ timeout: 180_000 });
test.beforeAll(async ({ browser }) => ensureImported(browser, "frame-probe"));

/** Longest a step may take to show its picture. */
const MAX_WAIT_MS = 1000;

interface Probe {
  checks: number;
  mismatches: string[];
  waits: Array<{ what: string; ms: number }>;
}

/**
 * Waits in the page (one animation frame at a time, up to 3 s) until the readout says `n`, the
 * main video is not seeking and its picture carries code `want`; returns what it saw last. The
 * code is read as lib/demo/frame-code.ts reads it: 16 blocks along the top third, each block's
 * centre (3x3 mean) against 128.
 */
function waitInPage(page: Page, n: number, want: number) {
  return page.evaluate(
    ({ n, want }) =>
      new Promise<{ frame: number; code: number }>((resolve) => {
        const start = performance.now();
        const c = document.createElement("canvas");
        const read = () => {
          const v = document.querySelector<HTMLVideoElement>('[data-main="true"] video');
          const frame = Number(document.querySelector('[data-testid="frame-index"]')?.textContent ?? -1);
          let code = -1;
          if (v && v.videoWidth) {
            c.width = v.videoWidth;
            c.height = v.videoHeight;
            const ctx = c.getContext("2d", { willReadFrequently: true })!;
            ctx.drawImage(v, 0, 0);
            const d = ctx.getImageData(0, 0, c.width, c.height).data;
            const bw = Math.floor(c.width / 16);
            const y = Math.floor(Math.floor(c.height / 3) / 2);
            code = 0;
            for (let b = 0; b < 16; b++) {
              const x = b * bw + Math.floor(bw / 2);
              let sum = 0;
              for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
                const o = ((y + dy) * c.width + x + dx) * 4;
                sum += (d[o]! + d[o + 1]! + d[o + 2]!) / 3;
              }
              if (sum / 9 >= 128) code += 2 ** b;
            }
          }
          const done = frame === n && code === want && v !== null && !v.seeking;
          if (done || performance.now() - start > 3000) resolve({ frame, code });
          else requestAnimationFrame(read);
        };
        read();
      }),
    { n, want },
  );
}

/** Waits for frame `n` with its picture; records the wait (from `since`) and any mismatch. */
async function expectFrame(page: Page, p: Probe, e: ProbeEpisode, camera: string, n: number, what: string, since = Date.now()) {
  const want = e.codeAt(camera, n);
  const last = await waitInPage(page, n, want);
  p.checks++;
  p.waits.push({ what: `${e.key} ${camera} ${what}`, ms: Date.now() - since });
  if (last.frame !== n || last.code !== want) {
    p.mismatches.push(`${e.key}, ${camera} in view, ${what}: readout ${last.frame} (want ${n}), picture ${last.code} (want ${want})`);
  }
}

async function press(page: Page, p: Probe, e: ProbeEpisode, camera: string, key: string, n: number) {
  const t = Date.now();
  await page.keyboard.press(key);
  await expectFrame(page, p, e, camera, n, `${key} → ${n}`, t);
}

/** The probe of one camera in view: steps both ways, ten-frame steps, the ends, typed seeks, play. */
async function probeCamera(page: Page, p: Probe, e: ProbeEpisode, camera: string) {
  const last = e.frames - 1;
  await press(page, p, e, camera, "Home", 0);
  for (let n = 1; n <= 4; n++) await press(page, p, e, camera, "ArrowRight", n);
  await press(page, p, e, camera, "Shift+ArrowRight", 14);
  await press(page, p, e, camera, "ArrowLeft", 13);
  for (const h of e.hotspots) {
    const from = Math.max(0, h - 3);
    const t = Date.now();
    await page.keyboard.press("g");
    await page.keyboard.type(String(from));
    await page.keyboard.press("Enter");
    await expectFrame(page, p, e, camera, from, `go to ${from}`, t);
    for (let n = from + 1; n <= Math.min(last, h + 3); n++) await press(page, p, e, camera, "ArrowRight", n);
    for (let n = Math.min(last, h + 3) - 1; n >= Math.max(0, h - 1); n--) await press(page, p, e, camera, "ArrowLeft", n);
  }
  await press(page, p, e, camera, "End", last);
  // At the end, one press back moves one frame: no frames past the last, none recorded twice.
  await press(page, p, e, camera, "ArrowLeft", last - 1);
  await press(page, p, e, camera, "ArrowRight", last);
  await press(page, p, e, camera, "ArrowRight", last);
  await press(page, p, e, camera, "Shift+ArrowLeft", last - 10);
  // Play from the start, pause: wherever it stops, the readout names the picture.
  await press(page, p, e, camera, "Home", 0);
  await page.keyboard.press(" ");
  await expect.poll(() => shownFrame(page)).toBeGreaterThan(5);
  await page.keyboard.press(" ");
  await settled(page);
  const stopped = await shownFrame(page);
  await expectFrame(page, p, e, camera, stopped, `play, pause at ${stopped}`);
}

for (const e of PROBE_EPISODES) {
  test(`frame probe: ${e.kind}`, async ({ page }) => {
    await signInApi(page, "RESEARCHER");
    const id = await episodeIdByKey(page, e.key);
    // A file whose container hides frames from browsers plays from a copy made in the background.
    await expect
      .poll(async () => ((await (await page.request.get(`/api/episodes/${id}`)).json()) as { cameras: Array<{ playable: boolean }> }).cameras.every((c) => c.playable), { timeout: 90_000 })
      .toBe(true);
    await openEpisode(page, id);
    const p: Probe = { checks: 0, mismatches: [], waits: [] };
    const [ref, ...others] = e.cameras.map((c) => c.name);
    await expectFrame(page, p, e, ref!, 0, "opened");
    await probeCamera(page, p, e, ref!);
    for (const other of others) {
      // Swapping the camera in view never changes what the frame number means.
      const n = Math.floor(e.frames / 2);
      await press(page, p, e, ref!, "Home", 0);
      const t = Date.now();
      await page.keyboard.press("g");
      await page.keyboard.type(String(n));
      await page.keyboard.press("Enter");
      await expectFrame(page, p, e, ref!, n, `go to ${n}`, t);
      await page.keyboard.press("v");
      await expect(page.locator('[data-main="true"]')).toHaveAttribute("data-testid", `view-${other}`);
      await expectFrame(page, p, e, other, n, `swap to ${other} at ${n}`);
      await probeCamera(page, p, e, other);
      await page.keyboard.press("v");
    }
    const slowest = [...p.waits].sort((a, b) => b.ms - a.ms)[0]!;
    console.log(`[frame-probe] ${e.key}: ${p.checks} checks, ${p.mismatches.length} wrong, slowest ${slowest.ms} ms (${slowest.what})`);
    expect(p.mismatches).toEqual([]);
    expect(p.waits.filter((w) => w.ms > MAX_WAIT_MS).map((w) => `${w.what}: ${w.ms} ms`)).toEqual([]);
  });
}

test("the import's timing notes are shown in the workspace", async ({ page }) => {
  await signInApi(page, "RESEARCHER");
  await openEpisode(page, await episodeIdByKey(page, "probe-declared-25"));
  const notes = page.getByTestId("timing-notes");
  await expect(notes).toContainText("Video timing");
  await notes.locator("summary").click();
  await expect(notes).toContainText("declares 25 fps; camera front's video plays at 30 fps");
  await expect(page.getByTestId("frame-rate")).toHaveText("30 fps · frames of front");
  // The import's own summary lists them too, by episode.
  await page.goto("/imports");
  const listed = page.getByTestId("import-timing-notes").filter({ hasText: "probe-declared-25" });
  await expect(listed).toHaveCount(1);
  await listed.locator("summary").click();
  await expect(listed).toContainText("probe-declared-25: The source declares 25 fps");
  await expect(listed).toContainText("probe-vfr: Camera front has a variable frame rate");
});

test("an annotator shifts a late camera frame by frame until it lines up", async ({ page }) => {
  const e = PROBE_EPISODES.find((x) => x.key === "probe-late-camera")!;
  await signInApi(page, "ANNOTATOR");
  const id = await episodeIdByKey(page, e.key);
  const res = await page.request.post(`/api/episodes/${id}/claim`, { data: {} });
  expect(res.status()).toBe(200);
  await openEpisode(page, id);
  const p: Probe = { checks: 0, mismatches: [], waits: [] };
  await page.keyboard.press("g");
  await page.keyboard.type("30");
  await page.keyboard.press("Enter");
  await page.keyboard.press("v");
  const offset = page.getByTestId("camera-offset");
  await expect(offset).toContainText("wrist against main: 2 frames late");
  await expectFrame(page, p, e, "wrist", 30, "imported offset");
  // Two frames earlier: the wrist picture is its unshifted frame 30, which shows moment 28.
  await offset.getByRole("button", { name: "Shift wrist one frame earlier" }).click();
  await expect(offset).toContainText("1 frame late");
  await offset.getByRole("button", { name: "Shift wrist one frame earlier" }).click();
  await expect(offset).toContainText("0 frames (in step)");
  await expectFrame(page, p, { ...e, codeAt: (_c, n) => n - 2 }, "wrist", 30, "offset 0");
  // Typed back in milliseconds; the frame number never moved.
  await offset.getByLabel("Offset of wrist in milliseconds").fill(String(2000 / 30));
  await offset.getByRole("button", { name: "Set" }).click();
  await expect(offset).toContainText("2 frames late");
  await expectFrame(page, p, e, "wrist", 30, "offset back");
  expect(p.mismatches).toEqual([]);
});
