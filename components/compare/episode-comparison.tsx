// One episode against every run that predicted it: the frame-exact player (the workspace's own
// EpisodePlayer and FrameClock), one chart of ground truth and predicted points, per-episode
// metrics per run, and the chain of the point clicked.
"use client";
import { frameLabels, timelineOf } from "@/lib/media/frame-time";
import Link from "next/link";
import { useCallback, useMemo, useRef, useState } from "react";
import { useEpisode } from "@/components/episodes/use-episodes";
import { FrameClock } from "@/components/workspace/frame-clock";
import { EpisodePlayer, type PlayerHandle } from "@/components/workspace/episode-player";
import { FrameReadout } from "@/components/workspace/transport";
import { PAGE_SCOPES } from "@/components/keys/hotkeys";
import { useHotkeys } from "@/components/keys/use-hotkeys";
import { ChainPanel } from "@/components/chains/chain-panel";
import { ComparisonChart, type PickedPoint } from "./comparison-chart";
import { chartSeries, pointRows } from "./compare-data";
import { MetricsTable } from "./metrics-table";
import { useComparison } from "./use-comparison";
import { ScopeControls, ScopeNote, useMetricScope } from "@/components/metrics/metric-scope";
import { STATUS_LABEL } from "@/components/episodes/labels";
import styles from "./compare.module.css";

