// The segment list beside the timeline: labels are edited here (L focuses the current one),
// with suggestions from the task's canonical subtasks and labels used on other episodes.
"use client";
import { useEffect, useRef, useState } from "react";
import type { SegmentDraft } from "@/lib/annotation/types";
import type { FrameLabels } from "@/lib/media/frame-time";
import { inVocabulary, offVocabulary } from "@/lib/annotation/vocabulary";

interface Props {
  segments: SegmentDraft[];
  selectedKey: string | null;
  currentKey: string | null;
  editable: boolean;
  labels: FrameLabels;
  suggestions: { canonical: string[]; used: Array<{ label: string; uses: number }> };
  /** Closed: labels off the canonical list cannot be submitted (they are flagged either way). */
  vocabularyClosed: boolean;
  /** Increments to ask for focus on the current segment's label field. */
  focusLabel: number;
  colourOf(label: string): string;
  onSelect(key: string, seekTo: number): void;
  onRelabel(key: string, label: string): void;
  onDelete(key: string): void;
}

export function SegmentPanel(p: Props) {
  const off = offVocabulary(p.segments, p.suggestions.canonical);
  const inputs = useRef(new Map<string, HTMLInputElement>());
  useEffect(() => {
    if (!p.focusLabel) return;
    const key = p.selectedKey ?? p.currentKey;
    const el = key ? inputs.current.get(key) : undefined;
    el?.focus();
    el?.select();
    // Only a new request focuses; selection changes alone must not steal focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.focusLabel]);

  return (
    <section aria-label="Segments" className="segment-panel">
      <datalist id="label-suggestions">
        {p.suggestions.canonical.map((l) => (
          <option key={`c-${l}`} value={l}>
            canonical subtask
          </option>
        ))}
        {p.suggestions.used.map((u) => (
          <option key={`u-${u.label}`} value={u.label}>
            used {u.uses}×
          </option>
        ))}
      </datalist>
      {off.length > 0 && (
        <p className={p.vocabularyClosed ? "error small" : "banner small"} role="status" data-testid="vocabulary-warning">
          {off
            .map((l) => `“${l}”`)
            .join(", ")}{" "}
          {p.vocabularyClosed ? "cannot be submitted: this task's vocabulary is closed to " : "is not in this task's vocabulary: "}
          {p.suggestions.canonical.join(", ")}.
        </p>
      )}
      {p.segments.length === 0 ? (
        <p className="muted small">
          No segments yet. Press <kbd>N</kbd> to start one at the playhead, or drag on the timeline.
        </p>
      ) : (
        <table className="grid compact segments-table" aria-label="Segments">
          <thead>
            <tr>
              <th>#</th>
              <th>Label</th>
              <th>Frames</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {p.segments.map((s, i) => (
              <tr
                key={s.key}
                data-testid="segment-row"
                className={[s.key === p.selectedKey ? "selected" : "", s.key === p.currentKey ? "current" : ""].join(" ")}
                onClick={(e) => {
                  if ((e.target as HTMLElement).tagName !== "INPUT" && (e.target as HTMLElement).tagName !== "BUTTON") p.onSelect(s.key, s.startFrame);
                }}
              >
                <td>
                  <span className="swatch" style={{ background: p.colourOf(s.label) }} /> {i + 1}
                </td>
                <td>
                  <LabelInput
                    segment={s}
                    offVocabulary={!inVocabulary(s.label, p.suggestions.canonical)}
                    editable={p.editable}
                    register={(el) => (el ? inputs.current.set(s.key, el) : inputs.current.delete(s.key))}
                    onCommit={(label) => p.onRelabel(s.key, label)}
                  />
                </td>
                <td className="frames" title={`${p.labels.timecode(s.startFrame)} – ${p.labels.timecode(s.endFrame)}`}>
                  <span data-testid="segment-start">{s.startFrame}</span>–<span data-testid="segment-end">{s.endFrame}</span>
                  <span className="muted small"> ({s.endFrame - s.startFrame + 1})</span>
                </td>
                <td>
                  {p.editable && (
                    <button type="button" className="link danger" onClick={() => p.onDelete(s.key)} aria-label={`Delete segment ${i + 1}`}>
                      ✕
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function LabelInput({ segment, offVocabulary, editable, register, onCommit }: { segment: SegmentDraft; offVocabulary: boolean; editable: boolean; register(el: HTMLInputElement | null): void; onCommit(label: string): void }) {
  const [value, setValue] = useState(segment.label);
  const [focused, setFocused] = useState(false);
  // Follow outside changes (undo, reload) unless the user is typing here.
  useEffect(() => {
    if (!focused) setValue(segment.label);
  }, [segment.label, focused]);
  // Leaving the field commits, once: Enter leaves it (and must not commit a second time, which
  // would cost the user an extra undo step); Esc leaves it without committing.
  const cancelled = useRef(false);
  const commit = () => {
    if (cancelled.current) {
      cancelled.current = false;
      return;
    }
    if (value.trim() !== segment.label) onCommit(value.trim());
  };
  return (
    <input
      ref={register}
      className={offVocabulary ? "label-input off-vocabulary" : "label-input"}
      aria-invalid={offVocabulary || undefined}
      title={offVocabulary ? "Not in this task's vocabulary" : undefined}
      list="label-suggestions"
      value={value}
      readOnly={!editable}
      placeholder="label…"
      aria-label={`Label of segment ${segment.startFrame}–${segment.endFrame}`}
      data-testid="segment-label"
      onFocus={() => setFocused(true)}
      onChange={(e) => setValue(e.target.value)}
      onBlur={() => {
        setFocused(false);
        commit();
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.currentTarget.blur();
        } else if (e.key === "Escape") {
          cancelled.current = true;
          setValue(segment.label);
          e.currentTarget.blur();
        }
        // Ctrl+S still saves from here; other keys belong to the field.
        if (!e.ctrlKey && !e.metaKey) e.stopPropagation();
      }}
    />
  );
}
