// Every keyboard shortcut in the app, in one table (pure, unit-tested). Handlers, the `?` list
// and the on-screen key hints all read it; nothing else declares a key.
//
// A shortcut belongs to a scope. A *page* scope acts wherever focus is on the page; a *panel*
// scope acts only while focus is inside an element marked `data-hotkeys="<scope>"`, or, for a
// panel that is the page's default, while focus is on no panel at all (the page body, the video).
// So `Delete` removes a segment from the timeline but not while a history version or a comment
// has focus, and Ctrl+Enter posts a comment only from the comment box.

export type HotkeyScope = "player" | "editor" | "comment" | "chain" | "chainQueue";

export interface ScopeInfo {
  title: string;
  kind: "page" | "panel";
  /** A panel scope that also acts while focus is on no panel. */
  byDefault?: boolean;
}

export const SCOPES: Record<HotkeyScope, ScopeInfo> = {
  player: { title: "Anywhere on the page", kind: "page" },
  editor: { title: "Video, timeline, segments and outcome", kind: "panel", byDefault: true },
  comment: { title: "In the review panel", kind: "panel" },
  chain: { title: "Reasoning chain", kind: "panel", byDefault: true },
  chainQueue: { title: "Prediction queue", kind: "page" },
};

export type HotkeyAction =
  // player
  | "playPause"
  | "stepBack"
  | "stepForward"
  | "stepBack10"
  | "stepForward10"
  | "firstFrame"
  | "lastFrame"
  | "prevEdge"
  | "nextEdge"
  | "slower"
  | "faster"
  | "loop"
  | "goto"
  | "undo"
  | "redo"
  | "save"
  | "camera"
  | "cameraLayout"
  | "zoomIn"
  | "zoomOut"
  | "comment"
  | "help"
  // editor
  | "prevSegment"
  | "nextSegment"
  | "newSegment"
  | "split"
  | "setStart"
  | "setEnd"
  | "merge"
  | "delete"
  | "label"
  | "success"
  | "failure"
  | "unsure"
  // comment
  | "postComment"
  // chain
  | "accept"
  | "reject"
  | "needsFix"
  | "edit"
  | "saveChain"
  | "cancel"
  // chainQueue
  | "next"
  | "prev";

export interface Hotkey {
  action: HotkeyAction;
  scope: HotkeyScope;
  /** Combos such as "Mod+Shift+Z" (Mod is Ctrl, or ⌘ on a Mac), "Shift+ArrowLeft", "?"; the first is the one shown first. */
  combos: string[];
  description: string;
  /** Heading in the `?` list. */
  group: string;
  /** Acts while the user types in a text field too. */
  whileTyping?: boolean;
  /** A held key acts once (a held `A` must not accept twenty predictions). */
  once?: boolean;
}

