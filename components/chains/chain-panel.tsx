// One prediction under review: what the model was asked and saw, its chain section by section,
// and the reviewer's edits and verdict (saved with optimistic concurrency on the review version).
//
// Model output is untrusted text. It is only ever rendered as React text children or as a
// textarea's value, so "<script>" in an output shows up as those characters.
"use client";
import Link from "next/link";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { ApiError } from "@/lib/client/api-client";
import { parseModelOutput, PARSE_FLAG_TEXT } from "@/lib/primo/parse-output";
import { baseTexts, diffSegments, editedSections, modelTexts, SECTION_LABEL, SECTIONS, withDrafts, type Section, type SectionTexts } from "./chain-text";
import { hotkey, hotkeysIn } from "@/components/keys/hotkeys";
import { Keys } from "@/components/keys/shortcuts-help";
import { useHotkeys, type HotkeyHandlers } from "@/components/keys/use-hotkeys";
import { fmtDateTime, fmtProgress, VERDICT_ACTION, VERDICT_LABEL, verdictClass, verdictLabel, VERDICTS } from "./format";
import { FrameStrip } from "./frame-strip";
import { usePrediction, useSaveReview } from "./use-chains";
import type { PredictionDetail, Verdict } from "./types";
import styles from "./chains.module.css";

interface Props {
  predictionId: number;
  /** Called after a verdict (Accept / Reject / Needs fix) was saved. */
  onVerdict?: (verdict: Verdict) => void;
}

export function ChainPanel({ predictionId, onVerdict }: Props) {
  // A new prediction starts with no edits, no pinned version and no stale save message.
  return <Panel key={predictionId} predictionId={predictionId} onVerdict={onVerdict} />;
}

const NONE: Record<Section, boolean> = { planning: false, observation: false, reasoning: false, answerText: false };
const VERDICT_STYLE: Record<Verdict, string | undefined> = { ACCEPTED: styles.accept, REJECTED: styles.reject, NEEDS_FIX: styles.needsFix };

