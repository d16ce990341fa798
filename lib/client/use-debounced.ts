"use client";
// A value that follows another a moment after it last changed (live previews of forms).
import { useEffect, useState } from "react";

/**
 * `value` once it has stayed the same for `ms` (null until then). Values are compared as JSON, so
 * a new object of the same content does not restart the wait; a null value (a form that does not
 * check out) keeps the last one, so a preview stays on screen while the user is mid-edit.
 */
export function useDebounced<T>(value: T | null, ms: number): T | null {
  const key = value === null ? null : JSON.stringify(value);
  const [settled, setSettled] = useState<T | null>(null);
  useEffect(() => {
    if (key === null) return;
    const t = setTimeout(() => setSettled(JSON.parse(key) as T), ms);
    return () => clearTimeout(t);
  }, [key, ms]);
  return settled;
}
