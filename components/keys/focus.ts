// What the focused element does with keys itself (pure, unit-tested): the app's shortcuts stand
// aside for a text field, and for the keys a native control uses, so forms work from the keyboard.

/**
 * Keys a focused native control acts on itself, so no workspace shortcut may take them: Space
 * on a button, link, checkbox or radio; Enter on a button or link; the arrows (and Home/End,
 * Page keys) on radios and sliders.
 */
export function usesKeyItself(t: EventTarget | null, ev: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  const el = t as HTMLElement | null;
  if (!el?.tagName || ev.ctrlKey || ev.metaKey || ev.altKey) return false;
  const tag = el.tagName;
  const type = tag === "INPUT" ? (el as HTMLInputElement).type : "";
  const clickable = tag === "BUTTON" || tag === "A" || tag === "SUMMARY" || type === "button" || type === "submit";
  if (ev.key === " ") return clickable || type === "checkbox" || type === "radio";
  if (ev.key === "Enter") return clickable;
  const moves = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"].includes(ev.key);
  return moves && (type === "radio" || type === "range");
}

const TEXT_INPUTS = new Set(["text", "search", "number", "email", "password", "url", "tel"]);

/** Keys typed here belong to the field (text inputs, textareas, selects, editable content). */
export function isTextEntry(el: { tagName?: string; type?: string; isContentEditable?: boolean } | null | undefined): boolean {
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable) return true;
  return tag === "INPUT" && TEXT_INPUTS.has((el.type ?? "text").toLowerCase());
}

/** The hotkey panel around the focused element: its nearest `data-hotkeys`, or null. */
export function focusedPanel(t: EventTarget | null): string | null {
  const el = t as HTMLElement | null;
  const panel = el?.closest?.("[data-hotkeys]");
  return panel?.getAttribute("data-hotkeys") ?? null;
}
