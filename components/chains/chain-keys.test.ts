import { describe, expect, it } from "vitest";
import { chainKeyAction, isTextEntry, queueKeyAction, type KeyLike } from "./chain-keys";

const k = (key: string, o: Partial<KeyLike> = {}): KeyLike => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...o });

describe("chainKeyAction", () => {
  it("maps a / r / f / e to accept, reject, needs fix and edit", () => {
    expect(chainKeyAction(k("a"), false)).toBe("accept");
    expect(chainKeyAction(k("r"), false)).toBe("reject");
    expect(chainKeyAction(k("f"), false)).toBe("needsFix");
    expect(chainKeyAction(k("e"), false)).toBe("edit");
    expect(chainKeyAction(k("A", { shiftKey: true }), false)).toBe("accept");
    expect(chainKeyAction(k("x"), false)).toBeNull();
  });

  it("ignores letters while typing, but Ctrl+Enter saves and Esc cancels", () => {
    expect(chainKeyAction(k("a"), true)).toBeNull();
    expect(chainKeyAction(k("e"), true)).toBeNull();
    expect(chainKeyAction(k("Enter", { ctrlKey: true }), true)).toBe("save");
    expect(chainKeyAction(k("Enter", { metaKey: true }), true)).toBe("save");
    expect(chainKeyAction(k("Escape"), true)).toBe("cancel");
  });

  it("leaves plain Enter, browser shortcuts and held keys alone", () => {
    expect(chainKeyAction(k("Enter"), false)).toBeNull();
    expect(chainKeyAction(k("r", { ctrlKey: true }), false)).toBeNull();
    expect(chainKeyAction(k("a", { altKey: true }), false)).toBeNull();
    expect(chainKeyAction(k("a", { repeat: true }), false)).toBeNull();
    expect(chainKeyAction(k("Enter", { ctrlKey: true, repeat: true }), false)).toBeNull();
  });
});

describe("queueKeyAction", () => {
  it("moves with j/k and the arrow keys", () => {
    expect(queueKeyAction(k("j"), false)).toBe("next");
    expect(queueKeyAction(k("ArrowDown"), false)).toBe("next");
    expect(queueKeyAction(k("k"), false)).toBe("prev");
    expect(queueKeyAction(k("ArrowUp"), false)).toBe("prev");
    expect(queueKeyAction(k("a"), false)).toBeNull();
  });

  it("does nothing while typing or with a modifier", () => {
    expect(queueKeyAction(k("j"), true)).toBeNull();
    expect(queueKeyAction(k("ArrowDown"), true)).toBeNull();
    expect(queueKeyAction(k("j", { ctrlKey: true }), false)).toBeNull();
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
