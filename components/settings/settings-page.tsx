// Lead settings: the failure taxonomy and quality flags annotators choose from, and each task's
// progress weighting and canonical subtask list.
"use client";
import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/client/api-client";
import { settingsKeys, taskKeys } from "@/lib/client/query-keys";
import type { TAnnotationSettings } from "@/lib/settings/annotation-settings";
import { useAnnotationSettings } from "@/components/workspace/use-workspace";

interface TaskRow {
  id: number;
  key: string;
  instruction: string;
  progressWeighting: "EQUAL" | "DURATION";
  canonicalSubtasks: string[];
  environment: { id: number; name: string };
  episodes: number;
}

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
      <TasksTable />
    </section>
  );
}

function TaxonomyForm() {
  const settings = useAnnotationSettings();
  const qc = useQueryClient();
  const [reasons, setReasons] = useState("");
  const [flags, setFlags] = useState("");
  useEffect(() => {
    if (settings.data) {
      setReasons(settings.data.failureReasons.join("\n"));
      setFlags(settings.data.qualityFlags.join("\n"));
    }
  }, [settings.data]);
  const save = useMutation({
    mutationFn: (v: TAnnotationSettings) => api.put<TAnnotationSettings>("/api/settings/annotation", v),
    onSuccess: (data) => qc.setQueryData(settingsKeys.annotation, data),
  });
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ failureReasons: lines(reasons), qualityFlags: lines(flags) });
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
      {save.error && (
        <p role="alert" className="error">
          {save.error.message}
        </p>
      )}
    </form>
  );
}

function TasksTable() {
  const tasks = useQuery({ queryKey: taskKeys.list(), queryFn: () => api.get<{ tasks: TaskRow[] }>("/api/tasks") });
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
              <th>Canonical subtasks (one per line)</th>
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
  const save = useMutation({
    mutationFn: () => api.patch(`/api/tasks/${task.id}`, { progressWeighting: weighting, canonicalSubtasks: lines(subtasks) }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: taskKeys.all });
    },
  });
  const dirty = weighting !== task.progressWeighting || lines(subtasks).join("\n") !== task.canonicalSubtasks.join("\n");
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
