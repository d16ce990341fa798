// The ground-truth progress curve derived from the segments, with a cursor on the playhead.
"use client";
import { memo, useMemo } from "react";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
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

const Curve = memo(function Curve({ data, lengthFrames, cursor }: { data: Array<{ frame: number; progress: number }>; lengthFrames: number; cursor: number }) {
  return (
    <ResponsiveContainer width="100%" height={140}>
      <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis dataKey="frame" type="number" domain={[0, Math.max(1, lengthFrames - 1)]} tick={{ fontSize: 11 }} allowDecimals={false} />
        <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} width={34} tick={{ fontSize: 11 }} unit="%" />
        <Tooltip formatter={(v) => [`${Number(v).toFixed(1)} %`, "progress"]} labelFormatter={(f) => `frame ${f}`} isAnimationActive={false} />
        <Line type="linear" dataKey="progress" stroke="#2563eb" strokeWidth={2} dot={false} isAnimationActive={false} />
        <ReferenceLine x={cursor} stroke="#dc2626" strokeWidth={1.5} ifOverflow="extendDomain" />
      </LineChart>
    </ResponsiveContainer>
  );
});

export function ProgressChart({ curve, clock }: { curve: number[]; clock: FrameClock }) {
  const frame = useFrame(clock);
  const data = useMemo(() => downsample(curve), [curve]);
  return (
    <figure className="progress-chart" aria-label="Ground-truth progress">
      <figcaption className="small">
        Ground-truth progress at the playhead: <strong data-testid="progress-at-playhead">{progressAt(curve, frame).toFixed(1)} %</strong>
      </figcaption>
      <Curve data={data} lengthFrames={curve.length} cursor={frame} />
    </figure>
  );
}
