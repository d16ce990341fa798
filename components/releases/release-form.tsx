// Define a release (a new one, or a draft's content): which episodes, how they split, and a live
// preview of the counts per split and environment before anything is saved.
"use client";
import { useMemo, useState } from "react";
import { useFacets } from "@/components/episodes/use-episodes";
import { formErrors } from "@/components/runs/format";
import { Field, FormErrorBanner } from "@/components/runs/ui";
import styles from "./releases.module.css";
import { EMPTY_RELEASE_FORM, pruneSelection, RELEASE_FIELDS, releaseBody, SPLIT_TAG_SHORT, SPLIT_TAGS, tasksInScope, toggle, type ReleaseBody, type ReleaseFormValues } from "./format";
import { SplitCountsTable, SplitWarnings } from "./split-counts";
import { useDebounced } from "@/lib/client/use-debounced";
import { useCreateRelease, useReleasePreview, useUpdateRelease } from "./use-releases";

const PREVIEW_DELAY_MS = 300;

type Props =
  | { mode: "create"; initial?: ReleaseFormValues; onDone(id: number): void; onCancel?(): void }
  | { mode: "edit"; releaseId: number; baseUpdatedAt: string; initial: ReleaseFormValues; onDone(id: number): void; onCancel(): void };

/** Which error each form value clears when it changes (errors are named as the server names them). */
const ERROR_OF: Partial<Record<keyof ReleaseFormValues, string>> = {
  name: "name",
  notes: "notes",
  episodeIdsText: "definition.episodeIds",
  idTestPercent: "splits.idTestPercent",
  seed: "splits.seed",
};

