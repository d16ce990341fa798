// The ground-truth progress curve derived from the segments, over the same frame window as the
// timeline above it (it zooms and scrolls with it), with a cursor on the playhead.
"use client";
import { memo, useMemo } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { progressAt } from "@/lib/progress/progress-curve";
import { useFrame, type FrameClock } from "./frame-clock";
import type { TimelineView } from "./timeline";

const MAX_POINTS = 600;

/** At most MAX_POINTS points of frames [start, end], always including both ends. */
export function downsample(curve: number[], start = 0, end = curve.length - 1): Array<{ frame: number; progress: number }> {
  const lo = Math.max(0, start);
  const hi = Math.min(curve.length - 1, end);
  if (hi < lo) return [];
  const step = Math.max(1, Math.ceil((hi - lo + 1) / MAX_POINTS));
  const out: Array<{ frame: number; progress: number }> = [];
  for (let f = lo; f <= hi; f += step) out.push({ frame: f, progress: curve[f]! });
  if (out[out.length - 1]!.frame !== hi) out.push({ frame: hi, progress: curve[hi]! });
  return out;
}

// Plot-area insets, fixed so the playhead cursor can be drawn over the chart without
// re-rendering the chart on every frame.
const MARGIN = { top: 6, right: 12, bottom: 0, left: 0 };
const Y_AXIS_WIDTH = 46;
const X_AXIS_HEIGHT = 24;

const Curve = memo(function Curve({ data, from, to, height }: { data: Array<{ frame: number; progress: number }>; from: number; to: number; height: number }) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={data} margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis dataKey="frame" type="number" domain={[from, Math.max(from + 1, to)]} tick={{ fontSize: 11 }} allowDecimals={false} height={X_AXIS_HEIGHT} allowDataOverflow />
        <YAxis domain={[0, 100]} ticks={[0, 50, 100]} width={Y_AXIS_WIDTH} tick={{ fontSize: 11 }} unit="%" />
        <Tooltip formatter={(v) => [`${Number(v).toFixed(1)} %`, "progress"]} labelFormatter={(f) => `frame ${f}`} isAnimationActive={false} />
        <Line type="linear" dataKey="progress" stroke="#2563eb" strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
});

function Cursor({ clock, from, to, height }: { clock: FrameClock; from: number; to: number; height: number }) {
  const frame = useFrame(clock);
  if (frame < from || frame > to) return null;
  const left = `calc(${MARGIN.left + Y_AXIS_WIDTH}px + (100% - ${MARGIN.left + Y_AXIS_WIDTH + MARGIN.right}px) * ${(frame - from) / Math.max(1, to - from)})`;
  return <div className="chart-cursor" data-testid="chart-cursor" style={{ left, top: MARGIN.top, height: height - MARGIN.top - X_AXIS_HEIGHT }} aria-hidden />;
}

function ProgressAtPlayhead({ clock, curve }: { clock: FrameClock; curve: number[] }) {
  const frame = useFrame(clock);
  return <strong data-testid="progress-at-playhead">{progressAt(curve, frame).toFixed(1)} %</strong>;
}

export function ProgressChart({ curve, clock, view, height, note }: { curve: number[]; clock: FrameClock; view: TimelineView; height: number; note?: string }) {
  const from = view.start;
  const to = Math.min(curve.length - 1, view.start + view.span - 1);
  const data = useMemo(() => downsample(curve, from, to), [curve, from, to]);
  return (
    <figure className="progress-chart" aria-label="Ground-truth progress" data-testid="progress-chart" data-from={from} data-to={to}>
      <figcaption className="small">
        Ground-truth progress at the playhead: <ProgressAtPlayhead clock={clock} curve={curve} />
        {note && <span className="muted"> · {note}</span>}
      </figcaption>
      <div className="chart-area">
        <Curve data={data} from={from} to={to} height={height} />
        <Cursor clock={clock} from={from} to={to} height={height} />
      </div>
    </figure>
  );
}
