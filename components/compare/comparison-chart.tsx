// One chart for one episode: the ground-truth progress curve and every run's predicted points,
// with a cursor at the playhead drawn over it (the chart itself re-renders only when its data or
// the selected point change, never per frame). Below it, the same points as buttons, so that
// everything the dots do can be done from the keyboard.
"use client";
import { memo, useId, useMemo } from "react";
import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Scatter, Symbols, XAxis, YAxis } from "recharts";
import { useFrame, type FrameClock } from "@/components/workspace/frame-clock";
import { fmtProgress, verdictClass, verdictLabel } from "@/components/chains/format";
import { cursorLeft, type ChartPoint, type PointRow, type Series } from "./compare-data";
import { GROUND_TRUTH_COLOUR, type RunStyle } from "./run-style";
import styles from "./compare.module.css";

// Plot-area insets, fixed so the cursor can be placed without asking the chart.
const MARGIN = { top: 10, right: 14, bottom: 0, left: 0 };
const Y_AXIS_WIDTH = 46;
const X_AXIS_HEIGHT = 30;
const HEIGHT = 280;

export interface PickedPoint {
  predictionId: number;
  frame: number;
}

interface ChartProps {
  groundTruth: Array<{ frame: number; progress: number }> | null;
  series: Series[];
  lengthFrames: number;
  selectedId: number | null;
  onPick(p: PickedPoint): void;
}

export function ComparisonChart(props: ChartProps & { clock: FrameClock; rows: PointRow[] }) {
  const { clock, rows, ...chart } = props;
  return (
    <figure className={styles.chartFigure} aria-label="Predicted and ground-truth progress">
      <Legend series={chart.series} hasGroundTruth={chart.groundTruth !== null} />
      <div className="chart-area" data-testid="comparison-chart">
        <Chart {...chart} />
        <Cursor clock={clock} lengthFrames={chart.lengthFrames} />
      </div>
      <PointList rows={rows} selectedId={chart.selectedId} onPick={chart.onPick} />
    </figure>
  );
}

const Chart = memo(function Chart({ groundTruth, series, lengthFrames, selectedId, onPick }: ChartProps) {
  const shapes = useMemo(() => new Map(series.map((s) => [s.runId, pointShape(s, selectedId, onPick)])), [series, selectedId, onPick]);
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <ComposedChart margin={MARGIN}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis dataKey="frame" type="number" domain={[0, Math.max(1, lengthFrames - 1)]} allowDecimals={false} height={X_AXIS_HEIGHT} tick={{ fontSize: 11 }} />
        <YAxis type="number" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} width={Y_AXIS_WIDTH} tick={{ fontSize: 11 }} unit="%" />
        {groundTruth && (
          <Line data={groundTruth} dataKey="progress" name="Ground truth" type="linear" stroke={GROUND_TRUTH_COLOUR} strokeWidth={2} dot={false} activeDot={false} isAnimationActive={false} />
        )}
        {series.map((s) => (
          <Scatter key={s.runId} name={s.name} data={s.points} dataKey="progress" fill={s.style.colour} shape={shapes.get(s.runId)} isAnimationActive={false} />
        ))}
      </ComposedChart>
    </ResponsiveContainer>
  );
});

/** The dot of one point: the run's marker, clickable, with the same test id as its list button. */
function pointShape(s: Series, selectedId: number | null, onPick: (p: PickedPoint) => void) {
  return function PointDot(props: { cx?: number; cy?: number; payload?: ChartPoint }) {
    const p = props.payload;
    if (props.cx === undefined || props.cy === undefined || !p) return <g />;
    const selected = p.predictionId === selectedId;
    return (
      <g
        className={styles.dot}
        data-testid={`point-${p.predictionId}`}
        data-run-id={s.runId}
        data-frame={p.frame}
        data-selected={selected}
        onClick={(e) => {
          e.stopPropagation();
          onPick({ predictionId: p.predictionId, frame: p.frame });
        }}
      >
        <title>{`${s.name}: frame ${p.frame}, predicted ${fmtProgress(p.progress)}, ground truth ${fmtProgress(p.gt)}`}</title>
        <Symbols
          cx={props.cx}
          cy={props.cy}
          type={s.style.shape}
          size={selected ? 170 : 75}
          fill={s.style.colour}
          stroke={selected ? "#101828" : "#ffffff"}
          strokeWidth={selected ? 2 : 1}
        />
      </g>
    );
  };
}