export function ReleaseForm(props: Props) {
  const facets = useFacets();
  const [values, setValues] = useState<ReleaseFormValues>(props.initial ?? EMPTY_RELEASE_FORM);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const create = useCreateRelease();
  const update = useUpdateRelease(props.mode === "edit" ? props.releaseId : 0);
  const save = props.mode === "create" ? create : update;
  const tasks = useMemo(() => facets.data?.tasks ?? [], [facets.data]);
  const environments = useMemo(() => facets.data?.environments ?? [], [facets.data]);
  const envName = useMemo(() => new Map(environments.map((e) => [e.id, e.name])), [environments]);
  const scopeTasks = tasksInScope(tasks, values.environmentIds);
  const [taskFilter, setTaskFilter] = useState("");
  const shownTasks = taskFilter.trim() ? scopeTasks.filter((t) => t.instruction.toLowerCase().includes(taskFilter.trim().toLowerCase())) : scopeTasks;

  // The preview follows the form a moment after the last change (the name and notes do not matter to it).
  const checked = releaseBody({ ...values, name: values.name.trim() || "preview" });
  const wanted: Pick<ReleaseBody, "definition" | "splits"> | null = checked.body ? { definition: checked.body.definition, splits: checked.body.splits } : null;
  const previewKey = wanted && JSON.stringify(wanted);
  const previewBody = useDebounced(wanted, PREVIEW_DELAY_MS);
  const preview = useReleasePreview(previewBody);

  const set = (next: Partial<ReleaseFormValues>) => {
    // Choices outside the chosen environments go, once the tasks are known (never on a guess).
    const prune = "environmentIds" in next && facets.data !== undefined;
    setValues((v) => (prune ? pruneSelection({ ...v, ...next }, tasks) : { ...v, ...next }));
    for (const k of Object.keys(next) as (keyof ReleaseFormValues)[]) {
      const err = ERROR_OF[k];
      if (err && clientErrors[err]) setClientErrors(({ [err]: _, ...rest }) => rest);
    }
  };
  const server = formErrors(save.error, RELEASE_FIELDS);
  const fieldError = (k: string) => clientErrors[k] ?? server.fields[k];
  const idPrefix = props.mode === "create" ? "new-release" : `release-${props.releaseId}`;

  return (
    <form
      aria-label={props.mode === "create" ? "New release" : "Edit release definition"}
      data-testid="release-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const r = releaseBody(values);
        if (!r.body) {
          setClientErrors(r.errors);
          document.getElementById(`${idPrefix}-${Object.keys(r.errors)[0]!.replace(".", "-")}`)?.focus();
          return;
        }
        setClientErrors({});
        if (props.mode === "create") create.mutate(r.body, { onSuccess: (res) => props.onDone(res.release.id) });
        else update.mutate({ notes: r.body.notes, definition: r.body.definition, splits: r.body.splits, baseUpdatedAt: props.baseUpdatedAt }, { onSuccess: () => props.onDone(props.releaseId) });
      }}
    >
      <div className={styles.grid2}>
        <div>
          <section className="card" aria-labelledby={`${idPrefix}-what`}>
            <h2 id={`${idPrefix}-what`}>What goes in</h2>
            {props.mode === "create" ? (
              <Field id={`${idPrefix}-name`} label="Name" error={fieldError("name")} hint="A release of the same name gets the next version number.">
                {(a) => <input {...a} value={values.name} maxLength={120} onChange={(e) => set({ name: e.target.value })} autoFocus />}
              </Field>
            ) : null}
            {facets.isPending && <p className="muted">Loading environments and tasks…</p>}
            {facets.error && (
              <p role="alert" className="error">
                {facets.error.message}
              </p>
            )}
            <fieldset className={styles.choices}>
              <legend>Environments</legend>
              <p className="muted small">None ticked: every environment.</p>
              <div className={styles.choiceList} data-testid="release-environments">
                {environments.map((env) => (
                  <label key={env.id}>
                    <input type="checkbox" checked={values.environmentIds.includes(env.id)} onChange={(e) => set({ environmentIds: toggle(values.environmentIds, env.id, e.target.checked) })} />
                    {env.name}
                  </label>
                ))}
              </div>
            </fieldset>
            <fieldset className={styles.choices}>
              <legend>Tasks</legend>
              <p className="muted small">None ticked: every task of the chosen environments.</p>
              {scopeTasks.length > 8 && (
                <input type="search" aria-label="Filter tasks" placeholder="Filter tasks" value={taskFilter} onChange={(e) => setTaskFilter(e.target.value)} />
              )}
              <div className={styles.choiceList} data-testid="release-tasks">
                {shownTasks.map((t) => (
                  <label key={t.id}>
                    <input type="checkbox" checked={values.taskIds.includes(t.id)} onChange={(e) => set({ taskIds: toggle(values.taskIds, t.id, e.target.checked) })} />
                    <span>
                      {t.instruction} <span className={styles.env}>{envName.get(t.environmentId)}</span>
                    </span>
                  </label>
                ))}
                {scopeTasks.length === 0 && !facets.isPending && <span className="muted small">No tasks.</span>}
              </div>
            </fieldset>
            <Field id={`${idPrefix}-definition-episodeIds`} label="Only these episodes (optional)" error={fieldError("definition.episodeIds")} hint="Episode ids separated by commas or spaces; empty: every episode of the chosen tasks.">
              {(a) => <input {...a} value={values.episodeIdsText} onChange={(e) => set({ episodeIdsText: e.target.value })} placeholder="e.g. 12, 15, 40" />}
            </Field>
            <label className={styles.check}>
              <input type="checkbox" checked={values.onlyWithAcceptedChains} onChange={(e) => set({ onlyWithAcceptedChains: e.target.checked })} />
              Only episodes with an accepted chain of thought
            </label>
            <p className="muted small">Only episodes with an approved annotation are included; the latest approved annotation is the one frozen.</p>
          </section>

          <section className="card" aria-labelledby={`${idPrefix}-splits`}>
            <h2 id={`${idPrefix}-splits`}>Splits</h2>
            <p className="muted small">
              Splits are assigned by task, as in PRIMO: held-out environments are OOD cross-environment test data, test tasks are OOD cross-task test data, and
              a fixed share of every other task&apos;s episodes is held out as in-domain test data.
            </p>
            <fieldset className={styles.choices}>
              <legend>Held-out environments (OOD cross-env)</legend>
              <div className={styles.choiceList} data-testid="release-heldout">
                {environments
                  .filter((e) => !values.environmentIds.length || values.environmentIds.includes(e.id))
                  .map((env) => (
                    <label key={env.id}>
                      <input
                        type="checkbox"
                        checked={values.heldOutEnvironmentIds.includes(env.id)}
                        onChange={(e) => set({ heldOutEnvironmentIds: toggle(values.heldOutEnvironmentIds, env.id, e.target.checked) })}
                      />
                      {env.name}
                    </label>
                  ))}
              </div>
            </fieldset>
            <fieldset className={styles.choices}>
              <legend>Test tasks (OOD cross-task)</legend>
              <div className={styles.choiceList} data-testid="release-test-tasks">
                {(values.taskIds.length ? scopeTasks.filter((t) => values.taskIds.includes(t.id)) : scopeTasks)
                  .filter((t) => !values.heldOutEnvironmentIds.includes(t.environmentId))
                  .map((t) => (
                    <label key={t.id}>
                      <input type="checkbox" checked={values.testTaskIds.includes(t.id)} onChange={(e) => set({ testTaskIds: toggle(values.testTaskIds, t.id, e.target.checked) })} />
                      <span>
                        {t.instruction} <span className={styles.env}>{envName.get(t.environmentId)}</span>
                      </span>
                    </label>
                  ))}
              </div>
            </fieldset>
            <div className="row">
              <Field id={`${idPrefix}-splits-idTestPercent`} label="In-domain test share (%)" error={fieldError("splits.idTestPercent")} hint="0–50. Each episode of a training task is held out with this chance, decided by a hash of the seed and its key, so it keeps its split across versions; with few episodes the share is approximate.">
                {(a) => <input {...a} inputMode="decimal" value={values.idTestPercent} onChange={(e) => set({ idTestPercent: e.target.value })} />}
              </Field>
              <Field id={`${idPrefix}-splits-seed`} label="Split seed" error={fieldError("splits.seed")} hint="Which episodes are held out; an episode keeps its split across versions with the same seed.">
                {(a) => <input {...a} inputMode="numeric" value={values.seed} onChange={(e) => set({ seed: e.target.value })} />}
              </Field>
            </div>
          </section>

          <section className="card" aria-labelledby={`${idPrefix}-notes-title`}>
            <h2 id={`${idPrefix}-notes-title`}>Release notes</h2>
            <Field id={`${idPrefix}-notes`} label="Notes" error={fieldError("notes")}>
              {(a) => <textarea {...a} rows={5} maxLength={20_000} value={values.notes} onChange={(e) => set({ notes: e.target.value })} />}
            </Field>
          </section>
        </div>

        <section className={`card ${styles.preview}`} aria-labelledby={`${idPrefix}-preview`} data-testid="release-preview">
          <h2 id={`${idPrefix}-preview`}>Preview</h2>
          {!previewKey && <p className="muted">Fix the highlighted fields to see the counts.</p>}
          {preview.error && (
            <p role="alert" className="error">
              {preview.error.message}
            </p>
          )}
          {preview.data && (
            <div className={preview.isFetching || previewKey !== JSON.stringify(previewBody) ? styles.stale : undefined}>
              <p aria-live="polite">
                <strong data-testid="preview-episodes">{preview.data.episodes}</strong> episodes with an approved annotation:{" "}
                {SPLIT_TAGS.map((t) => `${preview.data.total[t]} ${SPLIT_TAG_SHORT[t]}`).join(", ")}.
              </p>
              <SplitCountsTable total={preview.data.total} environments={preview.data.environments} label="Episodes per split (preview)" />
              <SplitWarnings warnings={preview.data.warnings} />
              {preview.data.offVocabulary.length > 0 && (
                <div className="banner small" data-testid="off-vocabulary">
                  <strong>Labels off their task&apos;s vocabulary</strong> (they go into the release as written):
                  <ul>
                    {preview.data.offVocabulary.map((o) => (
                      <li key={`${o.taskId}-${o.label}`}>
                        “{o.label}” in {o.instruction}: {o.segments} segment{o.segments === 1 ? "" : "s"} on {o.episodes} episode{o.episodes === 1 ? "" : "s"}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <p className="muted small">{preview.data.rules.splits}</p>
            </div>
          )}
          {!preview.data && previewKey && !preview.error && <p className="muted">Counting…</p>}
          <FormErrorBanner errors={server} testId="release-form-error" />
          <div className={styles.actions}>
            <button type="submit" className="primary" disabled={save.isPending}>
              {props.mode === "create" ? "Save draft" : "Save changes"}
            </button>
            {props.onCancel && (
              <button type="button" onClick={props.onCancel}>
                Cancel
              </button>
            )}
          </div>
        </section>
      </div>
    </form>
  );
}
