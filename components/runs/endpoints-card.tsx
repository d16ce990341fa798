// OpenAI-compatible chat endpoints a run can be sent to. The API key is write-only: the
// server only says whether one is stored.
"use client";
import { useState } from "react";
import type { ApiError } from "@/lib/client/api-client";
import styles from "./runs.module.css";
import { ENDPOINT_DEFAULTS, endpointBody, formErrors, type EndpointFormValues } from "./format";
import { Field, FormErrorBanner, Modal } from "./ui";
import { useDeleteEndpoint, useEndpoints, useSaveEndpoint, useTestEndpoint, type EndpointView } from "./use-endpoints";
import { can } from "@/lib/auth/policy";
import { useMe } from "@/lib/client/use-me";

const FIELDS = ["name", "baseUrl", "model", "apiKey", "videoMode", "requestsPerMinute", "concurrency", "maxTokens", "temperature", "timeoutSec"] as const;

function toValues(e: EndpointView): EndpointFormValues {
  return {
    name: e.name,
    baseUrl: e.baseUrl,
    model: e.model,
    apiKey: "",
    removeKey: false,
    videoMode: e.videoMode,
    requestsPerMinute: String(e.requestsPerMinute),
    concurrency: String(e.concurrency),
    maxTokens: String(e.maxTokens),
    temperature: String(e.temperature),
    timeoutSec: String(e.timeoutSec),
  };
}

