// PRIMO R1's training rewards, as its GRPO script computes them (10-OASIS-01/PRIMO-R1
// src/r1-v/src/open_r1/grpo.py @ a2f3b08f9067f047b0ea78dc2f101d92913104f0, `accuracy_reward` and
// `format_reward`). Pure. The same rules ship as Python in every RL export (`reward.py`,
// ./reward-py.ts), and a test runs that file on the exported records against these functions
// (tests/integration/export.test.ts "reward.py").
//
// The rules:
//   extract_answer     the text of the first `<answer>\s*(.*?)\s*</answer>` (re.DOTALL), stripped; "" if none.
//   normalize_number   strip; drop "≈" and "~"; fullwidth "％" → "%"; a trailing "%" is removed and
//                      the number divided by 100; "," removed; float(); None when that fails.
//   numerical          clip(1 − |p − t| / NUMERIC_MAX_RANGE, 0, 1), range 100 by default; 0 when
//                      either number does not parse.
//   regression         1 − min(1, (|p − t| + 1e-9) / (|t| + 1e-9)); 0 when either does not parse.
//   boolean, multiple choice   1 when the stripped, lower-cased answers are equal, else 0.
//   format             1 when the whole completion fullmatches the PRIMO pattern (checkFormat).
// What is NOT copied from the reference: it takes the question type of the batch's first sample
// for every sample (`kwargs['problem_type'][0]`), and its boolean branch `return`s one float
// for the whole batch instead of appending it. Here each sample is scored by its own type.
// Where the app scores answers for its own figures it is stricter (lib/primo/parse-output.ts
// flags "45%" instead of reading 0.45); these functions are the trainer's rules, for exports.
import { checkFormat } from "./parse-output";

export type PrimoProblemType = "numerical" | "regression" | "boolean" | "multiple choice";

/** The default of grpo.py's NUMERIC_MAX_RANGE environment variable. */
export const NUMERIC_MAX_RANGE = 100;

/** Python's `str.strip()` whitespace, which grpo.py's `.strip()` removes. */
const PY_STRIP = /^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/g;
const pyStrip = (s: string) => s.replace(PY_STRIP, "");

/** grpo.py extract_answer: the first <answer>…</answer>, inner whitespace trimmed; "" when there is none. */
export function extractAnswer(text: string): string {
  const m = /<answer>\s*([\s\S]*?)\s*<\/answer>/.exec(text);
  return m ? pyStrip(m[1]!) : "";
}

/** Python float() of a string: decimal with optional exponent, inf/nan words, surrounding whitespace. */
function pyFloat(s: string): number | null {
  const t = pyStrip(s).replace(/_/g, (m, i: number, all: string) => (/\d/.test(all[i - 1] ?? "") && /\d/.test(all[i + 1] ?? "") ? "" : m));
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return Number.NaN;
  return null;
}

/** grpo.py normalize_number. */
export function normalizeNumber(text: string): number | null {
  let s = pyStrip(text ?? "");
  s = s.replaceAll("≈", "").replaceAll("~", "").replaceAll("％", "%");
  if (s.endsWith("%")) {
    const v = pyFloat(s.slice(0, -1).replaceAll(",", ""));
    return v === null ? null : v / 100;
  }
  return pyFloat(s.replaceAll(",", ""));
}

/** PRIMO's bounded linear accuracy reward max(0, min(1, 1 − |p − t| / R)) (grpo.py normalized_relative_score). */
export function accuracyReward(pred: number, gt: number, range = NUMERIC_MAX_RANGE): number {
  if (!Number.isFinite(range) || range <= 0) throw new RangeError(`accuracyReward: range must be a positive finite number, got ${range}`);
  if (!Number.isFinite(pred) || !Number.isFinite(gt)) return 0;
  const score = 1 - Math.abs(pred - gt) / range;
  return score < 0 ? 0 : score > 1 ? 1 : score;
}

/** grpo.py accuracy_reward for one sample: the completion's answer against the solution's, by the sample's own type. */
export function primoAccuracyReward(completion: string, solution: string, problemType: string, range = NUMERIC_MAX_RANGE): number {
  const out = extractAnswer(completion);
  const gt = extractAnswer(solution);
  switch (problemType) {
    case "multiple choice":
    case "boolean":
      return pyStrip(out).toLowerCase() === pyStrip(gt).toLowerCase() ? 1 : 0;
    case "numerical": {
      const t = normalizeNumber(gt);
      const p = normalizeNumber(out);
      if (t === null || p === null) return 0;
      const score = 1 - Math.abs(p - t) / range;
      // Python's comparisons: NaN stays NaN through both clips, as in the reference.
      return score < 0 ? 0 : score > 1 ? 1 : score;
    }
    case "regression": {
      const t = normalizeNumber(gt);
      const p = normalizeNumber(out);
      if (t === null || p === null) return 0;
      const rel = Math.min(1, Math.max(0, (Math.abs(p - t) + 1e-9) / (Math.abs(t) + 1e-9)));
      return 1 - rel;
    }
    default:
      return 0;
  }
}

/** grpo.py format_reward for one completion: 1 when it fullmatches the PRIMO pattern. */
export function primoFormatReward(completion: string): number {
  return checkFormat(completion) ? 1 : 0;
}
