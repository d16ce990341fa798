// Upload a model's predictions file into a run (new, or an existing one: re-imports are idempotent).
"use client";
import { useState } from "react";
import Link from "next/link";
import styles from "./runs.module.css";
import {
  formErrors,
  importErrorProblems,
  importFields,
  matchRun,
  plural,
  validateImport,
  type ImportFormValues,
} from "./format";
import { Field, FormErrorBanner, ProblemsList } from "./ui";
import { useImportPredictions, useRuns, type ImportResultView } from "./use-runs";
import { PREDICTION_FILE_FORMATS, PREDICTION_FORMAT_LABEL } from "@/lib/predictions/formats/ids";

const FIELDS = ["file", "run", "modelName", "description", "scale", "format", "pathPattern", "frames", "episode", "column", "source"] as const;

const without = (errors: Record<string, string>, key: string) => Object.fromEntries(Object.entries(errors).filter(([k]) => k !== key));

const INITIAL: ImportFormValues = { run: "", modelName: "", description: "", scale: "", format: "", pathPattern: "", frames: "", episode: "", column: "", source: "" };

export function ImportCard() {
  const runs = useRuns();
  const upload = useImportPredictions();
  const [values, setValues] = useState<ImportFormValues>(INITIAL);
  const [file, setFile] = useState<File | null>(null);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const existing = matchRun(runs.data?.items, values.run);
  const set = <K extends keyof ImportFormValues>(k: K, v: ImportFormValues[K]) => {
    setValues((s) => ({ ...s, [k]: v }));
    if (clientErrors[k]) setClientErrors((e) => without(e, k));
  };

  const server = formErrors(upload.error, FIELDS);
  const fileProblems = importErrorProblems(upload.error);
  server.other = server.other.filter((p) => !/^line \d+$/.test(p.name));
  const fieldError = (k: (typeof FIELDS)[number]) => clientErrors[k] ?? server.fields[k];

  return (
    <form
      className="card"
      aria-labelledby="import-title"
      data-testid="import-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const errs = validateImport(values, file, !!existing);
        setClientErrors(errs);
        if (Object.keys(errs).length || !file) {
          document.getElementById(`import-${Object.keys(errs)[0]}`)?.focus();
          return;
        }
        const form = new FormData();
        form.append("file", file, file.name);
        for (const [k, v] of importFields(values, !!existing)) form.append(k, v);
        upload.mutate(form);
      }}
    >
      <h2 id="import-title">Import predictions</h2>
      <p className="muted small">
        A JSON Lines file in the Critic Studio format, PRIMO-R1 evaluation results or sample records, or a reward model&apos;s own output
        (Robometer, Large Reward Models, SARM, RoboReward, dense per-frame arrays). Good lines are imported even when others have problems;
        every problem is listed with its place.
      </p>
      <FormatDoc />
      <div className="row">
        <Field id="import-file" label="Predictions file" error={fieldError("file")} hint=".jsonl, .json, .parquet or .npy, up to 200 MB">
          {(a11y) => (
            <input
              {...a11y}
              type="file"
              name="file"
              accept=".jsonl,.json,.ndjson,.parquet,.npy,application/json,application/x-ndjson"
              required
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                if (clientErrors.file) setClientErrors((e) => without(e, "file"));
              }}
            />
          )}
        </Field>
        <Field
          id="import-run"
          label="Run name"
          error={fieldError("run")}
          hint={
            existing ? (
              <span className={styles.hintMatch} data-testid="import-run-existing">
                Adds to the existing run “{existing.name}” (model {existing.modelName}, answers on 0–{existing.progressScale}). Re-importing is
                safe: a prediction already there is matched by episode, query frame and question, and unchanged ones are left alone.
              </span>
            ) : values.run.trim() ? (
              "A new run will be created."
            ) : (
              "A new name creates a run; an existing name adds to that run."
            )
          }
        >
          {(a11y) => (
            <input {...a11y} value={values.run} onChange={(e) => set("run", e.target.value)} list="import-run-names" required maxLength={200} autoComplete="off" />
          )}
        </Field>
        <datalist id="import-run-names">
          {runs.data?.items.map((r) => <option key={r.id} value={r.name} />)}
        </datalist>
        <Field
          id="import-modelName"
          label="Model name"
          error={fieldError("modelName")}
          hint={existing ? `The run keeps its model, ${existing.modelName}.` : "Required for a new run, e.g. PRIMO-R1-7B."}
        >
          {(a11y) => (
            <input
              {...a11y}
              value={existing ? existing.modelName : values.modelName}
              onChange={(e) => set("modelName", e.target.value)}
              disabled={!!existing}
              required={!existing}
              maxLength={200}
            />
          )}
        </Field>
      </div>
      <Field id="import-description" label="Description (optional)" error={fieldError("description")} hint={existing ? "Replaces the run's description when given." : undefined}>
        {(a11y) => <textarea {...a11y} rows={2} value={values.description} onChange={(e) => set("description", e.target.value)} maxLength={5000} />}
      </Field>
      <div className="row">
        <Field id="import-scale" label="Answer scale" error={fieldError("scale")} hint={existing ? "Fixed by the existing run." : undefined}>
          {(a11y) => (
            <select
              {...a11y}
              value={existing ? (existing.progressScale === 1 ? "1" : "100") : values.scale}
              onChange={(e) => set("scale", e.target.value as ImportFormValues["scale"])}
              disabled={!!existing}
            >
              <option value="">From the file (asks when it could be either)</option>
              <option value="100">0–100 (percent)</option>
              <option value="1">0–1 (fraction)</option>
            </select>
          )}
        </Field>
        <Field id="import-format" label="Format" error={fieldError("format")}>
          {(a11y) => (
            <select {...a11y} value={values.format} onChange={(e) => set("format", e.target.value as ImportFormValues["format"])}>
              <option value="">Detect automatically</option>
              {PREDICTION_FILE_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {PREDICTION_FORMAT_LABEL[f]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="import-pathPattern"
          label="Path pattern (optional, PRIMO files)"
          error={fieldError("pathPattern")}
          hint={
            <>
              A regular expression (RE2 syntax: no lookaround or backreferences), without slashes, with named groups <code>(?&lt;episode&gt;…)</code> and{" "}
              <code>(?&lt;frame&gt;…)</code> or <code>(?&lt;time&gt;…)</code> (optionally <code>(?&lt;source&gt;…)</code>), matched against
              each PRIMO record&apos;s <code>path</code> (then <code>current_frame_path</code>) when the record does not name its episode or
              query point. Example: <code>episode(?&lt;episode&gt;\d+)/clip_(?&lt;frame&gt;\d+)</code>
            </>
          }
        >
          {(a11y) => (
            <input
              {...a11y}
              value={values.pathPattern}
              onChange={(e) => set("pathPattern", e.target.value)}
              maxLength={500}
              spellCheck={false}
              placeholder="episode(?<episode>\d+)/clip_(?<frame>\d+)"
              className="path"
            />
          )}
        </Field>
      </div>
      <fieldset className={styles.rewardOptions}>
        <legend>Reward-model files (asked for when the file does not say)</legend>
        <div className="row">
          <Field
            id="import-frames"
            label="Frames of the values"
            error={fieldError("frames")}
            hint={
              <>
                For values given by position (Robometer records, dense arrays): <code>all</code> (one per frame), <code>linspace-rint</code>{" "}
                (Robometer&apos;s <code>np.rint(np.linspace(0, N−1, T))</code>), <code>linspace-int</code> (decord&apos;s, truncated) or the frame
                indices, e.g. <code>0, 4, 8</code>.
              </>
            }
          >
            {(a11y) => (
              <input {...a11y} value={values.frames} onChange={(e) => set("frames", e.target.value)} list="import-frames-rules" spellCheck={false} autoComplete="off" />
            )}
          </Field>
          <datalist id="import-frames-rules">
            <option value="all" />
            <option value="linspace-rint" />
            <option value="linspace-int" />
          </datalist>
          <Field id="import-column" label="Head (SARM)" error={fieldError("column")} hint="When the file holds both heads.">
            {(a11y) => (
              <select {...a11y} value={values.column} onChange={(e) => set("column", e.target.value)}>
                <option value="">The file&apos;s only head</option>
                <option value="progress_sparse">progress_sparse</option>
                <option value="progress_dense">progress_dense</option>
              </select>
            )}
          </Field>
          <Field id="import-episode" label="Episode (a bare array)" error={fieldError("episode")} hint="Its key; otherwise the file name (ep_7_rewards.npy → ep_7).">
            {(a11y) => <input {...a11y} value={values.episode} onChange={(e) => set("episode", e.target.value)} maxLength={500} autoComplete="off" />}
          </Field>
          <Field id="import-source" label="Source dataset" error={fieldError("source")} hint="When episodes are named by key only and two datasets share keys.">
            {(a11y) => <input {...a11y} value={values.source} onChange={(e) => set("source", e.target.value)} maxLength={500} autoComplete="off" />}
          </Field>
        </div>
      </fieldset>
      {upload.error && <FormErrorBanner errors={server} testId="import-error" />}
      {fileProblems.problems.length > 0 && (
        <ProblemsList problems={fileProblems.problems} total={fileProblems.total} label="Import problems" testId="import-problems" />
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={upload.isPending}>
          {upload.isPending ? "Importing…" : "Import predictions"}
        </button>
        {upload.isPending && (
          <span role="status" className="muted small">
            Uploading and checking {file ? file.name : "the file"}…
          </span>
        )}
      </div>
      {upload.data && <ImportResult result={upload.data} />}
    </form>
  );
}

function ImportResult({ result: r }: { result: ImportResultView }) {
  return (
    <div className={`${styles.result} ${r.problemCount ? styles.resultWarn : ""}`} data-testid="import-result">
      <p role="status">
        <strong>
          {r.run.created ? "Created run" : "Imported into run"} <Link href={`/predictions/${r.run.id}`}>“{r.run.name}”</Link>
        </strong>{" "}
        from {plural(r.lines, "entry", "entries")} read as <code>{r.format}</code>
        {r.problemCount ? `, with ${plural(r.problemCount, "problem")}` : ", no problems"}.
      </p>
      <dl className={styles.counts}>
        <div>
          <dt>Created</dt>
          <dd data-testid="import-created">{r.created}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd data-testid="import-updated">{r.updated}</dd>
        </div>
        <div>
          <dt>Unchanged</dt>
          <dd data-testid="import-unchanged">{r.unchanged}</dd>
        </div>
        <div>
          <dt>Problems</dt>
          <dd data-testid="import-problem-count" className={r.problemCount ? styles.bad : undefined}>
            {r.problemCount}
          </dd>
        </div>
      </dl>
      <ProblemsList problems={r.problems} total={r.problemCount} label="Import problems" testId="import-problems" />
    </div>
  );
}

/** The key points of docs/predictions-format.md (the repository file is not served by the app). */
function FormatDoc() {
  return (
    <details className={styles.doc} data-testid="format-doc">
      <summary>File formats</summary>
      <p>
        The format is detected from the content. Files are UTF-8 (a byte-order mark and CRLF line endings are fine). A bad line or record is
        skipped and listed with its place: <code>line N</code> for JSON Lines, <code>record N</code> for JSON files, line 0 for the whole file.
      </p>
      <h3 className="small">1. JSON Lines (Critic Studio)</h3>
      <p>One JSON object per line, one prediction each:</p>
      <pre className="small">
        {`{"episode_id": 12, "query_frame": 45, "output": "<think>…</think><answer>45</answer>"}
{"episode": "648642", "source": "agibot-world", "query_time": 2.5, "question_type": "completion", "output": "<answer>no</answer>"}`}
      </pre>
      <ul>
        <li>
          Episode: <code>episode_id</code> (the app&apos;s id) or <code>episode</code> (the key in its source dataset, with <code>source</code> when
          two sources share a key).
        </li>
        <li>
          Query point: <code>query_frame</code> (0-based frame index) or <code>query_time</code> (seconds from the episode start).
        </li>
        <li>
          <code>output</code> (required): the raw model output, exactly as generated.
        </li>
        <li>
          Optional: <code>question_type</code> (<code>progress</code>, the default, or <code>completion</code>), <code>question</code>,{" "}
          <code>sampled_frames</code> (frames the model saw; none may come after the query frame), <code>score</code>.
        </li>
        <li>Unknown fields are errors, with a suggestion when the name is close to a real one.</li>
      </ul>
      <h3 className="small">2. PRIMO-R1 evaluation results</h3>
      <p>
        <code>{`{"results": [...], "final_acc": [...]}`}</code> from <code>eval_local.py</code> (or a bare list). Uses <code>output</code> (else{" "}
        <code>prediction</code>), <code>problem_type</code> (numerical/regression → progress, boolean → completion), <code>problem</code>,{" "}
        <code>solution</code> (shown for reference) and the JSON Lines fields when present.
      </p>
      <h3 className="small">3. PRIMO / Video-R1 samples with a model answer</h3>
      <p>
        Records with <code>process</code> (the reasoning) and <code>answer</code>; the output is rebuilt as{" "}
        <code>{`process + "\\n<answer>" + answer + "</answer>"`}</code>. Records with only a <code>solution</code> are training samples and are
        reported.
      </p>
      <h3 className="small">Path pattern</h3>
      <p>
        PRIMO records name a video file, not an episode. The path pattern&apos;s groups <code>episode</code> (required), <code>frame</code> or{" "}
        <code>time</code>, and <code>source</code> are read from <code>path</code> (then <code>current_frame_path</code>). Explicit fields win.
      </p>
      <h3 className="small">Answers</h3>
      <ul>
        <li>
          The answer is the first <code>&lt;answer&gt;…&lt;/answer&gt;</code>; an output that is just a bare number is accepted too. Nothing is
          guessed: <code>45%</code>, <code>about 45</code>, two answer blocks, <code>0.45</code> on a 0–100 run or values out of range get no
          value and a flag.
        </li>
        <li>Completion answers are yes or no (any case, optionally with a period).</li>
        <li>
          PRIMO format pass: the whole output matches{" "}
          <code>{`<think><planning>…</planning><observation>…</observation><reasoning>…</reasoning></think><answer>…</answer>`}</code> with nothing
          before or after; reported separately from the answer.
        </li>
      </ul>
    </details>
  );
}
