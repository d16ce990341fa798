import { describe, expect, it } from "vitest";
import { SHORTCUTS, shortcutFor } from "./shortcuts";

const ev = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe("shortcuts", () => {
  it("gives every action exactly one entry", () => {
    const actions = SHORTCUTS.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
  });

  it("tells single and ten-frame steps apart", () => {
    expect(shortcutFor(ev("ArrowRight"))).toBe("stepForward");
    expect(shortcutFor(ev("ArrowRight", { shiftKey: true }))).toBe("stepForward10");
    expect(shortcutFor(ev("ArrowLeft", { shiftKey: true }))).toBe("stepBack10");
  });

  it("maps Ctrl+S to save, not split, and Ctrl+Shift+Z to redo", () => {
    expect(shortcutFor(ev("s"))).toBe("split");
    expect(shortcutFor(ev("s", { ctrlKey: true }))).toBe("save");
    expect(shortcutFor(ev("Z", { ctrlKey: true, shiftKey: true }))).toBe("redo");
    expect(shortcutFor(ev("z", { metaKey: true }))).toBe("undo");
  });

  it("opens help with ? and leaves unknown keys alone", () => {
    expect(shortcutFor(ev("?", { shiftKey: true }))).toBe("help");
    expect(shortcutFor(ev("q"))).toBeUndefined();
  });

  it("never lets two shortcuts claim the same key press", () => {
    const presses = [..."abcdefghijklmnopqrstuvwxyz0123456789[]<>=-?", " ", "ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "Delete"];
    for (const k of presses) {
      for (const mods of [{}, { shiftKey: true }, { ctrlKey: true }, { ctrlKey: true, shiftKey: true }]) {
        const e = ev(k, mods);
        expect(SHORTCUTS.filter((s) => s.match(e)).length, `${JSON.stringify(e)}`).toBeLessThanOrEqual(1);
      }
    }
  });
});
