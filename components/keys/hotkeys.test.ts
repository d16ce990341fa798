import { describe, expect, it } from "vitest";
import { comboKeys, HOTKEYS, hotkeyFor, matches, PAGE_SCOPES, parseCombo, SCOPES, scopeActive, type HotkeyScope, type KeyLike } from "./hotkeys";

const ev = (key: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
const action = (scope: HotkeyScope, e: KeyLike) => hotkeyFor(scope, e)?.action;

describe("the hotkey registry", () => {
  it("declares every action once, with combos that parse", () => {
    const actions = HOTKEYS.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
    for (const h of HOTKEYS) for (const c of h.combos) expect(() => parseCombo(c), c).not.toThrow();
  });

  it("tells single and ten-frame steps apart", () => {
    expect(action("player", ev("ArrowRight"))).toBe("stepForward");
    expect(action("player", ev("ArrowRight", { shiftKey: true }))).toBe("stepForward10");
    expect(action("player", ev("ArrowLeft", { shiftKey: true }))).toBe("stepBack10");
    expect(action("player", ev("V", { shiftKey: true }))).toBe("cameraLayout");
    expect(action("player", ev("v"))).toBe("camera");
  });

  it("maps Ctrl+S to save, not split, and Ctrl+Shift+Z or Ctrl+Y to redo", () => {
    expect(action("editor", ev("s"))).toBe("split");
    expect(action("editor", ev("S", { shiftKey: true }))).toBe("split");
    expect(action("editor", ev("s", { ctrlKey: true }))).toBeUndefined();
    expect(action("player", ev("s", { ctrlKey: true }))).toBe("save");
    expect(action("player", ev("Z", { ctrlKey: true, shiftKey: true }))).toBe("redo");
    expect(action("player", ev("y", { ctrlKey: true }))).toBe("redo");
    expect(action("player", ev("z", { metaKey: true }))).toBe("undo");
  });

  it("opens help with ? (typed with Shift) and leaves unknown keys alone", () => {
    expect(action("player", ev("?", { shiftKey: true }))).toBe("help");
    expect(action("player", ev("q"))).toBeUndefined();
    expect(action("player", ev("+", { shiftKey: true }))).toBe("zoomIn");
  });

  it("maps a / r / f / e to the verdicts and edit, once per press, never with Ctrl or Alt", () => {
    expect(action("chain", ev("a"))).toBe("accept");
    expect(action("chain", ev("A", { shiftKey: true }))).toBe("accept");
    expect(action("chain", ev("r"))).toBe("reject");
    expect(action("chain", ev("f"))).toBe("needsFix");
    expect(action("chain", ev("e"))).toBe("edit");
    expect(action("chain", ev("a", { repeat: true }))).toBeUndefined();
    expect(action("chain", ev("r", { ctrlKey: true }))).toBeUndefined(); // Ctrl+R reloads the page
    expect(action("chain", ev("a", { altKey: true }))).toBeUndefined();
    expect(action("chain", ev("Enter"))).toBeUndefined();
    expect(action("chain", ev("Enter", { metaKey: true }))).toBe("saveChain");
    expect(action("chain", ev("Enter", { ctrlKey: true, repeat: true }))).toBeUndefined();
    expect(action("chain", ev("Escape"))).toBe("cancel");
  });

  it("lets only saving and cancelling act while the user types", () => {
    const typing = HOTKEYS.filter((h) => h.whileTyping).map((h) => h.action);
    expect(typing.sort()).toEqual(["cancel", "postComment", "save", "saveChain"]);
  });

  it("moves through the prediction queue with j/k and the arrows", () => {
    expect(action("chainQueue", ev("j"))).toBe("next");
    expect(action("chainQueue", ev("ArrowDown"))).toBe("next");
    expect(action("chainQueue", ev("K"))).toBe("prev");
    expect(action("chainQueue", ev("j", { ctrlKey: true }))).toBeUndefined();
  });

  it("acts in the panel in focus: segment keys on the editor or the bare page, comment keys only in the review panel", () => {
    expect(scopeActive("player", "none")).toBe(true);
    expect(scopeActive("editor", null)).toBe(true);
    expect(scopeActive("editor", "editor")).toBe(true);
    expect(scopeActive("editor", "none")).toBe(false);
    expect(scopeActive("editor", "comment")).toBe(false);
    expect(scopeActive("comment", null)).toBe(false);
    expect(scopeActive("comment", "comment")).toBe(true);
  });

  it("never lets two shortcuts of one page claim the same key press, wherever focus is", () => {
    const presses = [..."abcdefghijklmnopqrstuvwxyz0123456789[]<>=-+_?", " ", "Enter", "Escape", "ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "Delete", "Backspace"];
    const mods: Partial<KeyLike>[] = [{}, { shiftKey: true }, { ctrlKey: true }, { metaKey: true }, { ctrlKey: true, shiftKey: true }, { altKey: true }];
    for (const [page, scopes] of Object.entries(PAGE_SCOPES)) {
      const panels: (string | null)[] = [null, "none", ...scopes];
      for (const panel of panels)
        for (const k of presses)
          for (const m of mods) {
            const e = ev(k, m);
            const claim = HOTKEYS.filter((h) => (scopes as readonly string[]).includes(h.scope) && scopeActive(h.scope, panel) && matches(h, e));
            expect(claim.length, `${page} ${panel} ${JSON.stringify(e)}: ${claim.map((h) => h.action).join(", ")}`).toBeLessThanOrEqual(1);
          }
    }
  });

  it("shows combos as the keys to press", () => {
    expect(comboKeys("Mod+Shift+Z")).toEqual(["Ctrl", "Shift", "Z"]);
    expect(comboKeys("Shift+ArrowLeft")).toEqual(["Shift", "←"]);
    expect(comboKeys("Space")).toEqual(["Space"]);
    expect(comboKeys("+")).toEqual(["+"]);
    expect(comboKeys("Escape")).toEqual(["Esc"]);
    // No combo renders an empty key.
    for (const h of HOTKEYS) for (const c of h.combos) for (const k of comboKeys(c)) expect(k.trim(), `${h.action} ${c}`).not.toBe("");
  });

  it("gives every scope a title, and every page only declared scopes", () => {
    for (const scopes of Object.values(PAGE_SCOPES)) for (const s of scopes) expect(SCOPES[s].title).toBeTruthy();
  });
});
