// The ground-truth progress curve derived from the segments, with a cursor on the playhead.
"use client";
import { memo, useMemo } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { progressAt } from "@/lib/progress/progress-curve";
import { useFrame, type FrameClock } from "./frame-clock";

const MAX_POINTS = 600;

/** At most MAX_POINTS points, always including the first and last frame. */
function downsample(curve: number[]): Array<{ frame: number; progress: number }> {
  const n = curve.length;
  if (n === 0) return [];
  const step = Math.max(1, Math.ceil(n / MAX_POINTS));
  const out: Array<{ frame: number; progress: number }> = [];
  for (let f = 0; f < n; f += step) out.push({ frame: f, progress: curve[f]! });
  if (out[out.length - 1]!.frame !== n - 1) out.push({ frame: n - 1, progress: curve[n - 1]! });
  return out;
}

// Plot-area insets, fixed so the playhead cursor can be drawn over the chart without
// re-rendering the chart on every frame.
const MARGIN = { top: 8, right: 12, bottom: 0, left: 0 };
const Y_AXIS_WIDTH = 46;
const X_AXIS_HEIGHT = 30;
const HEIGHT = 140;

const Curve = memo(function Curve({ data, lengthFrames }: { data: Array<{ frame: number; progress: number }>; lengthFrames: number }) {
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <LineChart data={data} margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis dataKey="frame" type="number" domain={[0, Math.max(1, lengthFrames - 1)]} tick={{ fontSize: 11 }} allowDecimals={false} height={X_AXIS_HEIGHT} />
        <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} width={Y_AXIS_WIDTH} tick={{ fontSize: 11 }} unit="%" />
        <Tooltip formatter={(v) => [`${Number(v).toFixed(1)} %`, "progress"]} labelFormatter={(f) => `frame ${f}`} isAnimationActive={false} />
        <Line type="linear" dataKey="progress" stroke="#2563eb" strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
});

function Cursor({ clock, lengthFrames }: { clock: FrameClock; lengthFrames: number }) {
  const frame = useFrame(clock);
  const left = `calc(${MARGIN.left + Y_AXIS_WIDTH}px + (100% - ${MARGIN.left + Y_AXIS_WIDTH + MARGIN.right}px) * ${frame / Math.max(1, lengthFrames - 1)})`;
  return <div className="chart-cursor" style={{ left, top: MARGIN.top, height: HEIGHT - MARGIN.top - X_AXIS_HEIGHT }} aria-hidden />;
}

function ProgressAtPlayhead({ clock, curve }: { clock: FrameClock; curve: number[] }) {
  const frame = useFrame(clock);
  return <strong data-testid="progress-at-playhead">{progressAt(curve, frame).toFixed(1)} %</strong>;
}

export function ProgressChart({ curve, clock }: { curve: number[]; clock: FrameClock }) {
  const data = useMemo(() => downsample(curve), [curve]);
  return (
    <figure className="progress-chart" aria-label="Ground-truth progress">
      <figcaption className="small">
        Ground-truth progress at the playhead: <ProgressAtPlayhead clock={clock} curve={curve} />
      </figcaption>
      <div className="chart-area">
        <Curve data={data} lengthFrames={curve.length} />
        <Cursor clock={clock} lengthFrames={curve.length} />
      </div>
    </figure>
  );
}
