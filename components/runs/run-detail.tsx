// One run: what it is, how far it got, every metric per benchmark split, and its problems.
"use client";
import Link from "next/link";
import type { ApiError } from "@/lib/client/api-client";
import { can } from "@/lib/auth/policy";
import { useMe } from "@/lib/client/use-me";
import styles from "./runs.module.css";
import { canCancel, canResume, configSummary, isActive, ORIGIN_LABEL, readProblems, readProgress } from "./format";
import { countRows, metricRows } from "./report-rows";
import { ProblemsList, RunProgressBar } from "./ui";
import { ScopeControls, ScopeNote, useMetricScope } from "@/components/metrics/metric-scope";
import { useRun, useRunControl, useRunReport, type RunDetailView, type SplitReportView } from "./use-runs";

export function RunDetail({ runId }: { runId: number }) {
  const run = useRun(runId);
  if (run.isPending) return <p className="muted">Loading run…</p>;
  if (run.error) {
    const notFound = (run.error as ApiError).status === 404;
    return (
      <section>
        <p role="alert" className="error">
          {notFound ? `There is no run ${runId}; it may have been deleted.` : run.error.message}
        </p>
        <Link href="/predictions">All runs</Link>
      </section>
    );
  }
  const r = run.data.run;
  const problems = readProblems(r.problems);
  return (
    <section data-testid="run-detail">
      <p className="small">
        <Link href="/predictions">← All runs</Link>
      </p>
      <RunHeader run={r} />
      <nav className={styles.links} aria-label="This run elsewhere">
        <Link href={`/review?run=${r.id}`}>Review chains of this run</Link>
        <Link href={`/leaderboard?runs=${r.id}`}>Leaderboard</Link>
      </nav>
      <Report runId={runId} running={isActive(r.status)} />
      <section className="card" aria-labelledby="problems-title" id="problems" data-testid="run-problems-section">
        <h2 id="problems-title">Problems</h2>
        {problems.length === 0 ? (
          <p className="muted">{r.origin === "endpoint" ? "No request has failed." : "The last import of this run had no problems."}</p>
        ) : (
          <>
            <p className="muted small">
              {r.origin === "endpoint" ? "Samples whose request failed (the latest 200)." : "Problems of the last import into this run, with their line in the file."}
            </p>
            <ProblemsList problems={problems} label="Run problems" testId="run-problems" />
          </>
        )}
      </section>
    </section>
  );
}

function RunHeader({ run: r }: { run: RunDetailView }) {
  const progress = readProgress(r.progress);
  const cancel = useRunControl("cancel");
  const resume = useRunControl("resume");
  const controlError = cancel.error ?? resume.error;
  // Its maker and leads cancel or resume it (lib/auth/policy.ts run.manage).
  const me = useMe().data;
  const manage = !!me && can(me, "run.manage", { createdById: r.createdById });
  return (
    <header className="card">
      <div className="page-head">
        <h1 data-testid="run-name">{r.name}</h1>
        <span className={`pill job-${r.status.toLowerCase()}`} data-testid="run-status">
          {r.status.toLowerCase()}
        </span>
      </div>
      {r.description && <p>{r.description}</p>}
      <dl className="facts">
        <dt>Model</dt>
        <dd data-testid="run-model">{r.modelName}</dd>
        <dt>Origin</dt>
        <dd>{ORIGIN_LABEL[r.origin] ?? r.origin}</dd>
        <dt>Answer scale</dt>
        <dd>0–{r.progressScale} (shown on 0–100)</dd>
        <dt>Created</dt>
        <dd>
          <time dateTime={r.createdAt}>{new Date(r.createdAt).toLocaleString()}</time>
          {r.createdBy ? ` by ${r.createdBy.name}` : ""}
        </dd>
        {r.origin === "endpoint" && (
          <>
            <dt>Progress</dt>
            <dd>
              {progress ? (
                <RunProgressBar progress={progress} label={`Progress of ${r.name}`} />
              ) : (
                <span className="muted">not started</span>
              )}
            </dd>
          </>
        )}
        {configSummary(r.origin, r.config).map(([k, v]) => (
          <FactRow key={k} label={k} value={v} />
        ))}
        {r.origin === "endpoint" && !r.endpoint && (
          <>
            <dt>Endpoint now</dt>
            <dd className="muted">deleted; the run cannot be resumed</dd>
          </>
        )}
      </dl>
      {manage && (canCancel(r) || canResume(r)) && (
        <div className="row">
          {canCancel(r) && (
            <button type="button" onClick={() => cancel.mutate(r.id)} disabled={cancel.isPending}>
              Cancel run
            </button>
          )}
          {canResume(r) && r.endpoint && (
            <button type="button" onClick={() => resume.mutate(r.id)} disabled={resume.isPending}>
              Resume run
            </button>
          )}
        </div>
      )}
      {controlError && (
        <p role="alert" className="error">
          {controlError.message}
        </p>
      )}
    </header>
  );
}

function FactRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={label === "Path pattern" ? "path" : undefined}>{label === "Path pattern" ? <code>{value}</code> : value}</dd>
    </>
  );
}

function Report({ runId, running }: { runId: number; running: boolean }) {
  const scope = useMetricScope();
  const report = useRunReport(runId, running, scope.query);
  return (
    <section aria-labelledby="report-title" data-testid="run-report">
      <h2 id="report-title">Metrics</h2>
      <div className="filters">
        <ScopeControls query={scope.query} update={scope.update} />
      </div>
      {report.data && <ScopeNote scope={report.data.scope} />}
      <p className="muted small">
        Progress answers against ground-truth progress from the annotations, per benchmark split. ŷ is the predicted progress, y the ground
        truth, both on 0–100. Missing answers are never imputed: they are counted, and left out of every metric.
        {running && " The run is still working; the numbers cover the answers so far."}
      </p>
      {report.isPending && <p className="muted">Computing metrics…</p>}
      {report.error && (
        <p role="alert" className="error">
          {report.error.message}
        </p>
      )}
      {report.data && (
        <>
          {report.data.splits.map((s) => (
            <SplitTable key={s.split} split={s} />
          ))}
          <section className="card" aria-labelledby="rules-title" data-testid="report-rules">
            <h3 id="rules-title">How the numbers are computed</h3>
            <dl className={styles.rules}>
              <dt>Ground truth 0</dt>
              <dd data-testid="rule-gt-zero">{report.data.rules.gtZero}</dd>
              <dt>Success score (ROC-AUC)</dt>
              <dd data-testid="rule-success-score">{report.data.rules.successScore}</dd>
              <dt>Yes/no truth</dt>
              <dd data-testid="rule-completion-truth">{report.data.rules.completionTruth}</dd>
            </dl>
          </section>
        </>
      )}
    </section>
  );
}

function SplitTable({ split: s }: { split: SplitReportView }) {
  const titleId = `split-${s.split}-title`;
  return (
    <section className="card" aria-labelledby={titleId} data-testid={`report-split-${s.split}`}>
      <div className={styles.splitHead}>
        <h3 id={titleId}>{s.label}</h3>
        <code className="small">{s.split}</code>
      </div>
      <dl className={`${styles.counts} ${styles.countsSmall}`} aria-label={`Sample counts, ${s.label}`}>
        {countRows(s).map((c) => (
          <div key={c.key} data-testid={`count-${c.key}`}>
            <dt>{c.label}</dt>
            <dd>{c.value}</dd>
          </div>
        ))}
      </dl>
      {s.progress.n === 0 && (
        <p className="banner small">
          No progress prediction in this split has ground truth yet, so the progress metrics are undefined. Ground truth comes from finished
          annotations of the episodes.
        </p>
      )}
      <div className={styles.tableWrap}>
        <table className={`grid ${styles.metrics}`} aria-label={`Metrics, ${s.label}`}>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" className={styles.num}>
                Value
              </th>
              <th scope="col">Computed over</th>
              <th scope="col">Definition</th>
            </tr>
          </thead>
          <tbody>
            {metricRows(s).map((m) => (
              <tr key={m.key} data-testid={`metric-${m.key}`} className={m.sub ? styles.sub : undefined}>
                <th scope="row" className={styles.name}>
                  {m.name}
                </th>
                <td className={styles.num} data-testid="metric-value">
                  {m.value}
                </td>
                <td className="small">{m.basis}</td>
                <td className={styles.definition}>{m.definition}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
