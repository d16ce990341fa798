// Small building blocks shared by the run pages: labelled fields with their errors, the
// problems list, the progress bar and a keyboard-friendly modal.
"use client";
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react";
import styles from "./runs.module.css";
import { describeProblem, firstProblems, progressFraction, progressText, type FormErrors, type ProblemItem, type RunProgress } from "./format";

export interface FieldA11y {
  id: string;
  "aria-invalid": boolean | undefined;
  "aria-describedby": string | undefined;
}

/** A label, its control, a hint and the field's error, wired together for screen readers. */
export function Field({
  id,
  label,
  error,
  hint,
  children,
  className,
}: {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  children: (a11y: FieldA11y) => ReactNode;
  className?: string;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`${styles.field} ${className ?? ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint && (
        <div id={`${id}-hint`} className={styles.hint}>
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className={styles.fieldError} data-testid={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The headline of a failed request and the invalid_params no field showed. */
export function FormErrorBanner({ errors, testId }: { errors: FormErrors; testId?: string }) {
  if (!errors.summary) return null;
  return (
    <div role="alert" className="error" data-testid={testId}>
      {errors.summary}
      {errors.other.length > 0 && (
        <ul className={styles.problems}>
          {errors.other.map((p, i) => (
            <li key={i}>
              <span className={styles.where}>{p.name}</span>
              {p.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Problems with their place in the file (or sample), the first 50 and "and N more". */
export function ProblemsList({ problems, total, label, testId }: { problems: ProblemItem[]; total?: number; label: string; testId?: string }) {
  const { items, more } = firstProblems(problems, total ?? problems.length);
  if (items.length === 0) return null;
  return (
    <ul className={styles.problems} aria-label={label} data-testid={testId}>
      {items.map((p, i) => {
        const d = describeProblem(p);
        return (
          <li key={i} data-testid="problem">
            <span className={styles.where}>{d.where}</span>
            {d.text}
          </li>
        );
      })}
      {more > 0 && <li data-testid="problems-more">… and {more} more</li>}
    </ul>
  );
}

export function RunProgressBar({ progress, label }: { progress: RunProgress; label: string }) {
  return (
    <div className={styles.progress} data-testid="run-progress">
      <progress max={1} value={progressFraction(progress)} aria-label={label} aria-valuetext={progressText(progress)} />
      <span className={styles.progressText}>
        {progressText(progress)}
        {progress.message ? ` · ${progress.message}` : ""}
      </span>
    </div>
  );
}

/**
 * A modal dialog: focus moves into it (the first `data-autofocus` element, else the first control), Tab stays inside, Escape closes it, and focus returns
 * to whatever opened it.
 */
export function Modal({ titleId, onClose, children, testId }: { titleId: string; onClose(): void; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // Read during the first render, before anything inside the dialog takes focus.
  const opener = useRef(typeof document === "undefined" ? null : (document.activeElement as HTMLElement | null));
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);
  useEffect(() => {
    const first =
      ref.current?.querySelector<HTMLElement>("[data-autofocus]") ?? ref.current?.querySelector<HTMLElement>("input, select, textarea, button");
    first?.focus();
    const back = opener.current;
    return () => {
      // The opener may be gone (a deleted row); then focus falls back to the page.
      if (back?.isConnected) back.focus();
    };
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      close.current();
      return;
    }
    if (e.key !== "Tab" || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])")].filter(
      (el) => !(el as HTMLButtonElement).disabled,
    );
    if (items.length === 0) return;
    const [firstEl, lastEl] = [items[0], items[items.length - 1]];
    if (e.shiftKey && document.activeElement === firstEl) {
      e.preventDefault();
      lastEl.focus();
    } else if (!e.shiftKey && document.activeElement === lastEl) {
      e.preventDefault();
      firstEl.focus();
    }
  };
  return (
    <div
      className="modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) close.current();
      }}
    >
      <div ref={ref} className="modal" role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid={testId} onKeyDown={onKeyDown}>
        {children}
      </div>
    </div>
  );
}
