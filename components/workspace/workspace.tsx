// The annotation workspace: player, frame readout, subtask timeline, progress curve, segment
// list, outcome, review, history and agreement for one episode. Keyboard first: every action
// is in the hotkey registry (components/keys/hotkeys.ts) and `?` lists them.
"use client";
import { frameLabels, timelineOf } from "@/lib/media/frame-time";
import { CameraOffset } from "./camera-offset";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { SessionUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/roles";
import type { AnnotationSnapshot } from "@/lib/annotation/types";
import {
  createAtPlayhead,
  deleteSegment,
  mergeWithNext,
  moveEdge,
  nextEdge,
  prevEdge,
  relabelSegment,
  segmentAt,
  splitSegment,
  type SegmentResult,
} from "@/lib/annotation/segments";
import { progressCurve } from "@/lib/progress/progress-curve";
import { useEpisode, useFacets } from "@/components/episodes/use-episodes";
import { ORIGIN_LABEL, OUTCOME_LABEL, STATUS_LABEL } from "@/components/episodes/labels";
import { FrameClock, useFrameSelector } from "./frame-clock";
import { EpisodePlayer, RATES, type PlayerHandle } from "./episode-player";
import { Transport } from "./transport";
import { clampView, Timeline, type TimelineView } from "./timeline";
import { ProgressChart } from "./progress-chart";
import { SegmentPanel } from "./segment-panel";
import { OutcomePanel } from "./outcome-panel";
import { ReviewPanel } from "./review-panel";
import { HistoryPanel } from "./history-panel";
import { AgreementPanel } from "./agreement-panel";
import { ConflictDialog } from "./conflict-dialog";
import { ShortcutsHelp } from "@/components/keys/shortcuts-help";
import { Splitter } from "./splitter";
import { PANE_LIMITS, usePaneSizes } from "./use-pane-sizes";
import { labelColours } from "./label-colour";
import { PAGE_SCOPES } from "@/components/keys/hotkeys";
import { useHotkeys, type HotkeyHandlers } from "@/components/keys/use-hotkeys";
import { useAnnotationDraft, type SaveStatus } from "./use-annotation-draft";
import { useAnnotation, useAnnotationSettings, useAssign, useClaimEpisode, useClaimNext, useComments, useTaskLabels } from "./use-workspace";
import { can } from "@/lib/auth/policy";
import { QueueBar, useQueueMode } from "./queue-bar";

const newKey = () => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `k${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`);

type Tab = "review" | "history" | "agreement";

