// Send episodes to a configured model endpoint; the run then shows its progress in the table.
"use client";
import { useState } from "react";
import Link from "next/link";
import { useFacets } from "@/components/episodes/use-episodes";
import type { ApiError } from "@/lib/client/api-client";
import styles from "./runs.module.css";
import { formErrors, readProgress, SPLIT_OPTIONS, startRunBody, type StartRunFormValues } from "./format";
import { Field, FormErrorBanner } from "./ui";
import { useEndpoints } from "./use-endpoints";
import { useStartModelRun } from "./use-runs";

// More specific names first: formErrors gives a param to the first field it falls under.
const FIELDS = ["endpointId", "name", "description", "episodes.ids", "episodes.limit", "episodes", "queriesPerEpisode", "framesPerSample", "imageWidth", "camera"] as const;

const INITIAL: StartRunFormValues = {
  endpointId: "",
  name: "",
  description: "",
  mode: "filter",
  environmentId: "",
  taskId: "",
  split: "",
  ids: "",
  limit: "100",
  queriesPerEpisode: "8",
  framesPerSample: "32",
  imageWidth: "640",
  camera: "",
};

export function RunModelCard() {
  const endpoints = useEndpoints();
  const facets = useFacets();
  const start = useStartModelRun();
  const [values, setValues] = useState<StartRunFormValues>(INITIAL);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof StartRunFormValues>(k: K, v: StartRunFormValues[K]) => setValues((s) => ({ ...s, [k]: v }));

  const err = start.error as ApiError | null;
  const server = formErrors(err, FIELDS);
  if (err?.status === 409) server.fields.name = server.summary ?? "A run with this name exists already.";
  if (err?.status === 404) server.fields.endpointId = server.summary ?? "The endpoint was not found.";
  const fieldError = (k: string) => clientErrors[k] ?? server.fields[k];
  const tasks = facets.data?.tasks.filter((t) => !values.environmentId || t.environmentId === Number(values.environmentId)) ?? [];
  const started = start.data?.run;
  const startedProgress = started && readProgress(started.progress);

  return (
    <form
      className="card"
      aria-labelledby="run-model-title"
      data-testid="run-model-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const r = startRunBody(values);
        if ("errors" in r) {
          setClientErrors(r.errors);
          return;
        }
        setClientErrors({});
        start.mutate(r.body);
      }}
    >
      <h2 id="run-model-title">Run a model</h2>
      <p className="muted small">
        Sends PRIMO-style questions about the chosen episodes to a model endpoint, a few query frames per episode. Answers are saved as they
        arrive; a stopped run can be resumed and skips what is already answered.
      </p>
      <div className="row">
        <Field id="run-endpoint" label="Endpoint" error={fieldError("endpointId")}>
          {(a11y) => (
            <select {...a11y} value={values.endpointId} onChange={(e) => set("endpointId", e.target.value)} required>
              <option value="">{endpoints.data?.items.length === 0 ? "Add an endpoint below first" : "Choose an endpoint…"}</option>
              {endpoints.data?.items.map((ep) => (
                <option key={ep.id} value={ep.id}>
                  {ep.name} — {ep.model}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="run-name" label="Run name" error={fieldError("name")}>
          {(a11y) => <input {...a11y} value={values.name} onChange={(e) => set("name", e.target.value)} required maxLength={200} autoComplete="off" />}
        </Field>
        <Field id="run-description" label="Description (optional)" error={fieldError("description")}>
          {(a11y) => <input {...a11y} value={values.description} onChange={(e) => set("description", e.target.value)} maxLength={5000} />}
        </Field>
      </div>

      <fieldset aria-describedby={fieldError("episodes") ? "run-episodes-error" : undefined}>
        <legend>Episodes</legend>
        <div className="choices" role="radiogroup" aria-label="Choose episodes by">
          <label className="choice">
            <input type="radio" name="run-episode-mode" checked={values.mode === "filter"} onChange={() => set("mode", "filter")} />
            By environment, task or split
          </label>
          <label className="choice">
            <input type="radio" name="run-episode-mode" checked={values.mode === "ids"} onChange={() => set("mode", "ids")} />
            By episode ids
          </label>
        </div>
        {values.mode === "filter" ? (
          <div className="row">
            <Field id="run-environment" label="Environment">
              {(a11y) => (
                <select
                  {...a11y}
                  value={values.environmentId}
                  onChange={(e) => setValues((s) => ({ ...s, environmentId: e.target.value, taskId: "" }))}
                >
                  <option value="">Any environment</option>
                  {facets.data?.environments.map((env) => (
                    <option key={env.id} value={env.id}>
                      {env.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="run-task" label="Task">
              {(a11y) => (
                <select {...a11y} value={values.taskId} onChange={(e) => set("taskId", e.target.value)}>
                  <option value="">Any task</option>
                  {tasks.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.instruction}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="run-split" label="Benchmark split">
              {(a11y) => (
                <select {...a11y} value={values.split} onChange={(e) => set("split", e.target.value)}>
                  <option value="">Any split</option>
                  {SPLIT_OPTIONS.map(([v, l]) => (
                    <option key={v} value={v}>
                      {l}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        ) : (
          <Field id="run-ids" label="Episode ids" error={fieldError("episodes.ids")} hint="Separated by commas or spaces, e.g. 12, 15, 40.">
            {(a11y) => <input {...a11y} value={values.ids} onChange={(e) => set("ids", e.target.value)} inputMode="numeric" autoComplete="off" />}
          </Field>
        )}
        <div className="row">
          <Field id="run-limit" label="At most this many episodes" error={fieldError("episodes.limit")}>
            {(a11y) => <input {...a11y} type="number" min={1} max={10000} value={values.limit} onChange={(e) => set("limit", e.target.value)} />}
          </Field>
        </div>
        {fieldError("episodes") && (
          <p id="run-episodes-error" className={styles.fieldError} data-testid="run-episodes-error">
            {fieldError("episodes")}
          </p>
        )}
      </fieldset>

      <div className="row">
        <Field id="run-queries" label="Queries per episode" error={fieldError("queriesPerEpisode")} hint="Query frames spread evenly, ending on the last frame.">
          {(a11y) => <input {...a11y} type="number" min={1} max={100} value={values.queriesPerEpisode} onChange={(e) => set("queriesPerEpisode", e.target.value)} />}
        </Field>
        <Field id="run-frames" label="Frames per sample" error={fieldError("framesPerSample")} hint="PRIMO evaluates with 32.">
          {(a11y) => <input {...a11y} type="number" min={2} max={64} value={values.framesPerSample} onChange={(e) => set("framesPerSample", e.target.value)} />}
        </Field>
        <Field id="run-width" label="Image width" error={fieldError("imageWidth")}>
          {(a11y) => (
            <select {...a11y} value={values.imageWidth} onChange={(e) => set("imageWidth", e.target.value as StartRunFormValues["imageWidth"])}>
              <option value="640">640 px</option>
              <option value="320">320 px</option>
            </select>
          )}
        </Field>
        <Field id="run-camera" label="Camera (optional)" error={fieldError("camera")} hint="Blank: each episode's main camera.">
          {(a11y) => <input {...a11y} value={values.camera} onChange={(e) => set("camera", e.target.value)} maxLength={200} />}
        </Field>
      </div>
      {start.error && <FormErrorBanner errors={server} testId="run-model-error" />}
      <div className="row">
        <button type="submit" className="primary" disabled={start.isPending}>
          {start.isPending ? "Starting…" : "Start run"}
        </button>
        {started && !start.isPending && (
          <span role="status" data-testid="run-model-started">
            Run <Link href={`/predictions/${started.id}`}>“{started.name}”</Link> queued
            {startedProgress ? ` with ${startedProgress.total} samples` : ""}; its progress shows in the table above.
          </span>
        )}
      </div>
    </form>
  );
}