function Panel({ predictionId, onVerdict }: Props) {
  const uid = useId();
  const q = usePrediction(predictionId);
  const save = useSaveReview(predictionId);
  const p = q.data;

  const [editing, setEditing] = useState<Record<Section, boolean>>(NONE);
  const [drafts, setDrafts] = useState<Partial<SectionTexts>>({});
  const [noteDraft, setNoteDraft] = useState<string | null>(null);
  // The review version the edits were started on; a save names it, so someone else's save in
  // between is a 409 instead of being overwritten.
  const [pinned, setPinned] = useState<number | null>(null);
  const [focus, setFocus] = useState<{ section: Section; n: number } | null>(null);
  const areas = useRef<Partial<Record<Section, HTMLTextAreaElement | null>>>({});

  const review = p?.review ?? null;
  const version = review?.version ?? 0;
  const original = useMemo(() => (p ? modelTexts(p) : null), [p]);
  const base = useMemo(() => (p ? baseTexts(p, review) : null), [p, review]);
  const current = base ? withDrafts(base, drafts) : null;
  const savedNote = review?.note ?? "";
  const note = noteDraft ?? savedNote;
  const dirty = Boolean(base && current && (SECTIONS.some((s) => current[s] !== base[s]) || note !== savedNote));
  const anyEditing = SECTIONS.some((s) => editing[s]);
  const conflict = save.error instanceof ApiError && save.error.status === 409 ? save.error : null;

  useEffect(() => {
    if (focus) areas.current[focus.section]?.focus();
  }, [focus]);

  const pin = () => setPinned((v) => v ?? version);

  const startEdit = (s: Section) => {
    pin();
    setEditing((e) => ({ ...e, [s]: true }));
    setFocus((f) => ({ section: s, n: (f?.n ?? 0) + 1 }));
  };
  const cancelEdit = (s: Section) => {
    setEditing((e) => ({ ...e, [s]: false }));
    setDrafts(({ [s]: _dropped, ...rest }) => rest);
  };
  const clearLocal = () => {
    setEditing(NONE);
    setDrafts({});
    setNoteDraft(null);
    setPinned(null);
  };

  const doSave = (verdict: Verdict | null | undefined) => {
    if (!p || !current || save.isPending || conflict) return;
    const chosen = verdict === undefined ? ((review?.verdict ?? null) as Verdict | null) : verdict;
    save.mutate(
      // Edits name the version they were started on; a bare verdict names the one on screen.
      { baseVersion: dirty || anyEditing ? (pinned ?? version) : version, ...current, verdict: chosen, note },
      {
        onSuccess: () => {
          clearLocal();
          if (verdict) onVerdict?.(verdict);
        },
      },
    );
  };

  const reloadTheirs = () => {
    save.reset();
    clearLocal();
    void q.refetch();
  };

  const verdictKey = (v: Verdict) => {
    if (!p) return false;
    doSave(v);
    return true;
  };
  const handlers: HotkeyHandlers = {
    accept: () => verdictKey("ACCEPTED"),
    reject: () => verdictKey("REJECTED"),
    needsFix: () => verdictKey("NEEDS_FIX"),
    edit: () => {
      if (!p) return false;
      pin();
      setEditing({ planning: true, observation: true, reasoning: true, answerText: true });
      setFocus((f) => ({ section: "planning", n: (f?.n ?? 0) + 1 }));
      return true;
    },
    saveChain: () => {
      if (!dirty) return false;
      doSave(undefined);
      return true;
    },
    cancel: () => {
      if (!anyEditing && noteDraft === null) return false;
      for (const s of SECTIONS) if (editing[s]) cancelEdit(s);
      setNoteDraft(null);
      (document.activeElement as HTMLElement | null)?.blur?.();
      return true;
    },
  };
  useHotkeys(["chain"], handlers);

  if (q.isPending) return <p className="muted" data-testid="chain-panel-loading">Loading prediction…</p>;
  if (q.error || !p || !original || !current || !base)
    return (
      <p role="alert" className="error">
        {q.error?.message ?? "Prediction not found."}
      </p>
    );

  const savedEdited = review ? editedSections(original, baseTexts(p, review)) : [];
  const answerPreview = editing.answerText && current.answerText !== original.answerText ? answerFlag(p, current.answerText) : null;
  // The server says whether a saved answer is flagged only in its reply to the save; after a
  // reload the same parser gives the same text.
  const savedFlag = save.data?.answerFlagText ?? (review && review.answerText !== original.answerText ? answerFlag(p, review.answerText) : null);

  return (
    <article className={styles.panel} aria-labelledby={`${uid}-title`} data-testid="chain-panel" data-prediction-id={p.id}>
      <Header p={p} titleId={`${uid}-title`} />

      <FrameStrip episodeId={p.episode.id} cameras={p.episode.videos.map((v) => v.camera)} frames={p.frames} />

      <div className={styles.head}>
        <h3>Chain</h3>
        {SECTIONS.map((s) => {
          const label = SECTION_LABEL[s];
          const hid = `${uid}-${s}`;
          const changed = current[s] !== original[s];
          const missing = p[s] === null;
          return (
            <section key={s} className={styles.section} aria-labelledby={hid} data-testid={`chain-section-${s === "answerText" ? "answer" : s}`}>
              <div className={styles.sectionHead}>
                <h3 id={hid}>{label}</h3>
                {savedEdited.includes(s) && <span className={styles.badge}>edited</span>}
                {editing[s] ? (
                  <button type="button" className="link" onClick={() => cancelEdit(s)} aria-label={`Cancel editing ${label.toLowerCase()}`}>
                    Cancel
                  </button>
                ) : (
                  <button type="button" className="link" onClick={() => startEdit(s)} aria-label={`Edit ${label.toLowerCase()}`} title="Edit the chain (E)">
                    Edit
                  </button>
                )}
              </div>
              {editing[s] ? (
                <textarea
                  ref={(el) => void (areas.current[s] = el)}
                  aria-label={label}
                  value={current[s]}
                  rows={s === "answerText" ? 1 : 5}
                  onChange={(e) => {
                    const v = e.target.value;
                    setDrafts((d) => ({ ...d, [s]: v }));
                  }}
                />
              ) : current[s] ? (
                <p className={styles.text} data-testid="section-text">
                  {current[s]}
                </p>
              ) : (
                <p className="muted small" data-testid="section-text">
                  {missing && !changed ? `The model's output has no <${s === "answerText" ? "answer" : s}> section.` : "Empty."}
                </p>
              )}
              {changed && <Diff original={original[s]} edited={current[s]} testId={`diff-${s === "answerText" ? "answer" : s}`} />}
              {s === "answerText" && answerPreview && (
                <p className={`small ${styles.flag}`} data-testid="answer-flag-preview">
                  If saved, this answer will be flagged: {answerPreview}
                </p>
              )}
            </section>
          );
        })}
      </div>

      <details data-testid="raw-output">
        <summary>Raw model output</summary>
        <pre className={styles.raw}>{p.rawOutput}</pre>
      </details>

      <div className={styles.review} role="group" aria-label="Review">
        <p className={styles.status} role="status" data-testid="review-status">
          {review ? (
            <>
              <span className={styles.badge} data-verdict={verdictClass(review.verdict)} data-testid="saved-verdict">
                {review.verdict ? VERDICT_LABEL[review.verdict as Verdict] : "No verdict"}
              </span>
              <span data-testid="chain-edited" data-edited={savedEdited.length > 0}>
                {savedEdited.length ? `Chain edited (${savedEdited.map((s) => SECTION_LABEL[s].toLowerCase()).join(", ")})` : "Chain not edited"}
              </span>
              <span className="muted">
                review v{review.version}
                {review.reviewer ? ` by ${review.reviewer.name}` : ""}, {fmtDateTime(review.updatedAt)}
              </span>
            </>
          ) : (
            <span data-testid="saved-verdict" className={styles.badge} data-verdict="unreviewed">
              {verdictLabel(null)}
            </span>
          )}
          {dirty && (
            <span className={styles.unsaved} data-testid="unsaved">
              Unsaved changes
            </span>
          )}
          {save.isPending && <span className="muted">Saving…</span>}
        </p>
        {savedFlag && !dirty && (
          <p className={`small ${styles.flag}`} data-testid="answer-flag">
            The saved answer is flagged: {savedFlag}
          </p>
        )}
        <div className={styles.verdicts}>
          {VERDICTS.map((v) => (
            <button
              key={v}
              type="button"
              className={VERDICT_STYLE[v]}
              aria-pressed={review?.verdict === v}
              disabled={save.isPending || conflict !== null}
              onClick={() => doSave(v)}
              title={`${VERDICT_ACTION[v].label} and save (${VERDICT_ACTION[v].key})`}
            >
              {VERDICT_ACTION[v].label} <kbd aria-hidden>{VERDICT_ACTION[v].key}</kbd>
            </button>
          ))}
          <button type="button" className="primary" disabled={!dirty || save.isPending || conflict !== null} onClick={() => doSave(undefined)} title="Save (Ctrl+Enter)">
            Save{" "}
            <span aria-hidden>
              <Keys combo={hotkey("saveChain").combos[0]!} />
            </span>
          </button>
        </div>
        <label>
          Note
          <textarea
            rows={2}
            value={note}
            onChange={(e) => {
              pin();
              setNoteDraft(e.target.value);
            }}
            placeholder="Why this verdict (optional)"
          />
        </label>
        {conflict && (
          <div role="alert" className="error" data-testid="review-conflict">
            <p style={{ margin: "0 0 0.4rem" }}>{conflict.message}</p>
            <button type="button" onClick={reloadTheirs}>
              Reload theirs
            </button>{" "}
            <span className="small">(discards your unsaved edits to this chain)</span>
          </div>
        )}
        {save.error && !conflict && (
          <p role="alert" className="error" data-testid="review-error">
            Not saved: {save.error.message}
          </p>
        )}
        <p className="muted small" style={{ margin: 0 }}>
          Keys:{" "}
          {hotkeysIn("chain").map((h, i) => (
            <span key={h.action}>
              {i > 0 && " · "}
              <Keys combo={h.combos[0]!} /> {h.description.toLowerCase()}
            </span>
          ))}
        </p>
      </div>
    </article>
  );
}