export const HOTKEYS: readonly Hotkey[] = [
  { action: "playPause", scope: "player", combos: ["Space"], description: "Play / pause", group: "Playback" },
  { action: "stepBack", scope: "player", combos: ["ArrowLeft"], description: "Previous frame", group: "Playback" },
  { action: "stepForward", scope: "player", combos: ["ArrowRight"], description: "Next frame", group: "Playback" },
  { action: "stepBack10", scope: "player", combos: ["Shift+ArrowLeft"], description: "Back 10 frames", group: "Playback" },
  { action: "stepForward10", scope: "player", combos: ["Shift+ArrowRight"], description: "Forward 10 frames", group: "Playback" },
  { action: "firstFrame", scope: "player", combos: ["Home"], description: "First frame", group: "Playback" },
  { action: "lastFrame", scope: "player", combos: ["End"], description: "Last frame", group: "Playback" },
  { action: "prevEdge", scope: "player", combos: ["["], description: "Previous segment edge", group: "Playback" },
  { action: "nextEdge", scope: "player", combos: ["]"], description: "Next segment edge", group: "Playback" },
  { action: "slower", scope: "player", combos: ["<"], description: "Slower (down to 0.1×)", group: "Playback" },
  { action: "faster", scope: "player", combos: [">"], description: "Faster (up to 4×)", group: "Playback" },
  { action: "loop", scope: "player", combos: ["P"], description: "Loop the current segment on / off", group: "Playback" },
  { action: "goto", scope: "player", combos: ["G"], description: "Go to a frame number", group: "Playback" },
  { action: "prevSegment", scope: "editor", combos: ["ArrowUp"], description: "Select the previous segment", group: "Segments" },
  { action: "nextSegment", scope: "editor", combos: ["ArrowDown"], description: "Select the next segment", group: "Segments" },
  { action: "newSegment", scope: "editor", combos: ["N"], description: "New segment from the playhead to the next segment", group: "Segments" },
  { action: "split", scope: "editor", combos: ["S"], description: "Split the segment at the playhead", group: "Segments" },
  { action: "setStart", scope: "editor", combos: ["I"], description: "Move the segment's start to the playhead", group: "Segments" },
  { action: "setEnd", scope: "editor", combos: ["O"], description: "Move the segment's end to the playhead", group: "Segments" },
  { action: "merge", scope: "editor", combos: ["M"], description: "Merge the segment with the next one", group: "Segments" },
  { action: "delete", scope: "editor", combos: ["Delete", "Backspace"], description: "Delete the segment", group: "Segments" },
  { action: "label", scope: "editor", combos: ["L"], description: "Label the segment (Enter to keep, Esc to cancel)", group: "Segments" },
  { action: "undo", scope: "player", combos: ["Mod+Z"], description: "Undo", group: "Episode" },
  { action: "redo", scope: "player", combos: ["Mod+Shift+Z", "Mod+Y"], description: "Redo", group: "Episode" },
  { action: "save", scope: "player", combos: ["Mod+S"], description: "Save now (edits also save by themselves)", group: "Episode", whileTyping: true },
  { action: "success", scope: "editor", combos: ["1"], description: "Outcome: success", group: "Episode" },
  { action: "failure", scope: "editor", combos: ["2"], description: "Outcome: failure", group: "Episode" },
  { action: "unsure", scope: "editor", combos: ["3"], description: "Outcome: unsure", group: "Episode" },
  { action: "comment", scope: "player", combos: ["C"], description: "Comment on the current frame", group: "Episode" },
  { action: "postComment", scope: "comment", combos: ["Mod+Enter"], description: "Post the comment", group: "Episode", whileTyping: true, once: true },
  { action: "camera", scope: "player", combos: ["V"], description: "Next camera in the main view", group: "View" },
  { action: "cameraLayout", scope: "player", combos: ["Shift+V"], description: "Cameras in a grid, or one large", group: "View" },
  { action: "zoomIn", scope: "player", combos: ["=", "+"], description: "Zoom the timeline in", group: "View" },
  { action: "zoomOut", scope: "player", combos: ["-", "_"], description: "Zoom the timeline out", group: "View" },
  { action: "help", scope: "player", combos: ["?"], description: "Show these shortcuts", group: "View" },
  { action: "accept", scope: "chain", combos: ["A"], description: "Accept and save", group: "Verdict", once: true },
  { action: "reject", scope: "chain", combos: ["R"], description: "Reject and save", group: "Verdict", once: true },
  { action: "needsFix", scope: "chain", combos: ["F"], description: "Needs fix and save", group: "Verdict", once: true },
  { action: "edit", scope: "chain", combos: ["E"], description: "Edit the chain", group: "Verdict", once: true },
  { action: "saveChain", scope: "chain", combos: ["Mod+Enter"], description: "Save", group: "Verdict", whileTyping: true, once: true },
  { action: "cancel", scope: "chain", combos: ["Escape"], description: "Cancel editing", group: "Verdict", whileTyping: true },
  { action: "next", scope: "chainQueue", combos: ["J", "ArrowDown"], description: "Next in the queue", group: "Queue" },
  { action: "prev", scope: "chainQueue", combos: ["K", "ArrowUp"], description: "Previous in the queue", group: "Queue" },
];

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey?: boolean;
  altKey: boolean;
  repeat?: boolean;
}

