// The prediction runs: what each holds, how far a model run has got, and rename / delete /
// cancel / resume.
"use client";
import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import type { ApiError } from "@/lib/client/api-client";
import { can } from "@/lib/auth/policy";
import { useMe } from "@/lib/client/use-me";
import styles from "./runs.module.css";
import { canCancel, canResume, formErrors, isActive, ORIGIN_LABEL, percentOf, plural, readProgress } from "./format";
import { Field, FormErrorBanner, Modal, RunProgressBar } from "./ui";
import { useDeleteRun, useRenameRun, useRunControl, useRuns, type RunSummaryView } from "./use-runs";

export function RunsTable() {
  const runs = useRuns();
  const me = useMe().data;
  const [renaming, setRenaming] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<RunSummaryView | null>(null);
  const cancel = useRunControl("cancel");
  const resume = useRunControl("resume");
  const controlError = cancel.error ?? resume.error;

  return (
    <section aria-labelledby="runs-title">
      <h2 id="runs-title">Runs</h2>
      {runs.isPending && <p className="muted">Loading runs…</p>}
      {runs.error && (
        <p role="alert" className="error">
          {runs.error.message}
        </p>
      )}
      {controlError && (
        <p role="alert" className="error" data-testid="run-control-error">
          {controlError.message}
        </p>
      )}
      {runs.data && (
        <div className={styles.tableWrap}>
          <table className="grid" aria-label="Prediction runs" data-testid="runs-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Model</th>
                <th>Origin</th>
                <th>Status</th>
                <th className={styles.num}>Predictions</th>
                <th className={styles.num} title="Predictions with a parsed answer">
                  Answered
                </th>
                <th className={styles.num} title="Outputs that pass PRIMO's format reward">
                  PRIMO format pass
                </th>
                <th>Reviews</th>
                <th>Created</th>
                <th className={styles.num}>Problems</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((r) => (
                <RunRow
                  key={r.id}
                  run={r}
                  manage={!!me && can(me, "run.manage", { createdById: r.createdById })}
                  renaming={renaming === r.id}
                  onRename={() => setRenaming(r.id)}
                  onRenameDone={() => setRenaming(null)}
                  onDelete={() => setDeleting(r)}
                  onCancel={() => cancel.mutate(r.id)}
                  onResume={() => resume.mutate(r.id)}
                  busy={(cancel.isPending && cancel.variables === r.id) || (resume.isPending && resume.variables === r.id)}
                />
              ))}
              {runs.data.items.length === 0 && (
                <tr>
                  <td colSpan={11} className="empty">
                    No runs yet. Import a predictions file or run a model below.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      {deleting && <DeleteRunDialog run={deleting} onClose={() => setDeleting(null)} />}
    </section>
  );
}

function RunRow({
  run: r,
  manage = false,
  renaming,
  onRename,
  onRenameDone,
  onDelete,
  onCancel,
  onResume,
  busy,
}: {
  run: RunSummaryView;
  /** The viewer may rename, cancel, resume and delete it (its maker or a lead: lib/auth/policy.ts). */
  manage?: boolean;
  renaming: boolean;
  onRename(): void;
  onRenameDone(): void;
  onDelete(): void;
  onCancel(): void;
  onResume(): void;
  busy: boolean;
}) {
  const progress = readProgress(r.progress);
  // Back to the Rename button when the inline form closes, so keyboard users keep their place.
  const renameButton = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(renaming);
  useEffect(() => {
    if (wasRenaming.current && !renaming) renameButton.current?.focus();
    wasRenaming.current = renaming;
  }, [renaming]);
  return (
    <tr data-testid="run-row" data-run-id={r.id} data-run-name={r.name}>
      <td>
        {renaming ? (
          <RenameForm run={r} onDone={onRenameDone} />
        ) : (
          <Link href={`/predictions/${r.id}`} className={styles.runName} data-testid="run-link">
            {r.name}
          </Link>
        )}
        {r.description && <div className="muted small">{r.description}</div>}
      </td>
      <td>
        {r.modelName}
        {r.endpointName && <div className="muted small">via {r.endpointName}</div>}
      </td>
      <td className={styles.nowrap}>{ORIGIN_LABEL[r.origin] ?? r.origin}</td>
      <td data-testid="run-status">
        <span className={`pill job-${r.status.toLowerCase()}`}>{r.status.toLowerCase()}</span>
        {r.origin === "endpoint" && progress && (isActive(r.status) ? (
          <RunProgressBar progress={progress} label={`Progress of ${r.name}`} />
        ) : (
          <div className="muted small">{`${progress.done}/${progress.total}, ${progress.failed} failed`}</div>
        ))}
      </td>
      <td className={styles.num} data-testid="run-predictions">
        {r.predictions}
      </td>
      <td className={styles.num} data-testid="run-answered">
        {percentOf(r.answered, r.predictions)}
      </td>
      <td className={styles.num} data-testid="run-format">
        {percentOf(r.formatOk, r.predictions)}
      </td>
      <td data-testid="run-reviews">
        <span className={styles.reviews}>
          <span className={styles.ok}>{r.accepted} accepted</span>
          <span className={r.rejected ? styles.bad : undefined}>{r.rejected} rejected</span>
          <span>{r.needsFix} needs fix</span>
        </span>
      </td>
      <td className="small">
        {r.createdBy ?? "—"}
        <div className="muted">
          <time dateTime={r.createdAt}>{new Date(r.createdAt).toLocaleString()}</time>
        </div>
      </td>
      <td className={styles.num} data-testid="run-problems">
        {r.problemCount > 0 ? (
          <Link href={`/predictions/${r.id}#problems`} className={styles.bad}>
            {r.problemCount}
          </Link>
        ) : (
          0
        )}
      </td>
      <td>
        <div className={styles.actions}>
          {!manage && <span className="muted small">{r.createdBy ? `${r.createdBy}'s run` : ""}</span>}
          {manage && !renaming && (
            <button ref={renameButton} type="button" onClick={onRename} aria-label={`Rename ${r.name}`}>
              Rename
            </button>
          )}
          {manage && canCancel(r) && (
            <button type="button" onClick={onCancel} disabled={busy} aria-label={`Cancel ${r.name}`}>
              Cancel
            </button>
          )}
          {manage && canResume(r) && r.endpointName !== null && (
            <button type="button" onClick={onResume} disabled={busy} aria-label={`Resume ${r.name}`}>
              Resume
            </button>
          )}
          {manage && (
            <button type="button" onClick={onDelete} aria-label={`Delete ${r.name}`}>
              Delete
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

function RenameForm({ run, onDone }: { run: RunSummaryView; onDone(): void }) {
  const rename = useRenameRun();
  const [name, setName] = useState(run.name);
  const err = rename.error as ApiError | null;
  const errors = formErrors(err, ["name"]);
  const taken = err?.status === 409;
  const fieldError = taken ? `The name “${name.trim()}” is taken by another run.` : errors.fields.name ?? (err ? errors.summary ?? undefined : undefined);
  const id = `rename-${run.id}`;
  return (
    <form
      className={styles.inlineForm}
      aria-label={`Rename run ${run.name}`}
      data-testid="rename-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!name.trim() || name.trim() === run.name) return onDone();
        rename.mutate({ id: run.id, name }, { onSuccess: onDone });
      }}
    >
      <Field id={id} label="New name" error={fieldError}>
        {(a11y) => (
          <input
            {...a11y}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={200}
            autoFocus
            onKeyDown={(e) => {
              if (e.key === "Escape") onDone();
            }}
          />
        )}
      </Field>
      <div className={styles.buttons}>
        <button type="submit" className="primary" disabled={rename.isPending}>
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DeleteRunDialog({ run, onClose }: { run: RunSummaryView; onClose(): void }) {
  const del = useDeleteRun();
  const [typed, setTyped] = useState("");
  const errors = formErrors(del.error, ["confirm"]);
  const reviews = run.accepted + run.rejected + run.needsFix;
  return (
    <Modal titleId="delete-run-title" onClose={onClose} testId="delete-run-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (typed !== run.name) return;
          del.mutate({ id: run.id, confirm: typed }, { onSuccess: onClose });
        }}
      >
        <h2 id="delete-run-title">Delete run “{run.name}”?</h2>
        <p>
          This deletes the run, its {plural(run.predictions, "prediction")} and {plural(reviews, "chain review")}. It cannot be undone.
        </p>
        <Field
          id="delete-run-confirm"
          label={
            <>
              Type the run&apos;s name, <strong>{run.name}</strong>, to confirm
            </>
          }
          error={errors.fields.confirm}
        >
          {(a11y) => <input {...a11y} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />}
        </Field>
        {del.error && !errors.fields.confirm && <FormErrorBanner errors={errors} />}
        <div className="row">
          <button type="button" onClick={onClose}>
            Keep the run
          </button>
          <button type="submit" className={styles.dangerButton} disabled={typed !== run.name || del.isPending}>
            {del.isPending ? "Deleting…" : "Delete run"}
          </button>
        </div>
      </form>
    </Modal>
  );
}