const gtValue = (v: number | null) => (v === null ? "none" : fmtProgress(v));

/** The flag text an edited answer would get, by the same parser the server uses (null: clean). */
function answerFlag(p: PredictionDetail, answer: string): string | null {
  const scale = p.run.progressScale === 1 ? 1 : 100;
  const r = parseModelOutput(`<answer>${answer}</answer>`, { questionType: p.questionType, scale });
  return r.flag ? PARSE_FLAG_TEXT[r.flag] : null;
}

function Diff({ original, edited, testId }: { original: string; edited: string; testId: string }) {
  const parts = useMemo(() => diffSegments(original, edited), [original, edited]);
  return (
    <div>
      <p className={styles.diffLabel}>Changes from the model&apos;s text:</p>
      <p className={styles.diff} data-testid={testId}>
        {parts.map((part, i) =>
          part.kind === "added" ? <ins key={i}>{part.text}</ins> : part.kind === "removed" ? <del key={i}>{part.text}</del> : <span key={i}>{part.text}</span>,
        )}
      </p>
    </div>
  );
}

/** A comparison's answer in words: +1 the query frame is further along, −1 the reference frame, 0 neither. */
function directionText(v: number | null): string {
  return v === null ? "no usable answer" : v > 0 ? "+1: the query frame" : v < 0 ? "−1: the reference frame" : "0: neither";
}

