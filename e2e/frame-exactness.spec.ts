// The frame the UI names is the frame on screen, at every supported frame rate and for an
// episode that is a time range inside a shared file, after every kind of step, seek, scrub and
// segment jump. Each clip carries its frame index as a code drawn into the picture.
import { expect, test } from "@playwright/test";
import { FRAME_RATES } from "../tests/fixtures/build-fixtures";
import { episodeIdByKey, ensureImported, signInApi } from "./helpers";
import { codeOnScreen, expectOnFrame, openEpisode, settled, shownFrame } from "./workspace-helpers";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => ensureImported(browser, "frame-rates"));

const CASES = [...FRAME_RATES.map((f) => ({ key: `fps-${f.label}`, label: `${f.label} fps`, offset: 0 })), { key: "fps-29.97-range", label: "29.97 fps, range inside a shared file", offset: 60 }];

for (const c of CASES) {
  test(`frame exactness at ${c.label}`, async ({ page }) => {
    await signInApi(page, "RESEARCHER");
    const id = await episodeIdByKey(page, c.key);
    const ep = (await (await page.request.get(`/api/episodes/${id}`)).json()) as {
      lengthFrames: number;
      annotations: Array<{ segments: Array<{ startFrame: number; endFrame: number }> }>;
    };
    const last = ep.lengthFrames - 1;
    const [s1, s2] = ep.annotations[0]!.segments;
    await openEpisode(page, id);
    await expectOnFrame(page, 0, c.offset);

    // Single and ten-frame steps, both directions.
    await page.keyboard.press("ArrowRight");
    await expectOnFrame(page, 1, c.offset);
    await page.keyboard.press("Shift+ArrowRight");
    await expectOnFrame(page, 11, c.offset);
    await page.keyboard.press("ArrowLeft");
    await expectOnFrame(page, 10, c.offset);
    await page.keyboard.press("Shift+ArrowLeft");
    await expectOnFrame(page, 0, c.offset);
    // Held-down keys: several presses before the decoder catches up still add up.
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
    await expectOnFrame(page, 5, c.offset);

    // Jumps to the ends and to segment edges.
    await page.keyboard.press("End");
    await expectOnFrame(page, last, c.offset);
    await page.keyboard.press("Home");
    await expectOnFrame(page, 0, c.offset);
    await page.keyboard.press("]");
    await expectOnFrame(page, s1!.endFrame, c.offset);
    await page.keyboard.press("]");
    await expectOnFrame(page, s2!.startFrame, c.offset);
    await page.keyboard.press("[");
    await expectOnFrame(page, s1!.endFrame, c.offset);

    // Go to a typed frame number.
    const typed = Math.floor(ep.lengthFrames * 0.63);
    await page.keyboard.press("g");
    await page.keyboard.type(String(typed));
    await page.keyboard.press("Enter");
    await expectOnFrame(page, typed, c.offset);

    // Click on the timeline ruler, then scrub by dragging along it.
    const ruler = page.getByTestId("timeline-ruler");
    const box = (await ruler.boundingBox())!;
    const xFor = (f: number) => box.x + ((f + 0.5) / ep.lengthFrames) * box.width;
    const clicked = Math.floor(ep.lengthFrames * 0.27);
    await page.mouse.click(xFor(clicked), box.y + box.height / 2);
    await expectOnFrame(page, clicked, c.offset);
    const scrubTo = Math.floor(ep.lengthFrames * 0.81);
    await page.mouse.move(xFor(clicked), box.y + box.height / 2);
    await page.mouse.down();
    for (const f of [0.4, 0.55, 0.7]) await page.mouse.move(xFor(Math.floor(ep.lengthFrames * f)), box.y + box.height / 2);
    await page.mouse.move(xFor(scrubTo), box.y + box.height / 2);
    await page.mouse.up();
    await expectOnFrame(page, scrubTo, c.offset);

    // Play, pause: wherever it stops, the UI names the picture on screen.
    await page.keyboard.press("Home");
    await expectOnFrame(page, 0, c.offset);
    await page.keyboard.press(" ");
    await expect.poll(() => shownFrame(page)).toBeGreaterThan(3);
    await page.keyboard.press(" ");
    await settled(page);
    const stopped = await shownFrame(page);
    expect(await codeOnScreen(page)).toBe(c.offset + stopped);
    // Playback never runs past the episode's last frame into the rest of a shared file.
    await page.keyboard.press("End");
    await expectOnFrame(page, last, c.offset);
    await page.keyboard.press("Shift+ArrowRight");
    await expectOnFrame(page, last, c.offset);
  });
}
