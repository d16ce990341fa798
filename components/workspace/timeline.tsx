// The subtask timeline under the player. Only what is inside the visible frame window is drawn
// (segments, gaps, ticks), so a 20-minute episode costs the same as a 20-second one. Edges are
// dragged with the pointer and snap to whole frames; dragging on empty track creates a segment.
"use client";
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { SegmentDraft } from "@/lib/annotation/types";
import { createSegment, moveEdge } from "@/lib/annotation/segments";
import type { FrameLabels } from "@/lib/media/frame-time";
import { useFrame, type FrameClock } from "./frame-clock";

export interface TimelineView {
  start: number;
  span: number;
}

interface Props {
  segments: SegmentDraft[];
  lengthFrames: number;
  labels: FrameLabels;
  clock: FrameClock;
  view: TimelineView;
  onViewChange(v: TimelineView): void;
  selectedKey: string | null;
  onSelect(key: string | null): void;
  onSeek(frame: number): void;
  /** Commits a new segment list as one undoable step. */
  onSegments(next: SegmentDraft[]): void;
  onError(message: string): void;
  newKey(): string;
  editable: boolean;
  pins: Array<{ id: number; frame: number; resolved: boolean }>;
  colourOf(label: string): string;
}

type Drag =
  /** `grab`: frames between the edge and the pointer when the drag began, kept while dragging. */
  | { kind: "edge"; key: string; edge: "start" | "end"; grab: number; preview: SegmentDraft[] }
  | { kind: "create"; anchor: number; x0: number; preview: SegmentDraft[] | null }
  | { kind: "scrub" };

export function clampView(v: TimelineView, lengthFrames: number): TimelineView {
  const span = Math.max(Math.min(lengthFrames, 20), Math.min(lengthFrames, Math.round(v.span)));
  const start = Math.max(0, Math.min(lengthFrames - span, Math.round(v.start)));
  return { start, span };
}

/** A tick step (in frames) that gives roughly `target` labelled ticks across the view. */
function tickStep(span: number, fps: number, target = 8): number {
  const candidates = [1, 2, 5, 10, 15, 30, 60, 150, 300, 600, 900, 1800, 3600, 9000, 18000, 36000].map((s) => Math.max(1, Math.round((s * fps) / 30)));
  return candidates.find((c) => span / c <= target) ?? candidates[candidates.length - 1]!;
}

