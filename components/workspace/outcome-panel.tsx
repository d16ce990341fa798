// Episode outcome (success / failure / unsure), failure reason from the taxonomy, note, quality flags.
"use client";
import { useEffect, useRef, useState } from "react";
import type { AnnotationSnapshot, Outcome } from "@/lib/annotation/types";
import type { TAnnotationSettings } from "@/lib/settings/annotation-settings";

const CHOICES: Array<{ value: Outcome; label: string; key: string }> = [
  { value: "SUCCESS", label: "Success", key: "1" },
  { value: "FAILURE", label: "Failure", key: "2" },
  { value: "UNSURE", label: "Unsure", key: "3" },
];

interface Props {
  snapshot: AnnotationSnapshot;
  settings: TAnnotationSettings | undefined;
  editable: boolean;
  onChange(patch: Partial<AnnotationSnapshot>): void;
}

export function OutcomePanel({ snapshot, settings, editable, onChange }: Props) {
  const [note, setNote] = useState(snapshot.note);
  const typing = useRef(false);
  useEffect(() => {
    if (!typing.current) setNote(snapshot.note);
  }, [snapshot.note]);
  // A note is one undo step per pause in typing, not one per keystroke.
  useEffect(() => {
    if (note === snapshot.note) return;
    const t = setTimeout(() => onChange({ note }), 700);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [note]);

  const reasons = settings?.failureReasons ?? [];
  const flags = settings?.qualityFlags ?? [];
  // Keep showing a stored value even if the taxonomy has since dropped it.
  const reasonOptions = snapshot.failureReason && !reasons.includes(snapshot.failureReason) ? [...reasons, snapshot.failureReason] : reasons;
  return (
    <section aria-label="Outcome" className="outcome-panel">
      <fieldset disabled={!editable}>
        <legend>Outcome</legend>
        <div className="choices" role="radiogroup" aria-label="Outcome">
          {CHOICES.map((c) => (
            <label key={c.value} className={`choice outcome-${c.value.toLowerCase()}`}>
              <input type="radio" name="outcome" checked={snapshot.outcome === c.value} onChange={() => onChange({ outcome: c.value })} />
              {c.label} <kbd>{c.key}</kbd>
            </label>
          ))}
        </div>
        {snapshot.outcome === "FAILURE" && (
          <label>
            Failure reason
            <select value={snapshot.failureReason ?? ""} onChange={(e) => onChange({ failureReason: e.target.value || null })} aria-label="Failure reason">
              <option value="">Choose…</option>
              {reasonOptions.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Note
          <textarea
            rows={2}
            value={note}
            onFocus={() => (typing.current = true)}
            onBlur={() => {
              typing.current = false;
              if (note !== snapshot.note) onChange({ note });
            }}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") e.currentTarget.blur();
              if (!e.ctrlKey && !e.metaKey) e.stopPropagation();
            }}
            aria-label="Note"
          />
        </label>
        <div className="flags" role="group" aria-label="Quality flags">
          <span className="small muted">Quality flags</span>
          {flags.map((f) => (
            <label key={f} className="choice">
              <input
                type="checkbox"
                checked={snapshot.qualityFlags.includes(f)}
                onChange={(e) => onChange({ qualityFlags: e.target.checked ? [...snapshot.qualityFlags, f] : snapshot.qualityFlags.filter((x) => x !== f) })}
              />
              {f}
            </label>
          ))}
        </div>
      </fieldset>
    </section>
  );
}
