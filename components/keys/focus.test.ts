import { describe, expect, it } from "vitest";
import { focusedPanel, isTextEntry, usesKeyItself } from "./focus";

const el = (tagName: string, type = "") => ({ tagName, type }) as unknown as EventTarget;
const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe("keys a focused control keeps", () => {
  it("Space ticks a checkbox or radio and presses a button instead of playing the video", () => {
    expect(usesKeyItself(el("INPUT", "checkbox"), key(" "))).toBe(true);
    expect(usesKeyItself(el("INPUT", "radio"), key(" "))).toBe(true);
    expect(usesKeyItself(el("BUTTON"), key(" "))).toBe(true);
    expect(usesKeyItself(el("DIV"), key(" "))).toBe(false);
  });

  it("arrows move between radios (and sliders) instead of stepping frames", () => {
    for (const k of ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"]) {
      expect(usesKeyItself(el("INPUT", "radio"), key(k))).toBe(true);
      expect(usesKeyItself(el("INPUT", "range"), key(k))).toBe(true);
    }
    expect(usesKeyItself(el("INPUT", "checkbox"), key("ArrowRight"))).toBe(false);
    expect(usesKeyItself(el("BUTTON"), key("ArrowRight"))).toBe(false);
  });

  it("leaves shortcuts with Ctrl, ⌘ or Alt to the workspace (Ctrl+Z undoes on a focused checkbox)", () => {
    expect(usesKeyItself(el("INPUT", "checkbox"), key(" ", { ctrlKey: true }))).toBe(false);
    expect(usesKeyItself(el("INPUT", "radio"), key("ArrowRight", { altKey: true }))).toBe(false);
    expect(usesKeyItself(null, key(" "))).toBe(false);
  });
});

describe("isTextEntry", () => {
  it("knows which elements take typed keys", () => {
    expect(isTextEntry({ tagName: "TEXTAREA" })).toBe(true);
    expect(isTextEntry({ tagName: "SELECT" })).toBe(true);
    expect(isTextEntry({ tagName: "INPUT", type: "number" })).toBe(true);
    expect(isTextEntry({ tagName: "INPUT", type: "checkbox" })).toBe(false);
    expect(isTextEntry({ tagName: "BUTTON" })).toBe(false);
    expect(isTextEntry({ tagName: "DIV", isContentEditable: true })).toBe(true);
    expect(isTextEntry(null)).toBe(false);
  });
});

describe("focusedPanel", () => {
  it("names the nearest data-hotkeys around the focused element, or none", () => {
    const inside = { closest: (sel: string) => (sel === "[data-hotkeys]" ? { getAttribute: () => "comment" } : null) } as unknown as EventTarget;
    const outside = { closest: () => null } as unknown as EventTarget;
    expect(focusedPanel(inside)).toBe("comment");
    expect(focusedPanel(outside)).toBeNull();
    expect(focusedPanel(null)).toBeNull();
  });
});
