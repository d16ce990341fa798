// A draggable, keyboard-operable divider between two workspace panes (WAI-ARIA "window
// splitter"): the pointer drags it, the arrows move it 16 px, Home/End go to the limits.
"use client";
import { useRef } from "react";

interface Props {
  /** "vertical": a vertical bar between two columns, moved sideways. */
  orientation: "vertical" | "horizontal";
  label: string;
  /** The size (px) of the pane the splitter controls. */
  value: number;
  min: number;
  max: number;
  /** The controlled pane is on the far side of the splitter (right or below): moving towards it shrinks it. */
  farSide?: boolean;
  onChange(value: number): void;
}

export function Splitter(p: Props) {
  const drag = useRef<{ at: number; value: number } | null>(null);
  const clamp = (v: number) => Math.round(Math.max(p.min, Math.min(p.max, v)));
  const pos = (e: React.PointerEvent) => (p.orientation === "vertical" ? e.clientX : e.clientY);
  const sign = p.farSide ? -1 : 1;
  return (
    <div
      role="separator"
      tabIndex={0}
      aria-orientation={p.orientation}
      aria-label={p.label}
      aria-valuenow={p.value}
      aria-valuemin={p.min}
      aria-valuemax={p.max}
      className={`splitter ${p.orientation}`}
      data-testid={`splitter-${p.orientation}`}
      onPointerDown={(e) => {
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { at: pos(e), value: p.value };
      }}
      onPointerMove={(e) => {
        if (drag.current) p.onChange(clamp(drag.current.value + sign * (pos(e) - drag.current.at)));
      }}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
      onKeyDown={(e) => {
        const towards: Record<string, number> = p.orientation === "vertical" ? { ArrowLeft: -1, ArrowRight: 1 } : { ArrowUp: -1, ArrowDown: 1 };
        const d = towards[e.key];
        if (d !== undefined) p.onChange(clamp(p.value + sign * d * 16));
        else if (e.key === "Home") p.onChange(p.min);
        else if (e.key === "End") p.onChange(p.max);
        else return;
        e.preventDefault();
        e.stopPropagation();
      }}
    />
  );
}
