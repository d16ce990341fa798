"use client";
import { useEffect, useRef } from "react";
import { SHORTCUTS } from "./shortcuts";

export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const groups = [...new Set(SHORTCUTS.map((s) => s.group))];
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
        <div className="shortcut-groups">
          {groups.map((g) => (
            <table key={g} className="grid compact" aria-label={g}>
              <thead>
                <tr>
                  <th colSpan={2}>{g}</th>
                </tr>
              </thead>
              <tbody>
                {SHORTCUTS.filter((s) => s.group === g).map((s) => (
                  <tr key={s.action}>
                    <td className="keys">
                      {s.keys.map((k) => (
                        <kbd key={k}>{k}</kbd>
                      ))}
                    </td>
                    <td>{s.description}</td>
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