function Cursor({ clock, lengthFrames }: { clock: FrameClock; lengthFrames: number }) {
  const frame = useFrame(clock);
  return (
    <div
      className="chart-cursor"
      data-testid="chart-cursor"
      data-frame={frame}
      style={{ left: cursorLeft(frame, lengthFrames, MARGIN.left + Y_AXIS_WIDTH, MARGIN.right), top: MARGIN.top, height: HEIGHT - MARGIN.top - X_AXIS_HEIGHT }}
      aria-hidden
    />
  );
}

export function Marker({ style, size = 14 }: { style: RunStyle; size?: number }) {
  return (
    <svg width={size} height={size} aria-hidden className={styles.marker}>
      <Symbols cx={size / 2} cy={size / 2} type={style.shape} size={size * 4.5} fill={style.colour} />
    </svg>
  );
}

function Legend({ series, hasGroundTruth }: { series: Series[]; hasGroundTruth: boolean }) {
  return (
    <ul className={styles.legend} aria-label="Legend">
      {hasGroundTruth && (
        <li>
          <svg width={22} height={14} aria-hidden className={styles.marker}>
            <line x1={1} x2={21} y1={7} y2={7} stroke={GROUND_TRUTH_COLOUR} strokeWidth={2} />
          </svg>
          Ground truth
        </li>
      )}
      {series.map((s) => (
        <li key={s.runId} data-testid={`legend-run-${s.runId}`}>
          <Marker style={s.style} />
          {s.name} <span className="muted small">{s.modelName}</span>
          {s.unplotted > 0 && <span className="muted small"> ({s.unplotted} not plotted: no parsed progress)</span>}
        </li>
      ))}
    </ul>
  );
}

function PointList({ rows, selectedId, onPick }: { rows: PointRow[]; selectedId: number | null; onPick(p: PickedPoint): void }) {
  const titleId = useId();
  if (rows.length === 0) return <p className="muted small">No run has predicted this episode yet.</p>;
  return (
    <div className={styles.points}>
      <h3 className="small" id={titleId}>
        Points (click one to seek there and read its chain)
      </h3>
      <div className={styles.pointHead} aria-hidden>
        <span>Run</span>
        <span>Frame</span>
        <span>Predicted</span>
        <span>GT</span>
        <span>Review</span>
      </div>
      <ul aria-labelledby={titleId}>
        {rows.map((r) => (
          <li key={r.predictionId}>
            <button
              type="button"
              className={styles.pointRow}
              data-testid={`point-${r.predictionId}`}
              aria-pressed={r.predictionId === selectedId}
              onClick={() => onPick({ predictionId: r.predictionId, frame: r.frame })}
            >
              <span>
                <Marker style={r.style} size={12} /> {r.runName}
              </span>
              <span>frame {r.frame}</span>
              <span>
                {r.questionType === "COMPLETION"
                  ? `completion: ${r.value === null ? "no answer" : r.value === 1 ? "yes" : "no"}`
                  : r.questionType === "CONTRASTIVE"
                    ? `comparison: ${r.value === null ? "no answer" : r.value > 0 ? "+1 (later further)" : r.value < 0 ? "−1 (earlier further)" : "0 (neither)"}`
                  : r.progress === null
                    ? `no answer${r.parseFlag ? ` (${r.parseFlag})` : ""}`
                    : `predicted ${fmtProgress(r.progress)}`}
              </span>
              <span>GT {fmtProgress(r.gt)}</span>
              <span className={styles.verdict} data-verdict={verdictClass(r.verdict)}>
                {verdictLabel(r.verdict)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