export const Timeline = memo(function Timeline(p: Props) {
  const track = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [drag, setDrag] = useState<Drag | null>(null);
  const fps = p.labels.fps;
  const { start, span } = p.view;

  useLayoutEffect(() => {
    const el = track.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth || 800));
    ro.observe(el);
    setWidth(el.clientWidth || 800);
    return () => ro.disconnect();
  }, []);

  const xOf = useCallback((frame: number) => ((frame - start) / span) * width, [start, span, width]);
  const frameAt = useCallback(
    (clientX: number) => {
      const r = track.current!.getBoundingClientRect();
      const f = start + ((clientX - r.left) / r.width) * span;
      return Math.max(0, Math.min(p.lengthFrames - 1, Math.floor(f)));
    },
    [start, span, p.lengthFrames],
  );

  // Keep the playhead in view while playing or stepping.
  const { clock, lengthFrames, onViewChange } = p;
  const viewRef = useRef(p.view);
  viewRef.current = p.view;
  useEffect(
    () =>
      clock.subscribe(() => {
        const v = viewRef.current;
        const f = clock.frame;
        if (f < v.start || f >= v.start + v.span) onViewChange(clampView({ start: f - v.span * 0.1, span: v.span }, lengthFrames));
      }),
    [clock, lengthFrames, onViewChange],
  );

  const shown = drag && drag.kind !== "scrub" && drag.preview ? drag.preview : p.segments;
  const visible = useMemo(() => shown.filter((s) => s.endFrame >= start && s.startFrame < start + span), [shown, start, span]);
  const gaps = useMemo(() => {
    const out: Array<{ start: number; end: number }> = [];
    let cursor = 0;
    for (const s of shown) {
      if (s.startFrame > cursor) out.push({ start: cursor, end: s.startFrame - 1 });
      cursor = Math.max(cursor, s.endFrame + 1);
    }
    if (cursor < p.lengthFrames) out.push({ start: cursor, end: p.lengthFrames - 1 });
    return out.filter((g) => g.end >= start && g.start < start + span);
  }, [shown, start, span, p.lengthFrames]);
  const step = tickStep(span, fps);
  const ticks = useMemo(() => {
    const out: number[] = [];
    for (let f = Math.ceil(start / step) * step; f < start + span; f += step) out.push(f);
    return out;
  }, [start, span, step]);

  const onPointerMove = (e: React.PointerEvent) => {
    if (!drag) return;
    const f = frameAt(e.clientX);
    if (drag.kind === "scrub") p.onSeek(f);
    else if (drag.kind === "edge") {
      const r = moveEdge(p.segments, drag.key, drag.edge, f + drag.grab, p.lengthFrames);
      if (r.ok) {
        setDrag({ ...drag, preview: r.segments });
        // Show the frame the edge actually sits on (a neighbour may have stopped it).
        const moved = r.segments.find((x) => x.key === drag.key);
        if (moved) p.onSeek(drag.edge === "start" ? moved.startFrame : moved.endFrame);
      }
    } else if (Math.abs(e.clientX - drag.x0) > 3) {
      const r = createSegment(p.segments, { key: "__new__", startFrame: drag.anchor, endFrame: f, label: "" }, p.lengthFrames);
      setDrag({ ...drag, preview: r.ok ? r.segments : null });
    }
  };
  const onPointerUp = (e: React.PointerEvent) => {
    if (!drag) return;
    if (drag.kind === "edge") {
      if (drag.preview !== p.segments) p.onSegments(drag.preview);
    } else if (drag.kind === "create") {
      if (drag.preview) {
        const key = p.newKey();
        p.onSegments(drag.preview.map((s) => (s.key === "__new__" ? { ...s, key } : s)));
        p.onSelect(key);
      } else if (Math.abs(e.clientX - drag.x0) <= 3) {
        p.onSeek(drag.anchor);
        p.onSelect(null);
      } else p.onError("A new segment must start in an empty part of the timeline.");
    }
    setDrag(null);
  };

  // A native, non-passive listener: Ctrl+wheel must zoom the timeline, not the whole page.
  const root = useRef<HTMLDivElement>(null);
  const wheel = useRef<(e: WheelEvent) => void>(() => undefined);
  wheel.current = (e: WheelEvent) => {
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      const f = frameAt(e.clientX);
      const factor = e.deltaY > 0 ? 1.25 : 0.8;
      const nextSpan = span * factor;
      p.onViewChange(clampView({ start: f - ((f - start) / span) * nextSpan, span: nextSpan }, p.lengthFrames));
    } else if (span < p.lengthFrames && Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      e.preventDefault();
      p.onViewChange(clampView({ start: start + (e.deltaX / width) * span, span }, p.lengthFrames));
    }
  };
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const on = (e: WheelEvent) => wheel.current(e);
    el.addEventListener("wheel", on, { passive: false });
    return () => el.removeEventListener("wheel", on);
  }, []);

  return (
    <div className="timeline" data-testid="timeline" ref={root}>
      <div
        className="timeline-ruler"
        data-testid="timeline-ruler"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          setDrag({ kind: "scrub" });
          p.onSeek(frameAt(e.clientX));
        }}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
      >
        {ticks.map((f) => (
          <span key={f} className="tick" style={{ left: xOf(f) }}>
            {f} <span className="muted">{p.labels.timecode(f)}</span>
          </span>
        ))}
        {p.pins
          .filter((c) => c.frame >= start && c.frame < start + span)
          .map((c) => (
            <span key={c.id} className={c.resolved ? "pin resolved" : "pin"} style={{ left: xOf(c.frame + 0.5) }} title={`Comment at frame ${c.frame}`} />
          ))}
      </div>
      <div
        ref={track}
        className="timeline-track"
        data-testid="timeline-track"
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerDown={(e) => {
          if (e.target !== e.currentTarget && !(e.target as HTMLElement).classList.contains("gap")) return;
          const f = frameAt(e.clientX);
          e.currentTarget.setPointerCapture(e.pointerId);
          if (!p.editable) {
            p.onSeek(f);
            return;
          }
          setDrag({ kind: "create", anchor: f, x0: e.clientX, preview: null });
        }}
      >
        {gaps.map((g) => (
          <div key={`gap-${g.start}`} className="gap" style={{ left: xOf(g.start), width: Math.max(1, xOf(g.end + 1) - xOf(g.start)) }} />
        ))}
        {visible.map((s) => {
          const left = xOf(s.startFrame);
          const w = Math.max(2, xOf(s.endFrame + 1) - left);
          const selected = s.key === p.selectedKey;
          return (
            <div
              key={s.key}
              className={selected ? "seg selected" : "seg"}
              style={{ left, width: w, background: p.colourOf(s.label) }}
              data-testid="timeline-segment"
              data-start={s.startFrame}
              data-end={s.endFrame}
              title={`${s.label || "(no label)"}: frames ${s.startFrame}–${s.endFrame}`}
              onPointerDown={(e) => {
                if ((e.target as HTMLElement).dataset.edge) return;
                e.stopPropagation();
                p.onSelect(s.key);
                p.onSeek(frameAt(e.clientX));
              }}
            >
              {p.editable &&
                (["start", "end"] as const).map((edge) => (
                  <span
                    key={edge}
                    className={`edge ${edge}`}
                    data-edge={edge}
                    data-testid={`edge-${edge}`}
                    title={`Drag to move the ${edge} of ${s.label || "this segment"} (or press ${edge === "start" ? "I" : "O"} at the playhead)`}
                    aria-hidden
                    onPointerDown={(e) => {
                      e.stopPropagation();
                      track.current!.setPointerCapture(e.pointerId);
                      p.onSelect(s.key);
                      const edgeFrame = edge === "start" ? s.startFrame : s.endFrame;
                      setDrag({ kind: "edge", key: s.key, edge, grab: edgeFrame - frameAt(e.clientX), preview: p.segments });
                    }}
                  />
                ))}
              {labelBox(left, w, width) && (
                <span className="seg-label" data-testid="seg-label" style={labelBox(left, w, width)!}>
                  {s.label || "(no label)"}
                </span>
              )}
            </div>
          );
        })}
        <Playhead clock={p.clock} xOf={xOf} />
      </div>
      {span < p.lengthFrames && (
        <input
          type="range"
          className="timeline-scroll"
          aria-label="Scroll the timeline"
          min={0}
          max={p.lengthFrames - span}
          value={start}
          onChange={(e) => p.onViewChange(clampView({ start: Number(e.target.value), span }, p.lengthFrames))}
        />
      )}
    </div>
  );
});

/**
 * Where a segment's label goes: inside the part of the segment that is on screen, so a segment
 * whose start is scrolled off still shows its name. Null when less than a sliver is visible.
 */
export function labelBox(left: number, w: number, trackWidth: number): { left: number; width: number } | null {
  const from = Math.max(left, 0);
  const to = Math.min(left + w, trackWidth);
  if (to - from < 14) return null;
  const pad = to - from > 40 ? 8 : 3;
  return { left: from - left + pad, width: to - from - 2 * pad };
}

function Playhead({ clock, xOf }: { clock: FrameClock; xOf: (f: number) => number }) {
  const frame = useFrame(clock);
  return <div className="playhead" style={{ left: xOf(frame + 0.5) }} aria-hidden />;
}
