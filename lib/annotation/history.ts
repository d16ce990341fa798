// Generic undo/redo stack. Immutable: every operation returns a new History (or the same
// one when nothing changes), so it can live directly in React state or a reducer.

export type History<T> = { past: T[]; present: T; future: T[] };

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/**
 * Record `next` as a new step. A new edit invalidates the redo branch. Only the newest
 * `limit` past states are kept so a long session cannot grow memory without bound.
 */
export function pushHistory<T>(h: History<T>, next: T, limit = 200): History<T> {
  // Editing operations return the same reference when they change nothing; that must not cost an undo step.
  if (next === h.present) return h;
  const past = [...h.past, h.present];
  const keep = Math.max(0, Math.floor(limit));
  return { past: past.length > keep ? past.slice(past.length - keep) : past, present: next, future: [] };
}

export function undo<T>(h: History<T>): History<T> {
  if (h.past.length === 0) return h;
  const previous = h.past[h.past.length - 1];
  return { past: h.past.slice(0, -1), present: previous, future: [h.present, ...h.future] };
}

export function redo<T>(h: History<T>): History<T> {
  if (h.future.length === 0) return h;
  const [next, ...rest] = h.future;
  return { past: [...h.past, h.present], present: next, future: rest };
}

export function canUndo<T>(h: History<T>): boolean {
  return h.past.length > 0;
}

export function canRedo<T>(h: History<T>): boolean {
  return h.future.length > 0;
}