export function EndpointsCard() {
  const endpoints = useEndpoints();
  /** "new", an endpoint id being edited, or null. */
  const [editing, setEditing] = useState<"new" | number | null>(null);
  const [deleting, setDeleting] = useState<EndpointView | null>(null);
  const editedEndpoint = typeof editing === "number" ? endpoints.data?.items.find((e) => e.id === editing) : undefined;

  return (
    <section className="card" aria-labelledby="endpoints-title" data-testid="endpoints-card">
      <h2 id="endpoints-title">Model endpoints</h2>
      <p className="muted small">
        OpenAI-compatible chat-completions servers (vLLM, SGLang, OpenAI…). The base URL ends in <code>/v1</code>. API keys are stored for the run
        jobs and never shown again.
      </p>
      {endpoints.error && (
        <p role="alert" className="error">
          {endpoints.error.message}
        </p>
      )}
      {endpoints.data && endpoints.data.items.length > 0 && (
        <div className={styles.tableWrap}>
          <table className="grid" aria-label="Model endpoints">
            <thead>
              <tr>
                <th>Name</th>
                <th>Base URL</th>
                <th>Model</th>
                <th>Frames sent as</th>
                <th>Limits</th>
                <th>API key</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.data.items.map((e) => (
                <EndpointRow key={e.id} endpoint={e} onEdit={() => setEditing(e.id)} onDelete={() => setDeleting(e)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {endpoints.data?.items.length === 0 && <p className="muted">No endpoints yet.</p>}
      {editing === null ? (
        <button type="button" onClick={() => setEditing("new")}>
          Add endpoint
        </button>
      ) : editing === "new" ? (
        <EndpointForm key="new" onDone={() => setEditing(null)} />
      ) : editedEndpoint ? (
        <EndpointForm key={editedEndpoint.id} endpoint={editedEndpoint} onDone={() => setEditing(null)} />
      ) : null}
      {deleting && <DeleteEndpointDialog endpoint={deleting} onClose={() => setDeleting(null)} />}
    </section>
  );
}

function EndpointRow({ endpoint: e, onEdit, onDelete }: { endpoint: EndpointView; onEdit(): void; onDelete(): void }) {
  const test = useTestEndpoint();
  // Its maker and leads change or delete it (lib/auth/policy.ts); anyone may test it.
  const me = useMe().data;
  const manage = !!me && can(me, "endpoint.manage", { createdById: e.createdById });
  return (
    <tr data-testid="endpoint-row" data-endpoint-name={e.name}>
      <td>{e.name}</td>
      <td className="path">{e.baseUrl}</td>
      <td>{e.model}</td>
      <td>{e.videoMode === "video" ? "one video" : "images"}</td>
      <td className="small">
        {e.requestsPerMinute}/min, {e.concurrency} at once
        <div className="muted">
          {e.maxTokens} tokens, T={e.temperature}, {e.timeoutSec} s timeout
        </div>
      </td>
      <td data-testid="endpoint-key">{e.hasApiKey ? <span className="pill">key set</span> : <span className="muted small">none</span>}</td>
      <td>
        <div className={styles.actions}>
          <button type="button" onClick={() => test.mutate(e.id)} disabled={test.isPending} aria-label={`Test connection to ${e.name}`}>
            {test.isPending ? "Testing…" : "Test connection"}
          </button>
          {manage && (
            <>
              <button type="button" onClick={onEdit} aria-label={`Edit ${e.name}`}>
                Edit
              </button>
              <button type="button" onClick={onDelete} aria-label={`Delete ${e.name}`}>
                Delete
              </button>
            </>
          )}
        </div>
        {test.data && (
          <p role="status" className={`small ${test.data.ok && test.data.modelListed ? styles.ok : styles.bad}`} data-testid="endpoint-test-result">
            {test.data.message}
          </p>
        )}
        {test.error && (
          <p role="alert" className={`small ${styles.bad}`} data-testid="endpoint-test-result">
            {test.error.message}
          </p>
        )}
      </td>
    </tr>
  );
}

function EndpointForm({ endpoint, onDone }: { endpoint?: EndpointView; onDone(): void }) {
  const save = useSaveEndpoint();
  const [values, setValues] = useState<EndpointFormValues>(endpoint ? toValues(endpoint) : ENDPOINT_DEFAULTS);
  const set = <K extends keyof EndpointFormValues>(k: K, v: EndpointFormValues[K]) => setValues((s) => ({ ...s, [k]: v }));
  const err = save.error as ApiError | null;
  const errors = formErrors(err, FIELDS);
  // Endpoint names are unique; the server's 409 does not say which field.
  if (err?.status === 409) errors.fields.name = "Another endpoint has this name.";
  const editing = !!endpoint;
  const p = editing ? `endpoint-${endpoint.id}` : "endpoint-new";

  return (
    <form
      aria-label={editing ? `Edit endpoint ${endpoint.name}` : "New endpoint"}
      data-testid="endpoint-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ id: endpoint?.id, body: endpointBody(values, editing) }, { onSuccess: onDone });
      }}
    >
      <h3>{editing ? `Edit “${endpoint.name}”` : "New endpoint"}</h3>
      <div className="row">
        <Field id={`${p}-name`} label="Name" error={errors.fields.name}>
          {(a11y) => <input {...a11y} value={values.name} onChange={(e) => set("name", e.target.value)} required maxLength={100} autoFocus />}
        </Field>
        <Field id={`${p}-baseUrl`} label="Base URL" error={errors.fields.baseUrl} hint="e.g. http://gpu-1:8000/v1">
          {(a11y) => <input {...a11y} type="url" value={values.baseUrl} onChange={(e) => set("baseUrl", e.target.value)} required spellCheck={false} />}
        </Field>
        <Field id={`${p}-model`} label="Model" error={errors.fields.model} hint="The model name the server serves.">
          {(a11y) => <input {...a11y} value={values.model} onChange={(e) => set("model", e.target.value)} required maxLength={200} spellCheck={false} />}
        </Field>
      </div>
      <div className="row">
        <Field
          id={`${p}-apiKey`}
          label="API key"
          error={errors.fields.apiKey}
          hint={
            editing
              ? endpoint.hasApiKey
                ? "A key is set. Leave blank to keep it."
                : "No key is set. Leave blank for none."
              : "Optional. Stored, never shown again."
          }
        >
          {(a11y) => (
            <input
              {...a11y}
              type="password"
              value={values.apiKey}
              onChange={(e) => set("apiKey", e.target.value)}
              autoComplete="new-password"
              disabled={values.removeKey}
              maxLength={500}
            />
          )}
        </Field>
        {editing && endpoint.hasApiKey && (
          <label className="inline">
            <input type="checkbox" checked={values.removeKey} onChange={(e) => setValues((s) => ({ ...s, removeKey: e.target.checked, apiKey: "" }))} />
            Remove key
          </label>
        )}
        <Field id={`${p}-videoMode`} label="Frames sent as" error={errors.fields.videoMode}>
          {(a11y) => (
            <select {...a11y} value={values.videoMode} onChange={(e) => set("videoMode", e.target.value as EndpointFormValues["videoMode"])}>
              <option value="frames">Separate images</option>
              <option value="video">One video (vLLM video_url)</option>
            </select>
          )}
        </Field>
      </div>
      <div className="row">
        <Field id={`${p}-rpm`} label="Requests per minute" error={errors.fields.requestsPerMinute}>
          {(a11y) => <input {...a11y} type="number" min={1} max={10000} value={values.requestsPerMinute} onChange={(e) => set("requestsPerMinute", e.target.value)} required />}
        </Field>
        <Field id={`${p}-concurrency`} label="Concurrent requests" error={errors.fields.concurrency}>
          {(a11y) => <input {...a11y} type="number" min={1} max={64} value={values.concurrency} onChange={(e) => set("concurrency", e.target.value)} required />}
        </Field>
        <Field id={`${p}-maxTokens`} label="Max tokens" error={errors.fields.maxTokens}>
          {(a11y) => <input {...a11y} type="number" min={16} max={32768} value={values.maxTokens} onChange={(e) => set("maxTokens", e.target.value)} required />}
        </Field>
        <Field id={`${p}-temperature`} label="Temperature" error={errors.fields.temperature}>
          {(a11y) => <input {...a11y} type="number" min={0} max={2} step={0.05} value={values.temperature} onChange={(e) => set("temperature", e.target.value)} required />}
        </Field>
        <Field id={`${p}-timeout`} label="Timeout (s)" error={errors.fields.timeoutSec}>
          {(a11y) => <input {...a11y} type="number" min={5} max={3600} value={values.timeoutSec} onChange={(e) => set("timeoutSec", e.target.value)} required />}
        </Field>
      </div>
      {save.error && <FormErrorBanner errors={errors} testId="endpoint-error" />}
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {editing ? "Save endpoint" : "Add endpoint"}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DeleteEndpointDialog({ endpoint, onClose }: { endpoint: EndpointView; onClose(): void }) {
  const del = useDeleteEndpoint();
  return (
    <Modal titleId="delete-endpoint-title" onClose={onClose} testId="delete-endpoint-dialog">
      <h2 id="delete-endpoint-title">Delete endpoint “{endpoint.name}”?</h2>
      <p>Runs made with it keep their predictions; they can no longer be resumed.</p>
      {del.error && (
        <p role="alert" className="error">
          {del.error.message}
        </p>
      )}
      <div className="row">
        <button type="button" onClick={onClose} data-autofocus>
          Keep it
        </button>
        <button type="button" className={styles.dangerButton} disabled={del.isPending} onClick={() => del.mutate(endpoint.id, { onSuccess: onClose })}>
          Delete endpoint
        </button>
      </div>
    </Modal>
  );
}
