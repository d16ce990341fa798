// Shown when a save was refused because someone else saved first: what they changed compared
// with your edits, and an explicit choice. Nothing is dropped without the user deciding.
"use client";
import { diffSnapshots } from "@/lib/annotation/diff";
import type { ConflictState } from "./use-annotation-draft";
import { DiffView } from "./diff-view";

export function ConflictDialog({ conflict, onResolve }: { conflict: ConflictState; onResolve(choice: "theirs" | "mine"): void }) {
  const c = conflict.current;
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="conflict-title" data-testid="conflict-dialog">
        <h2 id="conflict-title">Someone else saved this annotation</h2>
        <p>
          Version {c.version} was saved{c.savedBy ? ` by ${c.savedBy.name}` : ""}
          {c.savedAt ? ` at ${new Date(c.savedAt).toLocaleTimeString()}` : ""} after you started editing. Your edits are kept in this
          browser until you choose.
        </p>
        <h3 className="small">Your version differs from theirs like this:</h3>
        <DiffView diff={diffSnapshots(c.snapshot, conflict.mine)} empty="Your edits and theirs are the same." />
        <div className="row">
          <button type="button" onClick={() => onResolve("theirs")}>
            Load their version (Undo brings yours back)
          </button>
          <button type="button" className="primary" onClick={() => onResolve("mine")}>
            Overwrite with mine
          </button>
        </div>
      </div>
    </div>
  );
}
