"use client";
// The one keyboard listener: a page or panel passes handlers for actions of the registry
// (`hotkeys.ts`); which key means what, where it acts and when it stands aside is decided there.
import { useEffect, useLayoutEffect, useRef } from "react";
import { focusedPanel, isTextEntry, usesKeyItself } from "./focus";
import { hotkeysIn, matches, scopeActive, type HotkeyAction, type HotkeyScope } from "./hotkeys";

/** A handler may return false when there was nothing to do, so the key keeps its default. */
export type HotkeyHandlers = Partial<Record<HotkeyAction, () => boolean | void>>;

export function useHotkeys(scopes: readonly HotkeyScope[], handlers: HotkeyHandlers, enabled = true): void {
  const ref = useRef(handlers);
  // The latest handlers, without re-subscribing on every render.
  useLayoutEffect(() => {
    ref.current = handlers;
  });
  const key = scopes.join(",");
  useEffect(() => {
    if (!enabled) return;
    const list = hotkeysIn(...(key.split(",") as HotkeyScope[]));
    const onKey = (ev: KeyboardEvent) => {
      if (ev.defaultPrevented) return;
      const target = ev.target as HTMLElement | null;
      // A dialog keeps its keys.
      if (target?.closest?.('[aria-modal="true"]')) return;
      const panel = focusedPanel(target);
      const typing = isTextEntry(target);
      for (const h of list) {
        const fn = ref.current[h.action];
        if (!fn || !scopeActive(h.scope, panel) || !matches(h, ev)) continue;
        if (typing && !h.whileTyping) return;
        // A focused native control keeps its own keys (Space ticks a checkbox, arrows move between radios).
        if (!typing && usesKeyItself(target, ev)) return;
        if (fn() !== false) ev.preventDefault();
        return;
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [key, enabled]);
}