export function EpisodeComparison({ episodeId }: { episodeId: number }) {
  const episode = useEpisode(episodeId);
  const scope = useMetricScope();
  const cmp = useComparison(episodeId, scope.query);
  const e = episode.data;
  const c = cmp.data;

  const clock = useMemo(() => new FrameClock(), []);
  const player = useRef<PlayerHandle>(null);
  const [mainCamera, setMainCamera] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);

  const length = e?.lengthFrames ?? 1;
  const cams = useMemo(() => e?.cameras ?? [], [e]);
  const main =
    cams.find((x) => x.camera === mainCamera) ?? cams.find((x) => x.camera === e?.referenceCamera && x.playable) ?? cams.find((x) => x.playable) ?? cams[0];
  const timeline = useMemo(() => (e ? timelineOf(e) : null), [e]);
  const labels = useMemo(() => frameLabels(timeline, e?.fps ?? 30), [timeline, e?.fps]);
  const hasVideo = cams.some((x) => x.playable);

  // Exactly as the workspace: the player seeks (and reports the frame it painted); without a
  // playable camera the playhead is just a number.
  const seek = useCallback(
    (f: number) => {
      if (player.current && hasVideo) player.current.seek(f);
      else clock.set(Math.max(0, Math.min(length - 1, f)));
    },
    [hasVideo, clock, length],
  );
  const step = useCallback(
    (d: number) => {
      if (player.current && hasVideo) player.current.step(d);
      else seek(clock.playhead() + d);
    },
    [hasVideo, clock, seek],
  );
  const togglePlay = useCallback(() => player.current?.togglePlay(), []);
  const pick = useCallback(
    (p: PickedPoint) => {
      seek(p.frame);
      setSelected(p.predictionId);
    },
    [seek],
  );

  // Playback keys from the hotkey registry; the chain panel listens to its own scope (A/R/F/E).
  useHotkeys(PAGE_SCOPES.compare, {
    playPause: togglePlay,
    stepBack: () => step(-1),
    stepForward: () => step(1),
    stepBack10: () => step(-10),
    stepForward10: () => step(10),
    firstFrame: () => seek(0),
    lastFrame: () => seek(length - 1),
  });

  const series = useMemo(() => (c ? chartSeries(c.runs) : []), [c]);
  const rows = useMemo(() => (c ? pointRows(c.runs) : []), [c]);
  const groundTruth = c?.groundTruth?.points ?? null;

  if (episode.isPending || cmp.isPending) return <p className="muted">Loading comparison…</p>;
  if (episode.error || (cmp.error && !c) || !e || !c)
    return (
      <p role="alert" className="error">
        {episode.error?.message ?? cmp.error?.message ?? "Episode not found."}
      </p>
    );

  return (
    <section aria-label="Episode comparison" data-testid="episode-comparison">
      <div className="ws-head">
        <div>
          <p className="small" style={{ margin: 0 }}>
            <Link href={`/episodes/${e.id}`} data-testid="workspace-link">
              ← Episode workspace
            </Link>{" "}
            · <Link href={`/review?episode=${e.id}`}>Review this episode&apos;s chains</Link>
          </p>
          <h1>
            Compare runs: episode #{e.id} <span className="muted small">{e.sourceKey}</span>
          </h1>
          <p className="instruction">{e.task.instruction}</p>
          <p className="small muted" style={{ margin: 0 }}>
            {e.environment.name} · {e.lengthFrames} frames · {c.runs.length} run{c.runs.length === 1 ? "" : "s"}
            {c.groundTruth && (
              <>
                {" "}
                · ground truth from annotation v{c.groundTruth.annotationVersion},{" "}
                <span data-testid="ground-truth-status">{STATUS_LABEL[c.groundTruth.annotationStatus]?.toLowerCase()}</span>
                {c.groundTruth.outcome === "FAILURE" ? " (failed episode: stays below 100 %)" : ""}
              </>
            )}
          </p>
          <div className="filters">
            <ScopeControls query={scope.query} update={scope.update} splits={false} />
            {cmp.isPlaceholderData && (
              <span className="small muted" role="status">
                Updating…
              </span>
            )}
          </div>
          <ScopeNote scope={c.scope} splits={false} />
        </div>
      </div>

      {c.groundTruthWithheld && (
        <p className="banner" role="status" data-testid="ground-truth-withheld">
          Approved only: this episode&apos;s ground truth is not shown and its metrics are empty. {c.groundTruthWithheld}
        </p>
      )}
      {!c.groundTruth && !c.groundTruthWithheld && (
        <p className="banner" role="status" data-testid="no-ground-truth">
          This episode has no ground truth yet (no reference annotation), so only the predictions are plotted and the metrics are empty.{" "}
          <Link href={`/episodes/${e.id}`}>Annotate it in the workspace.</Link>
        </p>
      )}

      <div className={styles.grid}>
        <div className={styles.main}>
          {main && timeline ? (
            <EpisodePlayer
              timeline={timeline}
              layout="swap"
              ref={player}
              cameras={cams}
              lengthFrames={e.lengthFrames}
              clock={clock}
              mainCamera={main.camera}
              onMainCameraChange={setMainCamera}
              loop={null}
              onPlayingChange={setPlaying}
              rate={1}
            />
          ) : (
            <p className="muted">This episode has no video.</p>
          )}
          <div className="transport" role="toolbar" aria-label="Playback">
            <FrameReadout clock={clock} lengthFrames={e.lengthFrames} labels={labels} />
            <div className="transport-buttons">
              <button type="button" onClick={() => step(-10)} title="Back 10 frames (Shift+←)" aria-label="Back 10 frames">
                −10
              </button>
              <button type="button" onClick={() => step(-1)} title="Previous frame (←)" aria-label="Previous frame">
                −1
              </button>
              <button type="button" className="primary" onClick={togglePlay} title="Play / pause (Space)" aria-label={playing ? "Pause" : "Play"}>
                {playing ? "❚❚" : "▶"}
              </button>
              <button type="button" onClick={() => step(1)} title="Next frame (→)" aria-label="Next frame">
                +1
              </button>
              <button type="button" onClick={() => step(10)} title="Forward 10 frames (Shift+→)" aria-label="Forward 10 frames">
                +10
              </button>
            </div>
          </div>
          <ComparisonChart
            groundTruth={groundTruth}
            series={series}
            lengthFrames={e.lengthFrames}
            selectedId={selected}
            onPick={pick}
            clock={clock}
            rows={rows}
          />
        </div>
        <aside className={styles.side}>
          {c.runs.length === 0 ? (
            <p className="muted" data-testid="no-runs">
              No run has predicted this episode yet.
            </p>
          ) : (
            <MetricsTable runs={c.runs} series={series} />
          )}
          {selected !== null ? (
            <ChainPanel predictionId={selected} />
          ) : (
            c.runs.length > 0 && <p className="muted small">Click a point on the chart (or in the list under it) to seek there and read that prediction&apos;s chain.</p>
          )}
        </aside>
      </div>
    </section>
  );
}
