// Lead settings: the failure taxonomy and quality flags annotators choose from, four-eyes review,
// and each task's progress weighting and canonical subtask list.
"use client";
import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/client/api-client";
import { settingsKeys, taskKeys } from "@/lib/client/query-keys";
import { ZAnnotationSettingsPatchSchema, type TAnnotationSettingsPatch } from "@/lib/settings/annotation-schema";
import { useAnnotationSettings } from "@/components/workspace/use-workspace";
import type { AnnotationSettingsResponse } from "@/lib/contract/system";
import type { TaskListResponse, TaskRowView, TaskUpdateResponse } from "@/lib/contract/tasks";

// The answers' types come from the response contract (lib/contract/*), which the routes are checked against.
type TaskRow = TaskRowView;

const lines = (s: string) =>
  s
    .split("\n")
    .map((x) => x.trim())
    .filter(Boolean);

export function SettingsPage() {
  return (
    <section>
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      <TaxonomyForm />
      <ReviewForm />
      <TasksTable />
    </section>
  );
}

function TaxonomyForm() {
  const settings = useAnnotationSettings();
  const qc = useQueryClient();
  const [reasons, setReasons] = useState("");
  const [flags, setFlags] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data) {
      setReasons(settings.data.failureReasons.join("\n"));
      setFlags(settings.data.qualityFlags.join("\n"));
    }
  }, [settings.data]);
  const save = useMutation({
    mutationFn: (v: TAnnotationSettingsPatch) => api.put<AnnotationSettingsResponse>("/api/settings/annotation", v),
    onSuccess: (data) => qc.setQueryData(settingsKeys.annotation, data),
  });
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        if (!settings.data) return;
        // The API's own schema, checked here first so the lead reads the problem before sending.
        const checked = ZAnnotationSettingsPatchSchema.safeParse({ failureReasons: lines(reasons), qualityFlags: lines(flags) });
        setProblem(checked.success ? null : checked.error.issues.map((i) => i.message).join(" "));
        if (checked.success) save.mutate(checked.data);
      }}
    >
      <h2>Failure taxonomy and quality flags</h2>
      <p className="muted small">One per line. Annotations keep a reason or flag that is later removed here; annotators can no longer pick it.</p>
      <div className="row">
        <label>
          Failure reasons
          <textarea rows={8} value={reasons} onChange={(e) => setReasons(e.target.value)} aria-label="Failure reasons" />
        </label>
        <label>
          Quality flags
          <textarea rows={8} value={flags} onChange={(e) => setFlags(e.target.value)} aria-label="Quality flags" />
        </label>
      </div>
      <button type="submit" className="primary" disabled={save.isPending}>
        Save taxonomy
      </button>
      {save.isSuccess && !save.isPending && <span role="status"> Saved.</span>}
      {(problem ?? save.error) && (
        <p role="alert" className="error">
          {problem ?? save.error?.message}
        </p>
      )}
    </form>
  );
}

/** Four-eyes review: nobody approves their own annotation or a release they created (lib/auth/policy.ts). */
function ReviewForm() {
  const settings = useAnnotationSettings();
  const qc = useQueryClient();
  const [fourEyes, setFourEyes] = useState<boolean | null>(null);
  const value = fourEyes ?? settings.data?.fourEyes ?? true;
  const save = useMutation({
    mutationFn: (v: TAnnotationSettingsPatch) => api.put<AnnotationSettingsResponse>("/api/settings/annotation", v),
    onSuccess: (data) => {
      qc.setQueryData(settingsKeys.annotation, data);
      setFourEyes(null);
    },
  });
  return (
    <form
      className="card"
      aria-label="Review"
      onSubmit={(e) => {
        e.preventDefault();
        if (settings.data) save.mutate({ fourEyes: value });
      }}
    >
      <h2>Review</h2>
      <label className="checkbox">
        <input type="checkbox" checked={value} onChange={(e) => setFourEyes(e.target.checked)} disabled={!settings.data} />
        Four-eyes review: nobody approves their own work
      </label>
      <p className="muted small">
        When on, a lead cannot start the review of or approve an annotation they made, and cannot approve a release they created: another lead has
        to. Turn it off only when one lead works alone.
      </p>
      <button type="submit" className="primary" disabled={save.isPending || !settings.data || value === settings.data.fourEyes}>
        Save review settings
      </button>
      {save.isSuccess && !save.isPending && <span role="status"> Saved.</span>}
      {save.error && (
        <p role="alert" className="error">
          {save.error.message}
        </p>
      )}
    </form>
  );
}

function TasksTable() {
  const tasks = useQuery({ queryKey: taskKeys.list(), queryFn: () => api.get<TaskListResponse>("/api/tasks") });
  return (
    <div className="card">
      <h2>Tasks: progress labels</h2>
      <p className="muted small">
        Ground-truth progress gives each subtask an equal share, or a share proportional to its typical duration (median over the task&apos;s
        annotated episodes). Canonical subtasks are suggested first when labelling; a failed episode is scored against them, so it stays below
        100 %.
      </p>
      {tasks.isPending && <p className="muted">Loading tasks…</p>}
      {tasks.error && <p className="error">{tasks.error.message}</p>}
      {tasks.data && (
        <table className="grid" aria-label="Tasks">
          <thead>
            <tr>
              <th>Environment</th>
              <th>Task</th>
              <th>Episodes</th>
              <th>Progress weighting</th>
              <th>Label vocabulary: canonical subtasks (one per line)</th>
              <th aria-label="Save" />
            </tr>
          </thead>
          <tbody>
            {tasks.data.tasks.map((t) => (
              <TaskRowForm key={t.id} task={t} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function TaskRowForm({ task }: { task: TaskRow }) {
  const qc = useQueryClient();
  const [weighting, setWeighting] = useState(task.progressWeighting);
  const [subtasks, setSubtasks] = useState(task.canonicalSubtasks.join("\n"));
  const [closed, setClosed] = useState(task.vocabularyClosed);
  const save = useMutation({
    mutationFn: () => api.patch<TaskUpdateResponse>(`/api/tasks/${task.id}`, { progressWeighting: weighting, canonicalSubtasks: lines(subtasks), vocabularyClosed: closed }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: taskKeys.all });
    },
  });
  const dirty = weighting !== task.progressWeighting || closed !== task.vocabularyClosed || lines(subtasks).join("\n") !== task.canonicalSubtasks.join("\n");
  return (
    <tr>
      <td>{task.environment.name}</td>
      <td className="instruction">{task.instruction}</td>
      <td>{task.episodes}</td>
      <td>
        <select value={weighting} onChange={(e) => setWeighting(e.target.value as TaskRow["progressWeighting"])} aria-label={`Progress weighting for ${task.instruction}`}>
          <option value="EQUAL">Equal shares</option>
          <option value="DURATION">By typical duration</option>
        </select>
      </td>
      <td>
        <textarea rows={3} value={subtasks} onChange={(e) => setSubtasks(e.target.value)} aria-label={`Canonical subtasks for ${task.instruction}`} />
        <label className="choice small">
          <input type="checkbox" checked={closed} onChange={(e) => setClosed(e.target.checked)} aria-label={`Closed vocabulary for ${task.instruction}`} /> Closed: only these labels can be submitted
        </label>
      </td>
      <td>
        <button type="button" disabled={!dirty || save.isPending} onClick={() => save.mutate()}>
          Save
        </button>
        {save.error && <p className="error small">{save.error.message}</p>}
      </td>
    </tr>
  );
}
