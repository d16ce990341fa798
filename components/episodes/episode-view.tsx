"use client";
import Link from "next/link";
import { useEpisode } from "./use-episodes";
import { CameraVideo } from "./camera-video";
import { formatDuration, OUTCOME_LABEL, STATUS_LABEL } from "./labels";

const ORIGIN_LABEL: Record<string, string> = {
  MANUAL: "annotated by hand",
  AGIBOT_ACTION_CONFIG: "pre-filled from AgiBot action_config",
  MANIFEST: "pre-filled from the import manifest",
  LEROBOT_SPARSE_SUBTASKS: "pre-filled from LeRobot sparse subtask columns",
};

export function EpisodeView({ id }: { id: number }) {
  const { data: e, error, isPending } = useEpisode(id);
  if (isPending) return <p className="muted">Loading episode…</p>;
  if (error)
    return (
      <p role="alert" className="error">
        {error.message}
      </p>
    );
  return (
    <section>
      <p>
        <Link href="/episodes">← Episodes</Link>
      </p>
      <div className="page-head">
        <h1>
          Episode #{e.id} <span className="muted small">{e.sourceKey}</span>
        </h1>
      </div>
      <dl className="facts">
        <dt>Task</dt>
        <dd data-testid="episode-instruction">{e.task.instruction}</dd>
        <dt>Environment</dt>
        <dd>{e.environment.name}</dd>
        <dt>Source</dt>
        <dd>
          {e.source.name} <span className="muted">({e.source.kind})</span>
        </dd>
        <dt>Length</dt>
        <dd>
          {e.lengthFrames} frames at {Number(e.fps.toFixed(3))} fps ({formatDuration(e.lengthFrames, e.fps)})
        </dd>
        <dt>Outcome</dt>
        <dd>{OUTCOME_LABEL[e.outcome]}</dd>
        <dt>Status</dt>
        <dd>{STATUS_LABEL[e.status]}</dd>
        {e.splitTags.length > 0 && (
          <>
            <dt>Split tags</dt>
            <dd>{e.splitTags.join(", ")}</dd>
          </>
        )}
      </dl>
      <h2>Cameras</h2>
      <div className="cameras">
        {e.cameras.map((c) => (
          <figure key={c.camera}>
            <CameraVideo cam={c} />
            <figcaption>
              {c.camera} · {c.width}×{c.height} · {c.codec} · frames {c.startFrame}–{c.startFrame + c.frameCount - 1} of the file
              {c.startSec > 0 ? ` (starts at ${c.startSec.toFixed(3)} s)` : ""}
            </figcaption>
          </figure>
        ))}
      </div>
      <h2>Subtask segments</h2>
      {e.annotations.length === 0 && <p className="muted">No segments yet.</p>}
      {e.annotations.map((a) => (
        <div key={a.id} className="annotation">
          <p className="muted small" data-testid="annotation-origin">
            {a.annotator ? `By ${a.annotator.name}` : "Imported"} — {ORIGIN_LABEL[a.origin]} · version {a.version}
          </p>
          <table className="grid compact" aria-label="Segments">
            <thead>
              <tr>
                <th>#</th>
                <th>Label</th>
                <th>Start frame</th>
                <th>End frame</th>
                <th>Frames</th>
              </tr>
            </thead>
            <tbody>
              {a.segments.map((s, i) => (
                <tr key={s.id}>
                  <td>{i + 1}</td>
                  <td>{s.label}</td>
                  <td>{s.startFrame}</td>
                  <td>{s.endFrame}</td>
                  <td>{s.endFrame - s.startFrame + 1}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
