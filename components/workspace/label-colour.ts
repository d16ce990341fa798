// A stable colour per label, so the same subtask looks the same on every episode.
import { normaliseLabel } from "@/lib/progress/progress-curve";

export function labelColour(label: string): string {
  const l = normaliseLabel(label);
  if (!l) return "hsl(0 0% 70%)";
  let h = 0;
  for (let i = 0; i < l.length; i++) h = (h * 31 + l.charCodeAt(i)) >>> 0;
  return `hsl(${h % 360} 55% 62%)`;
}
