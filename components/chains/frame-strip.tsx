// The frames a prediction's model saw (I_init, V_seq, I_curr), each decoded by the server at its
// exact index. Thumbnails load lazily; a click shows the frame larger.
"use client";
import { useEffect, useId, useRef, useState } from "react";
import { frameUrl, stripFrames, type StripFrame } from "./frames";
import styles from "./chains.module.css";

interface Props {
  episodeId: number;
  cameras: readonly string[];
  frames: { init: number; sampled: readonly number[]; current: number };
}

export function FrameStrip({ episodeId, cameras, frames }: Props) {
  const titleId = useId();
  const [picked, setPicked] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const camera = cameras.find((c) => c === picked) ?? cameras[0];
  const items = stripFrames(frames);

  return (
    <section className={styles.strip} aria-labelledby={titleId} data-testid="frame-strip">
      <div className={styles.stripHead}>
        <h3 id={titleId}>Frames the model saw</h3>
        {cameras.length > 1 && camera && (
          <label>
            Camera
            <select value={camera} onChange={(e) => setPicked(e.target.value)}>
              {cameras.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {frames.sampled.length === 0 && (
        <p className="muted small" data-testid="sampled-missing">
          The sampled frames were not recorded for this prediction; only I_init and I_curr are shown.
        </p>
      )}
      {camera ? (
        <ol className={styles.frames} aria-label={`Frames the model saw, camera ${camera}`}>
          {items.map((it, i) => (
            <li key={it.key} data-testid="strip-frame" data-role={it.role} data-frame={it.frame}>
              <button type="button" onClick={() => setOpen(i)} title={`${it.label}, frame ${it.frame}: click to enlarge`}>
                {/* eslint-disable-next-line @next/next/no-img-element -- exact server-decoded frames, not optimisable assets */}
                <img src={frameUrl(episodeId, it.frame, camera, 160)} alt={altText(it, camera)} loading="lazy" decoding="async" width={156} height={100} />
              </button>
              <span className={styles.frameLabel}>{it.label}</span>
              <span className={styles.frameIndex} data-testid="strip-frame-index">
                frame {it.frame}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted small">This episode has no video, so there are no frames to show.</p>
      )}
      {open !== null && camera && items[open] && (
        <FrameDialog
          episodeId={episodeId}
          camera={camera}
          item={items[open]}
          hasPrev={open > 0}
          hasNext={open < items.length - 1}
          onMove={(d) => setOpen((o) => (o === null ? o : Math.max(0, Math.min(items.length - 1, o + d))))}
          onClose={() => setOpen(null)}
        />
      )}
    </section>
  );
}

const altText = (it: StripFrame, camera: string) => `${it.label}, frame ${it.frame}, camera ${camera}`;

function FrameDialog(p: { episodeId: number; camera: string; item: StripFrame; hasPrev: boolean; hasNext: boolean; onMove(d: 1 | -1): void; onClose(): void }) {
  const close = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    opener.current = document.activeElement;
    close.current?.focus();
    return () => {
      if (opener.current instanceof HTMLElement) opener.current.focus();
    };
  }, []);
  const { item } = p;
  return (
    <div className="modal-backdrop" onClick={p.onClose}>
      <div
        className="modal wide"
        role="dialog"
        aria-modal="true"
        aria-label={`${item.label}, frame ${item.frame}`}
        data-testid="frame-dialog"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          // Handled here, so the chain's own keys (Esc cancels an edit) do not also act.
          if (e.key === "Escape") p.onClose();
          else if (e.key === "ArrowLeft" && p.hasPrev) p.onMove(-1);
          else if (e.key === "ArrowRight" && p.hasNext) p.onMove(1);
          else return;
          e.preventDefault();
          e.stopPropagation();
        }}
      >
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img className={styles.big} src={frameUrl(p.episodeId, item.frame, p.camera, 640)} alt={altText(item, p.camera)} width={640} />
        <div className={styles.dialogBar}>
          <span>
            <strong>{item.label}</strong> · frame <span data-testid="frame-dialog-index">{item.frame}</span> · camera {p.camera}
          </span>
          <span className="row" style={{ margin: 0 }}>
            <button type="button" onClick={() => p.onMove(-1)} disabled={!p.hasPrev} aria-label="Previous image">
              ←
            </button>
            <button type="button" onClick={() => p.onMove(1)} disabled={!p.hasNext} aria-label="Next image">
              →
            </button>
            <button type="button" ref={close} onClick={p.onClose}>
              Close
            </button>
          </span>
        </div>
      </div>
    </div>
  );
}
