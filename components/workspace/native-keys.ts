// Which keys a focused native control keeps for itself (pure, unit-tested): the workspace's
// shortcuts stand aside for them, so forms work from the keyboard.

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
