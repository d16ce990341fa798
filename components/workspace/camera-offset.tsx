// The time offset of the camera in the main view, when it is not the reference camera: shift it
// by whole frames or milliseconds until an event (a gripper closing) lines up with the reference
// camera (docs/video.md). Frame numbers never move; the camera's picture does.
"use client";
import { useEffect, useState } from "react";
import { useCameraOffset } from "./use-workspace";

export function CameraOffset(p: { episodeId: number; camera: string; reference: string; offsetMs: number; frameMs: number; canEdit: boolean }) {
  const save = useCameraOffset(p.episodeId);
  const [value, setValue] = useState(String(Math.round(p.offsetMs * 10) / 10));
  useEffect(() => setValue(String(Math.round(p.offsetMs * 10) / 10)), [p.offsetMs, p.camera]);
  const set = (ms: number) => save.mutate({ camera: p.camera, offsetMs: Math.round(ms * 1000) / 1000 });
  const frames = p.offsetMs / p.frameMs;
  return (
    <form
      className="camera-offset small"
      data-testid="camera-offset"
      onSubmit={(ev) => {
        ev.preventDefault();
        const ms = Number(value);
        if (Number.isFinite(ms)) set(ms);
      }}
    >
      <span>
        {p.camera} against {p.reference}: {Math.abs(frames - Math.round(frames)) < 0.01 ? `${Math.round(frames)} frame${Math.abs(Math.round(frames)) === 1 ? "" : "s"}` : `${frames.toFixed(2)} frames`}{" "}
        {p.offsetMs > 0 ? "late" : p.offsetMs < 0 ? "early" : "(in step)"}
      </span>
      {p.canEdit && (
        <>
          <button type="button" onClick={() => set(p.offsetMs - p.frameMs)} disabled={save.isPending} aria-label={`Shift ${p.camera} one frame earlier`}>
            −1 frame
          </button>
          <label>
            <span className="muted"> ms </span>
            <input type="number" step="any" value={value} onChange={(e) => setValue(e.target.value)} aria-label={`Offset of ${p.camera} in milliseconds`} style={{ width: "6em" }} />
          </label>
          <button type="submit" disabled={save.isPending}>
            Set
          </button>
          <button type="button" onClick={() => set(p.offsetMs + p.frameMs)} disabled={save.isPending} aria-label={`Shift ${p.camera} one frame later`}>
            +1 frame
          </button>
        </>
      )}
      {save.error && (
        <span role="alert" className="error">
          {save.error.message}
        </span>
      )}
    </form>
  );
}