function Header({ p, titleId }: { p: PredictionDetail; titleId: string }) {
  const completion = p.questionType === "COMPLETION";
  const scale = p.run.progressScale;
  const error = p.progress !== null && p.gtProgress !== null ? Math.abs(p.progress - p.gtProgress) : null;
  return (
    <header className={styles.head}>
      <div className={styles.title}>
        <h2 id={titleId}>
          <span data-testid="chain-run">{p.run.name}</span>
        </h2>
        <span className="muted small" data-testid="chain-model">
          {p.run.modelName}
        </span>
        <span className="muted small">prediction #{p.id}</span>
      </div>
      <p className="small" style={{ margin: 0 }}>
        Episode{" "}
        <Link href={`/episodes/${p.episode.id}`} data-testid="chain-episode">
          #{p.episode.id} {p.episode.sourceKey}
        </Link>{" "}
        · {p.episode.environment.name} · <Link href={`/compare/${p.episode.id}`}>compare runs on this episode</Link>
      </p>
      <p className={styles.instruction} data-testid="chain-instruction">
        {p.episode.task.instruction}
      </p>
      <dl className={styles.facts}>
        <dt>Query frame</dt>
        <dd className={styles.num} data-testid="chain-query-frame">
          {p.queryFrame}
        </dd>
        <dt>Question asked</dt>
        <dd data-testid="chain-question">{p.question ?? <span className="muted">The question was not recorded.</span>}</dd>
        {p.questionType === "CONTRASTIVE" ? (
          <>
            <dt>Compared with frame</dt>
            <dd className={styles.num} data-testid="chain-reference-frame">
              {p.referenceFrame}
            </dd>
            <dt>Answer (which is further along)</dt>
            <dd data-testid="chain-predicted">{directionText(p.value)}</dd>
            <dt>Ground-truth progress</dt>
            <dd data-testid="chain-gt">
              {fmtProgress(p.gtReference)} → {fmtProgress(p.gtProgress)}
            </dd>
          </>
        ) : completion ? (
          <>
            <dt>Answer (completion)</dt>
            <dd data-testid="chain-predicted">{p.value === null ? "no usable answer" : p.value === 1 ? "yes" : "no"}</dd>
            <dt>Ground-truth progress</dt>
            <dd data-testid="chain-gt">{fmtProgress(p.gtProgress)}</dd>
          </>
        ) : (
          <>
            <dt>Predicted vs ground truth</dt>
            <dd>
              <span className={styles.num} data-testid="chain-predicted">
                {p.progress === null ? "no usable answer" : fmtProgress(p.progress)}
              </span>
              {scale === 1 && p.value !== null && <span className="muted small"> (answered {p.value} on a 0–1 scale)</span>} vs{" "}
              <span className={styles.num} data-testid="chain-gt">
                {p.gtProgress === null ? "no ground truth yet" : fmtProgress(p.gtProgress)}
              </span>
              {error !== null && <span className="muted"> · error {fmtProgress(error)}</span>}
            </dd>
            <dt>Accuracy reward</dt>
            <dd className={styles.num} data-testid="chain-reward">
              {p.reward === null ? "—" : p.reward.toFixed(2)}
            </dd>
          </>
        )}
        {p.successProb !== null && (
          <>
            <dt>Success probability</dt>
            <dd className={styles.num} data-testid="chain-success-prob">
              {p.successProb.toFixed(3)}
            </dd>
          </>
        )}
        <dt>PRIMO format check</dt>
        <dd>
          <span className={`pill ${p.formatOk ? styles.pass : styles.fail}`} data-testid="chain-format" data-pass={p.formatOk}>
            {p.formatOk ? "pass" : "fail"}
          </span>
        </dd>
        <dt>Answer flag</dt>
        <dd data-testid="chain-parse-flag" data-flag={p.parseFlag ?? ""}>
          {p.parseFlag ? (
            <span className={styles.flag}>
              <code>{p.parseFlag}</code> {p.parseFlagText}
            </span>
          ) : (
            <span className="muted">none</span>
          )}
        </dd>
        {p.referenceAnswer !== null && (
          <>
            <dt>Import&apos;s own answer</dt>
            <dd className="small">{p.referenceAnswer}</dd>
          </>
        )}
      </dl>
      {p.gtChanges.map((c) => (
        <p key={c.change.id} className={styles.gtChange} data-testid="gt-change">
          Ground truth changed from {gtValue(c.before)} to {gtValue(c.after)} on {fmtDateTime(c.change.createdAt)}
          {c.change.annotationVersion !== null ? ` (annotation v${c.change.annotationVersion}${c.change.author ? ` by ${c.change.author.name}` : ""})` : " (no reference annotation left)"}
        </p>
      ))}
    </header>
  );
}
