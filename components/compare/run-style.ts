// Colour and marker shape per run on the comparison chart. Runs are styled by their order of id,
// so a run keeps its look when the page reloads, and colour and shape cycle with different
// lengths (8 and 7) so that any two of the first 56 runs differ in at least one of them; the
// shape also tells runs apart for readers who cannot tell the colours apart.
import type { SymbolType } from "recharts";

/** Okabe–Ito colours (safe for colour-blind readers) plus two, none close to the ground-truth line. */
export const RUN_COLOURS = ["#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7c3aed", "#8c564b"] as const;
export const RUN_SHAPES: readonly SymbolType[] = ["circle", "triangle", "square", "diamond", "star", "cross", "wye"];
export const GROUND_TRUTH_COLOUR = "#344054";

export interface RunStyle {
  colour: string;
  shape: SymbolType;
}

export function runStyle(index: number): RunStyle {
  const i = Math.max(0, Math.floor(index));
  return { colour: RUN_COLOURS[i % RUN_COLOURS.length]!, shape: RUN_SHAPES[i % RUN_SHAPES.length]! };
}

/** A style for each run id, assigned in ascending id order whatever order the ids come in. */
export function runStyles(runIds: readonly number[]): Map<number, RunStyle> {
  const ids = [...new Set(runIds)].sort((a, b) => a - b);
  return new Map(ids.map((id, i) => [id, runStyle(i)]));
}
