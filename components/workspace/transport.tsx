// Frame readout and transport buttons under the player. The frame number shown is the frame
// the main camera has painted.
"use client";
import { useState } from "react";
import type { FrameLabels } from "@/lib/media/frame-time";
import { useFrame, type FrameClock } from "./frame-clock";
import { RATES } from "./episode-player";

interface Props {
  clock: FrameClock;
  lengthFrames: number;
  labels: FrameLabels;
  playing: boolean;
  rate: number;
  loop: boolean;
  canLoop: boolean;
  gotoRef: React.RefObject<HTMLInputElement | null>;
  on: {
    step(d: number): void;
    seek(f: number): void;
    togglePlay(): void;
    prevEdge(): void;
    nextEdge(): void;
    rate(r: number): void;
    loop(): void;
  };
}

export function FrameReadout({ clock, lengthFrames, labels }: Pick<Props, "clock" | "lengthFrames" | "labels">) {
  const frame = useFrame(clock);
  return (
    <div className="readout" aria-live="off">
      <span>
        Frame <output data-testid="frame-index">{frame}</output>
        <span className="muted"> / {lengthFrames - 1}</span>
      </span>
      <output className="timecode" data-testid="timecode">
        {labels.timecode(frame)}
      </output>
      <span className="muted small" data-testid="frame-rate" title={labels.reference ? `Frames are camera ${labels.reference}'s; the other cameras follow them by time.` : undefined}>
        {labels.rateLabel}
        {labels.reference ? ` · frames of ${labels.reference}` : ""}
      </span>
    </div>
  );
}

export function Transport(p: Props) {
  const [goto, setGoto] = useState("");
  return (
    <div className="transport" role="toolbar" aria-label="Playback">
      <FrameReadout clock={p.clock} lengthFrames={p.lengthFrames} labels={p.labels} />
      <div className="transport-buttons">
        <button type="button" onClick={p.on.prevEdge} title="Previous segment edge ([)" aria-label="Previous segment edge">
          ⇤
        </button>
        <button type="button" onClick={() => p.on.step(-10)} title="Back 10 frames (Shift+←)" aria-label="Back 10 frames">
          −10
        </button>
        <button type="button" onClick={() => p.on.step(-1)} title="Previous frame (←)" aria-label="Previous frame">
          −1
        </button>
        <button type="button" className="primary" onClick={p.on.togglePlay} title="Play / pause (Space)" aria-label={p.playing ? "Pause" : "Play"}>
          {p.playing ? "❚❚" : "▶"}
        </button>
        <button type="button" onClick={() => p.on.step(1)} title="Next frame (→)" aria-label="Next frame">
          +1
        </button>
        <button type="button" onClick={() => p.on.step(10)} title="Forward 10 frames (Shift+→)" aria-label="Forward 10 frames">
          +10
        </button>
        <button type="button" onClick={p.on.nextEdge} title="Next segment edge (])" aria-label="Next segment edge">
          ⇥
        </button>
        <label className="inline">
          <span className="sr-only">Playback rate</span>
          <select
            value={p.rate}
            onChange={(e) => {
              p.on.rate(Number(e.target.value));
              e.currentTarget.blur();
            }} aria-label="Playback rate" title="Playback rate (< and >)">
            {RATES.map((r) => (
              <option key={r} value={r}>
                {r}×
              </option>
            ))}
          </select>
        </label>
        <button type="button" aria-pressed={p.loop} disabled={!p.canLoop && !p.loop} onClick={p.on.loop} title="Loop the current segment (P)" aria-label="Loop the current segment">
          ⟳ Loop
        </button>
        <form
          className="goto"
          onSubmit={(e) => {
            e.preventDefault();
            const f = Number(goto);
            if (goto.trim() !== "" && Number.isInteger(f)) p.on.seek(f);
            setGoto("");
            p.gotoRef.current?.blur();
          }}
        >
          <input
            ref={p.gotoRef}
            value={goto}
            onChange={(e) => setGoto(e.target.value)}
            inputMode="numeric"
            placeholder="Go to frame (G)"
            aria-label="Go to frame"
            size={12}
          />
        </form>
      </div>
    </div>
  );
}
