"use client";
// The `?` list, generated from the hotkey registry for the scopes a page listens to.
import { Fragment, useEffect, useRef } from "react";
import { comboKeys, hotkeysIn, SCOPES, type HotkeyScope } from "./hotkeys";

export function Keys({ combo }: { combo: string }) {
  return (
    <>
      {comboKeys(combo).map((k, i) => (
        <kbd key={`${k}${i}`}>{k}</kbd>
      ))}
    </>
  );
}

export function ShortcutsHelp({ scopes, onClose }: { scopes: readonly HotkeyScope[]; onClose(): void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const list = hotkeysIn(...scopes);
  const groups = [...new Set(list.map((s) => s.group))];
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="modal wide"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === "Escape" || e.key === "?") {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <div className="page-head">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button ref={ref} type="button" onClick={onClose}>
            Close (Esc)
          </button>
        </div>
        <p className="small muted">
          Keys act where focus is: playback keys anywhere on the page; segment and outcome keys on the video, the timeline and the side panel’s segment
          list and outcome, not while the comment box, the history or the agreement panel has focus. A focused text field, checkbox, radio or button keeps its own keys.
        </p>
        <div className="shortcut-groups">
          {groups.map((g) => (
            <table key={g} className="grid compact" aria-label={g}>
              <thead>
                <tr>
                  <th colSpan={2}>{g}</th>
                </tr>
              </thead>
              <tbody>
                {list
                  .filter((s) => s.group === g)
                  .map((s) => (
                    <tr key={s.action}>
                      <td className="keys">
                        {s.combos.map((c, i) => (
                          <Fragment key={c}>
                            {i > 0 && <span className="small muted"> or </span>}
                            <Keys combo={c} />
                          </Fragment>
                        ))}
                      </td>
                      <td>
                        {s.description}
                        {SCOPES[s.scope].kind === "panel" && !SCOPES[s.scope].byDefault && <span className="small muted"> ({SCOPES[s.scope].title.toLowerCase()})</span>}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          ))}
        </div>
      </div>
    </div>
  );
}
