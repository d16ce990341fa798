// A release's exports: start one (formats and sampling), watch its progress with the time left,
// cancel or resume it, and download the manifest of a finished one.
"use client";
import { useEffect, useRef, useState } from "react";
import { formErrors, plural } from "@/components/runs/format";
import { Field, FormErrorBanner } from "@/components/runs/ui";
import { formatDuration, formatEta, formatStall } from "@/lib/export/progress";
import styles from "./releases.module.css";
import { DEFAULT_EXPORT_FORM, EXPORT_FIELDS, exportConfig, FORMAT_INFO, FORMAT_ORDER, formatContents, formatLabels, querySummary, shortHash, type ExportFormValues } from "./format";
import { useDebounced } from "@/lib/client/use-debounced";
import { useMe } from "@/lib/client/use-me";
import { can } from "@/lib/auth/policy";
import { api } from "@/lib/client/api-client";
import type { ExportLinksResponse } from "@/lib/contract/exports";

/** The format contents follow the form this long after its last change. */
const PREVIEW_DELAY_MS = 300;
import { isExportActive, useExportControl, useExportPreview, useExports, useStartExport, type ExportView } from "./use-releases";

/** The control each configuration error belongs to (focused when the form is refused). */
const FIELD_ID: Record<string, string> = {
  "config.formats": "export-format-first",
  "config.maxFrames": "export-max-frames",
  "config.seed": "export-seed",
  "config.shardSize": "export-shard-size",
  "config.imageWidth": "export-width",
  "config.mediaRoot": "export-media-root",
};

const PHASE_LABEL: Record<string, string> = {
  PLAN: "planning",
  MEDIA: "extracting frames and clips",
  RECORDS: "writing record shards",
  FINALIZE: "writing the manifest and publishing",
  DONE: "done",
};