interface Combo {
  key: string;
  mod: boolean;
  shift: boolean;
  alt: boolean;
}

const KEY_NAMES: Record<string, string> = { Space: " ", Esc: "Escape" };

export function parseCombo(combo: string): Combo {
  // "+" alone and "Mod++" name the plus key itself.
  const parts = combo === "+" ? ["+"] : combo.endsWith("++") ? [...combo.slice(0, -2).split("+"), "+"] : combo.split("+");
  const key = parts.pop()!;
  const mods = new Set(parts);
  for (const m of mods) if (m !== "Mod" && m !== "Shift" && m !== "Alt") throw new Error(`Unknown modifier ${m} in ${combo}`);
  return { key: KEY_NAMES[key] ?? key, mod: mods.has("Mod"), shift: mods.has("Shift"), alt: mods.has("Alt") };
}

const sameKey = (a: string, b: string) => (a.length === 1 && b.length === 1 ? a.toLowerCase() === b.toLowerCase() : a === b);

/**
 * Keys bound both with and without Shift in a scope (← and Shift+←, V and Shift+V): for those the
 * unshifted combo needs Shift up. For the rest Shift is free, since it is how `?`, `<`, `>` and a
 * caps-locked letter are typed.
 */
const shiftSensitive: Set<string> = new Set(
  HOTKEYS.flatMap((h) =>
    h.combos
      .map(parseCombo)
      .filter((c) => c.shift)
      .map((c) => `${h.scope}:${c.key.toLowerCase()}`),
  ),
);

export function matches(h: Hotkey, e: KeyLike): boolean {
  if (h.once && e.repeat) return false;
  return h.combos.some((s) => {
    const c = parseCombo(s);
    if (!sameKey(c.key, e.key)) return false;
    if (c.mod !== (e.ctrlKey || e.metaKey) || c.alt !== e.altKey) return false;
    if (c.shift) return Boolean(e.shiftKey);
    return !shiftSensitive.has(`${h.scope}:${c.key.toLowerCase()}`) || !e.shiftKey;
  });
}

/** The shortcut of `scope` a key press means, if any. */
export function hotkeyFor(scope: HotkeyScope, e: KeyLike): Hotkey | undefined {
  return HOTKEYS.find((h) => h.scope === scope && matches(h, e));
}

export function hotkeysIn(...scopes: HotkeyScope[]): Hotkey[] {
  return HOTKEYS.filter((h) => scopes.includes(h.scope));
}

export function hotkey(action: HotkeyAction): Hotkey {
  const h = HOTKEYS.find((x) => x.action === action);
  if (!h) throw new Error(`No hotkey ${action}`);
  return h;
}

const SHOWN: Record<string, string> = {
  Mod: "Ctrl",
  ArrowLeft: "←",
  ArrowRight: "→",
  ArrowUp: "↑",
  ArrowDown: "↓",
  Escape: "Esc",
  " ": "Space",
};

/** A combo as the keys to press, for `<kbd>`s: "Mod+Shift+Z" → ["Ctrl", "Shift", "Z"]. */
export function comboKeys(combo: string): string[] {
  const c = parseCombo(combo);
  const key = SHOWN[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key);
  return [...(c.mod ? ["Ctrl"] : []), ...(c.alt ? ["Alt"] : []), ...(c.shift ? ["Shift"] : []), key];
}

/**
 * Whether a shortcut of `scope` may act with focus inside the panel `focusedPanel` (the nearest
 * `data-hotkeys` around the focused element, or null when focus is on no panel).
 */
export function scopeActive(scope: HotkeyScope, focusedPanel: string | null): boolean {
  const info = SCOPES[scope];
  if (info.kind === "page") return true;
  return focusedPanel === scope || (focusedPanel === null && Boolean(info.byDefault));
}

/** The scopes each page listens to; the `?` list shows these, and no two may share a key press. */
export const PAGE_SCOPES = {
  workspace: ["player", "editor", "comment"],
  compare: ["player"],
  predictions: ["chain", "chainQueue"],
} as const satisfies Record<string, readonly HotkeyScope[]>;