export function Workspace({ episodeId, user, annotationParam, queueParam }: { episodeId: number; user: SessionUser; annotationParam?: number; queueParam?: string }) {
  const router = useRouter();
  const episode = useEpisode(episodeId);
  const e = episode.data;
  const mine = e?.annotations.find((a) => a.annotator?.id === user.id);
  // Your own work first, then an annotator's (what a reviewer comes for), then the import.
  const annotationId = annotationParam ?? mine?.id ?? e?.annotations.find((x) => x.annotator)?.id ?? e?.annotations[0]?.id;
  const ann = useAnnotation(annotationId);
  const a = ann.data;
  const draft = useAnnotationDraft(a, user.id);
  const settings = useAnnotationSettings();
  const labels = useTaskLabels(e?.task.id);
  const comments = useComments(a?.id);
  const claimNext = useClaimNext();
  const claim = useClaimEpisode(episodeId);
  const reviewQueue = useQueueMode(queueParam);

  const clock = useMemo(() => new FrameClock(), []);
  const player = useRef<PlayerHandle>(null);
  const gotoRef = useRef<HTMLInputElement>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const [mainCamera, setMainCamera] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const [rate, setRate] = useState(1);
  const [loop, setLoop] = useState(false);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [focusLabel, setFocusLabel] = useState(0);
  const [view, setView] = useState<TimelineView>({ start: 0, span: 1 });
  const [help, setHelp] = useState(false);
  const [tab, setTab] = useState<Tab>("review");
  const [notice, setNotice] = useState<string | null>(null);
  const [panes, setPanes] = usePaneSizes();

  const length = e?.lengthFrames ?? 1;
  const cams = e?.cameras ?? [];
  const main =
    cams.find((c) => c.camera === mainCamera) ?? cams.find((c) => c.camera === e?.referenceCamera && c.playable) ?? cams.find((c) => c.playable) ?? cams[0];
  const timeline = useMemo(() => (e ? timelineOf(e) : null), [e]);
  const frameText = useMemo(() => frameLabels(timeline, e?.fps ?? 30), [timeline, e?.fps]);
  const snapshot = draft.snapshot;
  const segments = useMemo(() => snapshot?.segments ?? [], [snapshot]);
  const editable = Boolean(a?.permissions.canEdit) && draft.status.kind !== "conflict";
  // The workspace re-renders when the playhead enters another segment, not on every frame.
  const keyAtPlayhead = useFrameSelector(clock, (f) => segmentAt(segments, f)?.key ?? null);
  const current = segments.find((s) => s.key === (keyAtPlayhead ?? selectedKey)) ?? null;
  const vocabulary = labels.data?.canonical ?? e?.task.canonicalSubtasks;
  const colourOf = useMemo(() => labelColours(segments, vocabulary ?? []), [segments, vocabulary]);

  useEffect(() => {
    if (e) setView((v) => (v.span === 1 ? { start: 0, span: e.lengthFrames } : clampView(v, e.lengthFrames)));
  }, [e]);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), 4000);
    return () => clearTimeout(t);
  }, [notice]);

  const curve = useMemo(
    () =>
      snapshot && e
        ? progressCurve({
            segments,
            lengthFrames: e.lengthFrames,
            weighting: e.task.progressWeighting,
            outcome: snapshot.outcome,
            canonicalSubtasks: e.task.canonicalSubtasks,
            typicalDurations: labels.data?.typicalDurations,
          })
        : [],
    [snapshot, segments, e, labels.data],
  );

  const applySegments = useCallback(
    (r: SegmentResult, select?: string | null) => {
      if (!r.ok) {
        setNotice(r.error);
        return;
      }
      draft.edit((s) => ({ ...s, segments: r.segments }));
      if (select !== undefined) setSelectedKey(select);
    },
    [draft],
  );
  const patch = useCallback((p: Partial<AnnotationSnapshot>) => draft.edit((s) => ({ ...s, ...p })), [draft]);

  // Without a playable camera the playhead is just a number; otherwise the player moves it.
  const hasVideo = cams.some((c) => c.playable);
  const seek = useCallback(
    (f: number) => {
      if (player.current && hasVideo) player.current.seek(f);
      else clock.set(Math.max(0, Math.min(length - 1, f)));
    },
    [hasVideo, clock, length],
  );

  const goNext = async () => {
    const saved = await draft.flush();
    if (saved !== "saved" && saved !== "read-only") {
      setNotice("Your last edits are not on the server yet (see the save status); they are kept in this browser. Resolve that first.");
      return;
    }
    const r = await claimNext.mutateAsync({ excludeAnnotationId: mine?.id });
    if (r.claimed) router.push(`/episodes/${r.claimed.episodeId}`);
    else setNotice("No episodes are waiting for annotation.");
  };

  // Edits act on where the user put the playhead, even if a fast key sequence outran the decoder.
  const target = () => {
    const f = clock.playhead();
    return segmentAt(segments, f) ?? segments.find((s) => s.key === selectedKey) ?? null;
  };

  // Keyboard: the handlers for the workspace's scopes of the hotkey registry (components/keys/hotkeys.ts).
  const handlers = {
    playPause: () => player.current?.togglePlay(),
    stepBack: () => seekStep(-1),
    stepForward: () => seekStep(1),
    stepBack10: () => seekStep(-10),
    stepForward10: () => seekStep(10),
    firstFrame: () => seek(0),
    lastFrame: () => seek(length - 1),
    prevEdge: () => {
      const f = prevEdge(segments, clock.playhead());
      if (f !== undefined) seek(f);
    },
    nextEdge: () => {
      const f = nextEdge(segments, clock.playhead());
      if (f !== undefined) seek(f);
    },
    prevSegment: () => selectRelative(-1),
    nextSegment: () => selectRelative(1),
    slower: () => changeRate(-1),
    faster: () => changeRate(1),
    loop: () => setLoop((l) => !l && current !== null),
    newSegment: () => {
      const key = newKey();
      applySegments(createAtPlayhead(segments, clock.playhead(), length, key, ""), key);
    },
    split: () => {
      const key = newKey();
      applySegments(splitSegment(segments, clock.playhead(), key), key);
    },
    setStart: () => withTarget((t) => applySegments(moveEdge(segments, t.key, "start", clock.playhead(), length))),
    setEnd: () => withTarget((t) => applySegments(moveEdge(segments, t.key, "end", clock.playhead(), length))),
    merge: () => withTarget((t) => applySegments(mergeWithNext(segments, t.key))),
    delete: () => withTarget((t) => applySegments(deleteSegment(segments, t.key), null)),
    label: () =>
      withTarget((t) => {
        setSelectedKey(t.key);
        setFocusLabel((n) => n + 1);
      }),
    undo: () => draft.undo(),
    redo: () => draft.redo(),
    save: () => void draft.flush(),
    success: () => patch({ outcome: "SUCCESS" }),
    failure: () => patch({ outcome: "FAILURE" }),
    unsure: () => patch({ outcome: "UNSURE" }),
    cameraLayout: () => setPanes({ cameras: panes.cameras === "grid" ? "swap" : "grid" }),
    camera: () => {
      const playable = cams.filter((c) => c.playable);
      if (playable.length < 2 || !main) return;
      setMainCamera(playable[(playable.findIndex((c) => c.camera === main.camera) + 1) % playable.length]!.camera);
    },
    zoomIn: () => zoom(0.5),
    zoomOut: () => zoom(2),
    comment: () => {
      setTab("review");
      setTimeout(() => commentRef.current?.focus(), 0);
    },
    goto: () => gotoRef.current?.focus(),
    help: () => setHelp((h) => !h),
  };
  function withTarget(fn: (s: NonNullable<ReturnType<typeof target>>) => void) {
    const t = target();
    if (t) fn(t);
    else setNotice("Move the playhead into a segment (or select one) first.");
  }
  function seekStep(d: number) {
    if (player.current && hasVideo) player.current.step(d);
    else seek(clock.playhead() + d);
  }
  function selectRelative(d: number) {
    if (!segments.length) return;
    const cur = target();
    const idx = cur ? segments.findIndex((s) => s.key === cur.key) : d > 0 ? -1 : segments.length;
    const next = segments[Math.max(0, Math.min(segments.length - 1, idx + d))]!;
    setSelectedKey(next.key);
    seek(next.startFrame);
  }
  function changeRate(d: number) {
    const i = RATES.indexOf(rate as (typeof RATES)[number]);
    setRate(RATES[Math.max(0, Math.min(RATES.length - 1, (i < 0 ? 3 : i) + d))]!);
  }
  function zoom(factor: number) {
    setView((v) => {
      const span = v.span * factor;
      return clampView({ start: clock.playhead() - span / 2, span }, length);
    });
  }
  const blocked = draft.status.kind === "conflict";
  useHotkeys(PAGE_SCOPES.workspace, handlers satisfies HotkeyHandlers, !help && !blocked);
  useEffect(() => {
    if (!help) return;
    // While the list is open every key is the list's: Esc or ? closes it.
    const onKey = (ev: KeyboardEvent) => {
      if (ev.key === "Escape" || ev.key === "?") {
        ev.preventDefault();
        setHelp(false);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [help]);

  if (episode.isPending) return <p className="muted">Loading episode…</p>;
  if (episode.error || !e)
    return (
      <p role="alert" className="error">
        {episode.error?.message ?? "Episode not found."}
      </p>
    );

  const isLead = hasRole(user.role, "LEAD");
  const canResearch = hasRole(user.role, "RESEARCHER");
  const pins = (comments.data?.comments ?? []).filter((c) => c.frame !== null).map((c) => ({ id: c.id, frame: c.frame!, resolved: c.resolved }));

  return (
    <section className="workspace" aria-label="Annotation workspace">
      <div className="ws-head">
        <div>
          <p className="small">
            <Link href="/episodes">← Episodes</Link>
          </p>
          <h1>
            Episode #{e.id} <span className="muted small">{e.sourceKey}</span>
          </h1>
          <p className="instruction" data-testid="episode-instruction">
            {e.task.instruction}
          </p>
          <p className="small muted">
            {e.environment.name} · {e.lengthFrames} frames · episode status <span className="pill" data-testid="episode-status">{STATUS_LABEL[e.status]}</span>
            {a && (
              <>
                {" "}
                · annotation by {a.annotator?.name ?? "import"} (<span data-testid="annotation-origin">{ORIGIN_LABEL[a.origin]}</span>)
                {a.annotator && (
                  <>
                    :{" "}
                    <span className="pill" data-testid="annotation-status">
                      {STATUS_LABEL[a.status]}
                    </span>
                  </>
                )}{" "}
                · version <span data-testid="annotation-version">{a.version}</span>
              </>
            )}
          </p>
        </div>
        <div className="ws-actions">
          {a && <SaveIndicator status={draft.status} />}
          <button type="button" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
            ? Shortcuts
          </button>
          <button type="button" className="primary" onClick={() => void goNext()} disabled={claimNext.isPending}>
            Next episode →
          </button>
        </div>
      </div>

      {reviewQueue && a && <QueueBar queue={reviewQueue} annotationId={a.id} onError={setNotice} />}
      {e.timingNotes.length > 0 && (
        <details className="banner timing-notes" data-testid="timing-notes">
          <summary>
            Video timing: {e.timingNotes.length === 1 ? "one note" : `${e.timingNotes.length} notes`} from the import. Frames are camera {e.referenceCamera}&apos;s.
          </summary>
          <ul>
            {e.timingNotes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      )}

      {e.annotations.length > 1 && (
        <nav className="annotation-tabs" aria-label="Annotations of this episode">
          {e.annotations.map((x) => (
            <Link key={x.id} href={`/episodes/${e.id}?annotation=${x.id}`} aria-current={x.id === a?.id ? "true" : undefined} onClick={() => void draft.flush()}>
              {x.annotator ? (
                <>
                  {x.annotator.name} <span className="muted small">({STATUS_LABEL[x.status]})</span>
                </>
              ) : (
                <>
                  Imported <span className="muted small">(pre-fill)</span>
                </>
              )}
            </Link>
          ))}
        </nav>
      )}
      {!mine && e.status === "UNASSIGNED" && (
        <div className="banner">
          {a ? "You are viewing the imported segments. " : "Nobody is annotating this episode yet. "}
          <button
            type="button"
            className="primary"
            disabled={claim.isPending}
            onClick={() =>
              claim.mutate(undefined, {
                onSuccess: (r) => router.replace(`/episodes/${e.id}?annotation=${r.claimed.annotationId}`),
                onError: (err) => setNotice(err.message),
              })
            }
          >
            Annotate this episode
          </button>
        </div>
      )}
      {a && !a.permissions.canEdit && (
        <p className="banner muted small" data-testid="read-only">
          Read only: {a.status === "APPROVED" ? "this annotation is approved." : a.annotator?.id === user.id ? "it is with the reviewers." : "it is not yours to edit."}
        </p>
      )}
      {draft.restored && (
        <p className="banner" role="status" data-testid="restored-banner">
          Restored edits that had not reached the server yet.{" "}
          <button type="button" className="link" onClick={draft.dismissRestored}>
            OK
          </button>
        </p>
      )}
      {notice && (
        <p className="toast" role="status" data-testid="notice">
          {notice}
        </p>
      )}

      <div className="ws-grid" style={{ "--ws-side": `${panes.side}px` } as React.CSSProperties}>
        <div className="ws-main" data-hotkeys="editor">
          <div className="ws-stage" data-testid="ws-stage">
            {main && timeline ? (
              <EpisodePlayer
                timeline={timeline}
                ref={player}
                cameras={cams}
                lengthFrames={e.lengthFrames}
                clock={clock}
                mainCamera={main.camera}
                onMainCameraChange={setMainCamera}
                layout={panes.cameras}
                loop={loop && current ? { start: current.startFrame, end: current.endFrame } : null}
                onPlayingChange={setPlaying}
                rate={rate}
              />
            ) : (
              <p className="muted">This episode has no video.</p>
            )}
          </div>
          <Splitter orientation="horizontal" label="Resize the progress chart" value={panes.chart} min={PANE_LIMITS.chart.min} max={PANE_LIMITS.chart.max} farSide onChange={(chart) => setPanes({ chart })} />
          <div className="ws-dock" data-testid="ws-dock">
            {main && timeline && main.camera !== timeline.reference && (
              <CameraOffset episodeId={e.id} camera={main.camera} reference={timeline.reference} offsetMs={main.offsetMs} frameMs={1000 / main.fps} canEdit={editable && can(user, "episode.cameras.edit", { assigneeId: e.assignee?.id ?? null })} />
            )}
            <Transport
              clock={clock}
              lengthFrames={e.lengthFrames}
              labels={frameText}
              playing={playing}
              rate={rate}
              loop={loop}
              canLoop={current !== null}
              gotoRef={gotoRef}
              on={{
                step: seekStep,
                seek,
                togglePlay: handlers.playPause,
                prevEdge: handlers.prevEdge,
                nextEdge: handlers.nextEdge,
                rate: setRate,
                loop: handlers.loop,
              }}
            />
            <div className="timeline-bar">
              <span className="small muted view-range">
                Frames {view.start}–{view.start + view.span - 1}
              </span>
              <button type="button" onClick={() => zoom(0.5)} aria-label="Zoom in" title="Zoom in (=)">
                +
              </button>
              <button type="button" onClick={() => zoom(2)} aria-label="Zoom out" title="Zoom out (-)">
                −
              </button>
              <button type="button" onClick={() => setView({ start: 0, span: e.lengthFrames })} title="Show the whole episode">
                Fit
              </button>
              {editable && (
                <>
                  <button type="button" onClick={handlers.newSegment} title="New segment at the playhead (N)">
                    New segment
                  </button>
                  <button type="button" onClick={handlers.split} title="Split at the playhead (S)">
                    Split
                  </button>
                  <button type="button" onClick={handlers.merge} disabled={!current} title="Merge with the next segment (M)">
                    Merge
                  </button>
                </>
              )}
              <button type="button" onClick={draft.undo} disabled={!draft.canUndo || !editable} title="Undo (Ctrl+Z)">
                Undo
              </button>
              <button type="button" onClick={draft.redo} disabled={!draft.canRedo || !editable} title="Redo (Ctrl+Shift+Z)">
                Redo
              </button>
              {cams.filter((c) => c.playable).length > 1 && (
                <button type="button" aria-pressed={panes.cameras === "grid"} onClick={handlers.cameraLayout} title="All cameras alike in a grid, or one large (Shift+V)">
                  Camera grid
                </button>
              )}
              <span className="current-segment small" data-testid="current-segment" aria-live="off">
                {current ? (
                  <>
                    <span className="swatch" style={{ background: colourOf(current.label) }} /> <strong>{current.label || "(no label)"}</strong>{" "}
                    <span className="muted">
                      {current.startFrame}–{current.endFrame}
                    </span>
                  </>
                ) : (
                  <span className="muted">No segment at the playhead</span>
                )}
              </span>
            </div>
            <Timeline
              segments={segments}
              lengthFrames={e.lengthFrames}
              labels={frameText}
              clock={clock}
              view={view}
              onViewChange={setView}
              selectedKey={selectedKey}
              onSelect={setSelectedKey}
              onSeek={seek}
              onSegments={(next) => draft.edit((s) => ({ ...s, segments: next }))}
              onError={setNotice}
              newKey={newKey}
              editable={editable}
              pins={pins}
              colourOf={colourOf}
            />
            <ProgressChart
              curve={curve}
              clock={clock}
              view={view}
              height={panes.chart}
              note={`${e.task.progressWeighting === "EQUAL" ? "equal shares per subtask" : "shares by typical subtask duration"}${snapshot?.outcome === "FAILURE" ? "; a failed episode stays below 100 %" : ""}`}
            />
          </div>
        </div>
        <Splitter orientation="vertical" label="Resize the side panel" value={panes.side} min={PANE_LIMITS.side.min} max={PANE_LIMITS.side.max} farSide onChange={(side) => setPanes({ side })} />
        <aside className="ws-side">
          {a && snapshot ? (
            <>
              <div data-hotkeys="editor">
              <SegmentPanel
                segments={segments}
                selectedKey={selectedKey}
                currentKey={current?.key ?? null}
                editable={editable}
                labels={frameText}
                suggestions={{ canonical: labels.data?.canonical ?? e.task.canonicalSubtasks, used: labels.data?.used ?? [] }}
                vocabularyClosed={labels.data?.vocabularyClosed ?? false}
                focusLabel={focusLabel}
                colourOf={colourOf}
                onSelect={(key, f) => {
                  setSelectedKey(key);
                  seek(f);
                }}
                onRelabel={(key, label) => applySegments(relabelSegment(segments, key, label))}
                onDelete={(key) => applySegments(deleteSegment(segments, key), null)}
              />
              <OutcomePanel snapshot={snapshot} settings={settings.data} editable={editable} onChange={patch} />
              </div>
              <div className="tabs" role="tablist" aria-label="Review, history and agreement">
                <button type="button" role="tab" aria-selected={tab === "review"} onClick={() => setTab("review")}>
                  Review
                </button>
                <button type="button" role="tab" aria-selected={tab === "history"} onClick={() => setTab("history")}>
                  History
                </button>
                {canResearch && e.annotatorCount > 1 && (
                  <button type="button" role="tab" aria-selected={tab === "agreement"} onClick={() => setTab("agreement")}>
                    Agreement
                  </button>
                )}
              </div>
              {tab === "review" && (
                <ReviewPanel
                  user={user}
                  annotation={a}
                  draft={draft}
                  segments={segments}
                  frame={() => clock.frame}
                  currentSegment={current}
                  onSeek={seek}
                  commentRef={commentRef}
                  onSubmitted={() => setNotice("Submitted for review. Press “Next episode” to continue.")}
                  onReviewed={reviewQueue ? () => void reviewQueue.next(a.id).catch((err: Error) => setNotice(err.message)) : undefined}
                />
              )}
              {/* The history and agreement panels have keys of their own (lists, buttons): segment keys stand aside there. */}
              {tab === "history" && (
                <div data-hotkeys="none">
                  <HistoryPanel annotationId={a.id} draft={draft} editable={editable} />
                </div>
              )}
              {tab === "agreement" && (
                <div data-hotkeys="none">
                  <AgreementPanel episodeId={e.id} />
                </div>
              )}
            </>
          ) : (
            <p className="muted">{ann.isPending && annotationId ? "Loading annotation…" : "No annotation to show yet."}</p>
          )}
          {isLead && <div data-hotkeys="none"><AssignForm episodeId={e.id} assigned={e.annotations.filter((x) => x.annotator).map((x) => x.annotator!.id)} /></div>}
          <p className="small muted">
            Outcome on record: {OUTCOME_LABEL[e.outcome]}. {e.annotatorCount} annotator{e.annotatorCount === 1 ? "" : "s"}.
          </p>
        </aside>
      </div>

      {help && <ShortcutsHelp scopes={PAGE_SCOPES.workspace} onClose={() => setHelp(false)} />}
      {draft.conflict && <ConflictDialog conflict={draft.conflict} onResolve={draft.resolveConflict} />}
    </section>
  );
}

function SaveIndicator({ status }: { status: SaveStatus }) {
  const text: Record<SaveStatus["kind"], string> = {
    saved: "All changes saved",
    pending: "Unsaved changes…",
    saving: "Saving…",
    retrying: "",
    error: "",
    conflict: "Conflict: someone else saved",
  };
  let label = text[status.kind];
  if (status.kind === "retrying") label = `${status.reason}: edits kept in this browser, retrying in ${Math.round(status.inMs / 1000)} s`;
  if (status.kind === "error") label = `Not saved: ${status.message}`;
  return (
    <span className={`save-status save-${status.kind}`} data-testid="save-status" data-state={status.kind} role="status">
      {label}
    </span>
  );
}

function AssignForm({ episodeId, assigned }: { episodeId: number; assigned: number[] }) {
  const facets = useFacets();
  const assign = useAssign(episodeId);
  const [pick, setPick] = useState<string>("");
  const candidates = (facets.data?.assignees ?? []).filter((u) => !assigned.includes(u.id));
  return (
    <form
      className="assign"
      onSubmit={(ev) => {
        ev.preventDefault();
        if (pick) assign.mutate([Number(pick)], { onSuccess: () => setPick("") });
      }}
    >
      <label>
        Assign another annotator (for agreement)
        <select value={pick} onChange={(ev) => setPick(ev.target.value)} aria-label="Annotator to assign">
          <option value="">Choose…</option>
          {candidates.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={!pick || assign.isPending}>
        Assign
      </button>
      {assign.error && <p className="error small">{assign.error.message}</p>}
    </form>
  );
}

