// Every workspace action and its key. The keyboard handler and the `?` help read this one table.

export type ShortcutAction =
  | "playPause"
  | "stepBack"
  | "stepForward"
  | "stepBack10"
  | "stepForward10"
  | "firstFrame"
  | "lastFrame"
  | "prevEdge"
  | "nextEdge"
  | "prevSegment"
  | "nextSegment"
  | "slower"
  | "faster"
  | "loop"
  | "newSegment"
  | "split"
  | "setStart"
  | "setEnd"
  | "merge"
  | "delete"
  | "label"
  | "undo"
  | "redo"
  | "save"
  | "success"
  | "failure"
  | "unsure"
  | "camera"
  | "cameraLayout"
  | "zoomIn"
  | "zoomOut"
  | "comment"
  | "goto"
  | "help";

export interface Shortcut {
  action: ShortcutAction;
  keys: string[];
  description: string;
  group: "Playback" | "Segments" | "Episode" | "View";
  /** Matches a keydown event. */
  match(e: KeyLike): boolean;
}

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

const mod = (e: KeyLike) => e.ctrlKey || e.metaKey;
const plain = (e: KeyLike) => !mod(e) && !e.altKey;
const key = (k: string, opts: { shift?: boolean } = {}) => (e: KeyLike) =>
  plain(e) && e.key.toLowerCase() === k.toLowerCase() && (opts.shift === undefined || e.shiftKey === opts.shift);

export const SHORTCUTS: Shortcut[] = [
  { action: "playPause", keys: ["Space"], description: "Play / pause", group: "Playback", match: (e) => plain(e) && e.key === " " },
  { action: "stepBack", keys: ["←"], description: "Previous frame", group: "Playback", match: key("ArrowLeft", { shift: false }) },
  { action: "stepForward", keys: ["→"], description: "Next frame", group: "Playback", match: key("ArrowRight", { shift: false }) },
  { action: "stepBack10", keys: ["Shift", "←"], description: "Back 10 frames", group: "Playback", match: key("ArrowLeft", { shift: true }) },
  { action: "stepForward10", keys: ["Shift", "→"], description: "Forward 10 frames", group: "Playback", match: key("ArrowRight", { shift: true }) },
  { action: "firstFrame", keys: ["Home"], description: "First frame", group: "Playback", match: key("Home") },
  { action: "lastFrame", keys: ["End"], description: "Last frame", group: "Playback", match: key("End") },
  { action: "prevEdge", keys: ["["], description: "Previous segment edge", group: "Playback", match: (e) => plain(e) && e.key === "[" },
  { action: "nextEdge", keys: ["]"], description: "Next segment edge", group: "Playback", match: (e) => plain(e) && e.key === "]" },
  { action: "slower", keys: ["<"], description: "Slower (down to 0.1×)", group: "Playback", match: (e) => plain(e) && e.key === "<" },
  { action: "faster", keys: [">"], description: "Faster (up to 4×)", group: "Playback", match: (e) => plain(e) && e.key === ">" },
  { action: "loop", keys: ["P"], description: "Loop the current segment on / off", group: "Playback", match: key("p") },
  { action: "goto", keys: ["G"], description: "Go to a frame number", group: "Playback", match: key("g") },
  { action: "prevSegment", keys: ["↑"], description: "Select the previous segment", group: "Segments", match: key("ArrowUp") },
  { action: "nextSegment", keys: ["↓"], description: "Select the next segment", group: "Segments", match: key("ArrowDown") },
  { action: "newSegment", keys: ["N"], description: "New segment from the playhead to the next segment", group: "Segments", match: key("n") },
  { action: "split", keys: ["S"], description: "Split the segment at the playhead", group: "Segments", match: key("s") },
  { action: "setStart", keys: ["I"], description: "Move the segment's start to the playhead", group: "Segments", match: key("i") },
  { action: "setEnd", keys: ["O"], description: "Move the segment's end to the playhead", group: "Segments", match: key("o") },
  { action: "merge", keys: ["M"], description: "Merge the segment with the next one", group: "Segments", match: key("m") },
  { action: "delete", keys: ["Delete"], description: "Delete the segment", group: "Segments", match: (e) => plain(e) && (e.key === "Delete" || e.key === "Backspace") },
  { action: "label", keys: ["L"], description: "Label the segment (Enter to keep, Esc to cancel)", group: "Segments", match: key("l") },
  { action: "undo", keys: ["Ctrl", "Z"], description: "Undo", group: "Episode", match: (e) => mod(e) && !e.shiftKey && e.key.toLowerCase() === "z" },
  { action: "redo", keys: ["Ctrl", "Shift", "Z"], description: "Redo (also Ctrl+Y)", group: "Episode", match: (e) => mod(e) && ((e.shiftKey && e.key.toLowerCase() === "z") || e.key.toLowerCase() === "y") },
  { action: "save", keys: ["Ctrl", "S"], description: "Save now (edits also save by themselves)", group: "Episode", match: (e) => mod(e) && e.key.toLowerCase() === "s" },
  { action: "success", keys: ["1"], description: "Outcome: success", group: "Episode", match: key("1") },
  { action: "failure", keys: ["2"], description: "Outcome: failure", group: "Episode", match: key("2") },
  { action: "unsure", keys: ["3"], description: "Outcome: unsure", group: "Episode", match: key("3") },
  { action: "comment", keys: ["C"], description: "Comment on the current frame", group: "Episode", match: key("c") },
  { action: "camera", keys: ["V"], description: "Next camera in the main view", group: "View", match: key("v", { shift: false }) },
  { action: "cameraLayout", keys: ["Shift", "V"], description: "Cameras in a grid, or one large", group: "View", match: key("v", { shift: true }) },
  { action: "zoomIn", keys: ["="], description: "Zoom the timeline in", group: "View", match: (e) => plain(e) && (e.key === "=" || e.key === "+") },
  { action: "zoomOut", keys: ["-"], description: "Zoom the timeline out", group: "View", match: (e) => plain(e) && (e.key === "-" || e.key === "_") },
  { action: "help", keys: ["?"], description: "Show these shortcuts", group: "View", match: (e) => !mod(e) && e.key === "?" },
];

export function shortcutFor(e: KeyLike): ShortcutAction | undefined {
  return SHORTCUTS.find((s) => s.match(e))?.action;
}

/** Keys typed into a text field belong to the field, except the few that make sense anywhere. */
export function allowedWhileTyping(action: ShortcutAction | undefined): boolean {
  return action === "save";
}
