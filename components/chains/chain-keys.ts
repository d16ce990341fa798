// The chain reviewer's keys, in one table that the handlers and the on-screen hints read.

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey?: boolean;
  repeat?: boolean;
}

export type ChainAction = "accept" | "reject" | "needsFix" | "edit" | "save" | "cancel";
export type QueueAction = "next" | "prev";

export const CHAIN_KEYS: ReadonlyArray<{ action: ChainAction; keys: string[]; description: string }> = [
  { action: "accept", keys: ["A"], description: "Accept and save" },
  { action: "reject", keys: ["R"], description: "Reject and save" },
  { action: "needsFix", keys: ["F"], description: "Needs fix and save" },
  { action: "edit", keys: ["E"], description: "Edit the chain" },
  { action: "save", keys: ["Ctrl", "Enter"], description: "Save" },
  { action: "cancel", keys: ["Esc"], description: "Cancel editing" },
];

const LETTERS: Record<string, ChainAction> = { a: "accept", r: "reject", f: "needsFix", e: "edit" };

/**
 * The chain action for a key press. While the user types in a field only Ctrl/⌘+Enter and Esc
 * act; letters with a modifier (Ctrl+R reloads the page) and auto-repeats (a held `a` must not
 * save twenty times) never do.
 */
export function chainKeyAction(e: KeyLike, typing: boolean): ChainAction | null {
  const mod = e.ctrlKey || e.metaKey;
  if (e.key === "Enter" && mod && !e.altKey) return e.repeat ? null : "save";
  if (e.key === "Escape" && !mod && !e.altKey) return "cancel";
  if (typing || mod || e.altKey || e.repeat) return null;
  return LETTERS[e.key.toLowerCase()] ?? null;
}

/** Moving through the review queue: j / ↓ next, k / ↑ previous; never while typing. */
export function queueKeyAction(e: KeyLike, typing: boolean): QueueAction | null {
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === "j" || e.key === "J" || e.key === "ArrowDown") return "next";
  if (e.key === "k" || e.key === "K" || e.key === "ArrowUp") return "prev";
  return null;
}

const TEXT_INPUTS = new Set(["text", "search", "number", "email", "password", "url", "tel"]);

/** Keys typed here belong to the field (text inputs, textareas, selects, editable content). */
export function isTextEntry(el: { tagName?: string; type?: string; isContentEditable?: boolean } | null | undefined): boolean {
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable) return true;
  return tag === "INPUT" && TEXT_INPUTS.has((el.type ?? "text").toLowerCase());
}