export function ExportPanel({ releaseId, releaseStatus }: { releaseId: number; releaseStatus: string }) {
  const exports = useExports(releaseId);
  const [open, setOpen] = useState(false);
  const newButton = useRef<HTMLButtonElement>(null);
  // A draft has nothing frozen to export; exports made before it went back to draft stay listed.
  const canStart = releaseStatus !== "DRAFT";
  if (!canStart && !exports.data?.exports.length) return null;
  return (
    <section className="card" aria-labelledby="exports-title" data-testid="export-panel">
      <div className={styles.sectionHead}>
        <h2 id="exports-title">Exports</h2>
        {!open && canStart && (
          <button type="button" className="primary" ref={newButton} onClick={() => setOpen(true)}>
            New export
          </button>
        )}
      </div>
      {!canStart && <p className="muted small">The release is a draft again: these exports are of its earlier frozen content.</p>}
      {canStart && releaseStatus !== "PUBLISHED" && (
        <p className="banner small">This release is not published yet. Its content is frozen, so an export of it now is exactly what publishing will release.</p>
      )}
      {open && (
        <ExportForm
          releaseId={releaseId}
          onClose={() => {
            setOpen(false);
            // Back to the button that opened the form (it renders again on the next frame).
            requestAnimationFrame(() => newButton.current?.focus());
          }}
        />
      )}
      {exports.error && (
        <p role="alert" className="error">
          {exports.error.message}
        </p>
      )}
      {exports.data && exports.data.exports.length === 0 && !open && <p className="muted">No export of this release yet.</p>}
      {exports.data && exports.data.exports.length > 0 && (
        <div style={{ overflowX: "auto" }}>
          <table className="grid" aria-label="Exports of this release">
            <thead>
              <tr>
                <th scope="col">Export</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col">Formats</th>
                <th scope="col">Output</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {exports.data.exports.map((e) => (
                <ExportRow key={e.id} releaseId={releaseId} job={e} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ExportRow({ releaseId, job: e }: { releaseId: number; job: ExportView }) {
  const cancel = useExportControl(releaseId, "cancel");
  const resume = useExportControl(releaseId, "resume");
  const active = isExportActive(e.status);
  const eta = active ? formatStall(e.progress.stalledSeconds) || `${formatEta(e.progress.etaSeconds)}${e.progress.etaSeconds !== null && e.progress.etaMediaOnly ? " for frames and clips" : ""}` : "";
  const pct = Math.floor(e.progress.fraction * 100);
  const phase = PHASE_LABEL[e.phase] ?? e.phase.toLowerCase();
  const config = e.config as { seed?: number; queries?: { mode: string; count?: number; stride?: number }; videoMode?: string; layout?: string };
  const error = cancel.error ?? resume.error;
  // Its starter and leads cancel or resume it (lib/auth/policy.ts export.manage).
  const me = useMe().data;
  const manage = !!me && can(me, "export.manage", { createdById: e.createdById });
  return (
    <tr className={styles.exportRow} data-testid="export-row" data-export-id={e.id}>
      <td>
        #{e.id}
        <div className="muted small">
          <time dateTime={e.createdAt}>{new Date(e.createdAt).toLocaleString()}</time>
          {e.createdBy ? ` · ${e.createdBy.name}` : ""}
          {e.startedAt && e.finishedAt && <div>took {formatDuration((Date.parse(e.finishedAt) - Date.parse(e.startedAt)) / 1000)}</div>}
        </div>
      </td>
      <td>
        <span className={`pill job-${e.status.toLowerCase()}`} data-testid="export-status">
          {e.status.toLowerCase()}
        </span>
      </td>
      <td>
        <div className={styles.progress}>
          <progress
            max={100}
            value={pct}
            aria-label={`Progress of export ${e.id}`}
            aria-valuetext={`${pct} %${eta ? `, ${eta}` : ""}`}
            data-testid="export-progress"
          />
          <span className={styles.progressText} data-testid="export-progress-text">
            {pct} %{active ? ` · ${phase}` : ""}
            {e.total > 0 ? ` · ${e.done}/${plural(e.total, "unit")}` : ""}
            {eta ? ` · ${eta}` : ""}
          </span>
        </div>
        {active && e.progress.retrying && (
          <p className="small" data-testid="export-retrying">
            Retrying {e.progress.retrying.key}: {e.progress.retrying.error}
          </p>
        )}
        {e.error && (
          <p className="error small" data-testid="export-error">
            {e.error}
          </p>
        )}
      </td>
      <td className="small">
        {formatLabels(e.formats)}
        <div className="muted">
          seed {config.seed ?? e.seed}
          {config.queries ? ` · ${querySummary(config.queries)}` : ""}
          {config.videoMode ? ` · V_seq as ${config.videoMode === "clip" ? "clips" : "frames"}` : ""}
          {config.layout === "webdataset" ? " · WebDataset" : ""}
        </div>
      </td>
      <td className="small">
        {e.outputUri ? <span className={styles.path}>{e.outputUri.replace(/^local:/, "")}</span> : <span className="muted">—</span>}
        {e.manifestSha256 && <div className="muted">manifest sha256 {shortHash(e.manifestSha256)}</div>}
      </td>
      <td>
        <div className={styles.actions} style={{ margin: 0 }}>
          {e.status === "SUCCEEDED" && (
            <a href={`/api/exports/${e.id}/manifest`} download data-testid="manifest-download">
              Download manifest
            </a>
          )}
          {e.status === "SUCCEEDED" && e.outputUri?.startsWith("local:") && (
            <span className="small" data-testid="export-downloads">
              Download as tar:{" "}
              {e.formats.map((f) => (
                <a key={f} href={`/api/exports/${e.id}/download?format=${encodeURIComponent(f)}`} download data-testid={`download-${f}`}>
                  {f}
                </a>
              ))}
              {e.formats.length > 1 && (
                <a href={`/api/exports/${e.id}/download`} download data-testid="download-all">
                  everything
                </a>
              )}
            </span>
          )}
          {e.status === "SUCCEEDED" && e.outputUri?.startsWith("s3://") && <S3Links exportId={e.id} />}
          {manage && active && (
            <button type="button" onClick={() => cancel.mutate(e.id)} disabled={cancel.isPending}>
              Cancel export
            </button>
          )}
          {manage && (e.status === "FAILED" || e.status === "CANCELLED" || e.stalled) && (
            <button type="button" onClick={() => resume.mutate(e.id)} disabled={resume.isPending}>
              Resume export
            </button>
          )}
        </div>
        {e.stalled && (
          <p className="small" data-testid="export-stalled">
            Its worker stopped. A running worker takes it up within a minute; or resume it now.
          </p>
        )}
        {error && (
          <p role="alert" className="error small">
            {error.message}
          </p>
        )}
      </td>
    </tr>
  );
}

function ExportForm({ releaseId, onClose }: { releaseId: number; onClose(): void }) {
  const [v, setV] = useState<ExportFormValues>(DEFAULT_EXPORT_FORM);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const start = useStartExport(releaseId);
  const server = formErrors(start.error, EXPORT_FIELDS);
  const fieldError = (k: string) => clientErrors[k] ?? server.fields[k];
  const set = (next: Partial<ExportFormValues>) => setV((s) => ({ ...s, ...next }));
  // What each format would hold with these settings, a moment after the last change.
  const checked = exportConfig({ ...v, formats: v.formats.length ? v.formats : ["primo-rl"] });
  const previewConfig = useDebounced(checked.config, PREVIEW_DELAY_MS);
  const preview = useExportPreview(releaseId, previewConfig);
  const contents = new Map((preview.data?.formats ?? []).map((p) => [p.format, p]));
  // Opening the form puts the keyboard on its first control.
  useEffect(() => document.getElementById("export-format-first")?.focus(), []);
  return (
    <form
      aria-label="New export"
      data-testid="export-form"
      noValidate
      onKeyDown={(ev) => {
        if (ev.key === "Escape") {
          ev.stopPropagation();
          onClose();
        }
      }}
      onSubmit={(ev) => {
        ev.preventDefault();
        const r = exportConfig(v);
        if (!r.config) {
          setClientErrors(r.errors);
          const first = Object.keys(r.errors)[0]!;
          document.getElementById(first === "config.queries" ? (v.queryMode === "stride" ? "export-stride" : "export-count") : (FIELD_ID[first] ?? ""))?.focus();
          return;
        }
        setClientErrors({});
        start.mutate(r.config, { onSuccess: onClose });
      }}
    >
      <fieldset aria-describedby={fieldError("config.formats") ? "export-formats-error" : undefined}>
        <legend>Formats</legend>
        <div className={styles.formats}>
          {FORMAT_ORDER.map((f, i) => (
            <label key={f}>
              <input
                id={i === 0 ? "export-format-first" : undefined}
                type="checkbox"
                checked={v.formats.includes(f)}
                onChange={(e) => set({ formats: e.target.checked ? [...v.formats, f] : v.formats.filter((x) => x !== f) })}
              />
              <span>
                {FORMAT_INFO[f].label} <span className={styles.desc}>{FORMAT_INFO[f].description}</span>
                {contents.get(f) && (
                  <span className={contents.get(f)!.total > 0 && !contents.get(f)!.problem ? styles.holds : styles.empty} data-testid={`format-contents-${f}`}>
                    {formatContents(contents.get(f)!)}
                  </span>
                )}
              </span>
            </label>
          ))}
        </div>
        {fieldError("config.formats") && (
          <p id="export-formats-error" className="error small">
            {fieldError("config.formats")}
          </p>
        )}
      </fieldset>
      <div className="row">
        <Field id="export-query-mode" label="Query times per episode">
          {(a) => (
            <select {...a} value={v.queryMode} onChange={(e) => set({ queryMode: e.target.value as ExportFormValues["queryMode"] })}>
              <option value="count">A number of them, evenly spread</option>
              <option value="stride">Every N frames</option>
              <option value="lrm">LRM: 11 keyframes at 0, 0.1, …, 1</option>
            </select>
          )}
        </Field>
        {v.queryMode === "count" && (
          <Field id="export-count" label="Query times" error={fieldError("config.queries")}>
            {(a) => <input {...a} inputMode="numeric" value={v.count} onChange={(e) => set({ count: e.target.value })} />}
          </Field>
        )}
        {v.queryMode === "stride" && (
          <Field id="export-stride" label="Frames between query times" error={fieldError("config.queries")}>
            {(a) => <input {...a} inputMode="numeric" value={v.stride} onChange={(e) => set({ stride: e.target.value })} />}
          </Field>
        )}
        <Field id="export-max-frames" label="V_seq frames at most" error={fieldError("config.maxFrames")} hint="PRIMO: 16 for training, 32 for evaluation.">
          {(a) => (
            <select {...a} value={v.maxFrames} onChange={(e) => set({ maxFrames: e.target.value })}>
              <option value="8">8</option>
              <option value="16">16</option>
              <option value="32">32</option>
            </select>
          )}
        </Field>
        <Field id="export-seed" label="Seed" error={fieldError("config.seed")} hint="Same release, settings and seed: byte-identical export.">
          {(a) => <input {...a} inputMode="numeric" value={v.seed} onChange={(e) => set({ seed: e.target.value })} />}
        </Field>
      </div>
      <div className="row">
        <Field id="export-video-mode" label="V_seq as" error={fieldError("config.videoMode")}>
          {(a) => (
            <select {...a} value={v.videoMode} onChange={(e) => set({ videoMode: e.target.value as ExportFormValues["videoMode"] })}>
              <option value="clip">A trimmed clip (what PRIMO loaders read)</option>
              <option value="frames">A list of JPEG frames</option>
            </select>
          )}
        </Field>
        <Field id="export-clip-timing" label="Clip timing" error={fieldError("config.clipTiming")} hint="Real: a clip lasts as long as the episode took.">
          {(a) => (
            <select {...a} value={v.clipTiming} onChange={(e) => set({ clipTiming: e.target.value as ExportFormValues["clipTiming"] })}>
              <option value="real">The episode&apos;s own time</option>
              <option value="fixed">Fixed 2 fps (every frame read at fps 2)</option>
            </select>
          )}
        </Field>
        <Field id="export-easyr1-media" label="EasyR1 media" error={fieldError("config.easyr1Media")} hint="EasyR1 reads images or videos, not both.">
          {(a) => (
            <select {...a} value={v.easyr1Media} onChange={(e) => set({ easyr1Media: e.target.value as ExportFormValues["easyr1Media"] })}>
              <option value="images">Frames as images</option>
              <option value="video">The clip alone</option>
            </select>
          )}
        </Field>
        <Field id="export-layout" label="Shards" error={fieldError("config.layout")}>
          {(a) => (
            <select {...a} value={v.layout} onChange={(e) => set({ layout: e.target.value as ExportFormValues["layout"] })}>
              <option value="files">JSON/JSONL with a media folder</option>
              <option value="webdataset">WebDataset tars (media inside)</option>
            </select>
          )}
        </Field>
        <Field id="export-shard-size" label="Samples per shard" error={fieldError("config.shardSize")}>
          {(a) => <input {...a} inputMode="numeric" value={v.shardSize} onChange={(e) => set({ shardSize: e.target.value })} />}
        </Field>
        <Field id="export-width" label="Image width (px)" error={fieldError("config.imageWidth")} hint="Empty: the video's own size.">
          {(a) => <input {...a} inputMode="numeric" value={v.imageWidth} onChange={(e) => set({ imageWidth: e.target.value })} />}
        </Field>
        <Field id="export-media-root" label="Media root on the training machine" error={fieldError("config.mediaRoot")} hint="Optional. PRIMO's GRPO trainer and verl open media paths as they are.">
          {(a) => <input {...a} placeholder="/data/exports/this-export" value={v.mediaRoot} onChange={(e) => set({ mediaRoot: e.target.value })} />}
        </Field>
        <Field id="export-destination" label="Destination" error={fieldError("config.destination")}>
          {(a) => (
            <select {...a} value={v.destination} onChange={(e) => set({ destination: e.target.value as ExportFormValues["destination"] })}>
              <option value="local">The server&apos;s exports folder</option>
              <option value="s3">The S3-compatible bucket</option>
            </select>
          )}
        </Field>
      </div>
      <FormErrorBanner errors={server} testId="export-form-error" />
      <div className={styles.actions}>
        <button type="submit" className="primary" disabled={start.isPending}>
          Start export
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** An export in S3: pre-signed links to its files, fetched when asked for (they expire in an hour). */
function S3Links({ exportId }: { exportId: number }) {
  const [links, setLinks] = useState<ExportLinksResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="small">
      <button
        type="button"
        onClick={() =>
          api.get<ExportLinksResponse>(`/api/exports/${exportId}/links`).then(setLinks, (err: Error) => setError(err.message))
        }
      >
        Download links
      </button>
      {error && <span className="error small">{error}</span>}
      {links && (
        <details open>
          <summary>
            {links.files.length} files{links.expiresAt ? `, links valid until ${new Date(links.expiresAt).toLocaleTimeString()}` : ""}
          </summary>
          <ul>
            {links.files.map((f) => (
              <li key={f.path}>
                {f.url ? (
                  <a href={f.url} rel="noreferrer">
                    {f.path}
                  </a>
                ) : (
                  f.path
                )}{" "}
                <span className="muted">{f.bytes.toLocaleString()} bytes</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </span>
  );
}
