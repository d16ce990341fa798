/*
 * Parses one raw model output (PRIMO R1 style `<think>…</think><answer>…</answer>`) into its
 * sections and a checked answer value. Pure: no React, no Prisma, no Node APIs.
 *
 * The rule is "flag, never guess": anything that is not a clean answer gets `value: null` and a
 * flag saying why, so the app can count and show these instead of silently scoring them.
 *
 * Text is returned exactly as the model wrote it (only trimmed). Nothing is stripped, escaped or
 * interpreted as HTML here; the UI must render it as text.
 *
 * Behaviour on odd inputs (all covered by parse-output.test.ts):
 * - Sections are "first occurrence" blocks: the first opening tag and the first closing tag after
 *   it, like the reference's lazy `re.search(r"<tag>(.*?)</tag>", …, re.DOTALL)`. Tags are matched
 *   case-sensitively.
 * - Nested tags are not balanced. `<planning>a<reasoning>b</reasoning>c</planning>` gives
 *   planning = "a<reasoning>b</reasoning>c" (raw, inner tags kept) and reasoning = "b".
 * - `<answer>` is searched in the whole output, like the reference `extract_answer`. An
 *   `<answer>…</answer>` written inside `<reasoning>` therefore counts as an answer block; if the
 *   model also gives a final answer the output has two blocks and is flagged `multiple_answers`
 *   (answerText is the first block, which is the one the reference would have scored).
 * - Truncated outputs never throw: an unclosed `<think>` gives think = null (sections are then
 *   searched in the whole text); an unclosed `<answer>` gives `no_answer`.
 */

export type QuestionType = "PROGRESS" | "COMPLETION" | "CONTRASTIVE";

export type ParseFlag =
  | "no_answer"
  | "empty_answer"
  | "multiple_answers"
  | "percent_sign"
  | "not_a_bare_number"
  | "scale_mismatch"
  | "out_of_range"
  | "not_yes_no"
  | "not_a_direction";

export const PARSE_FLAG_TEXT: Record<ParseFlag, string> = {
  no_answer: "The output has no complete <answer>…</answer> block and is not a bare number.",
  empty_answer: "The <answer> block is empty.",
  multiple_answers: "The output has more than one <answer> block, so it is unclear which one is the answer.",
  percent_sign: "The answer has a percent sign; answers must be bare numbers (the reference code would read \"45%\" as 0.45).",
  not_a_bare_number: "The answer is not a bare number such as 45 or 0.45.",
  scale_mismatch: "The answer is a fraction between 0 and 1 on a 0–100 run; it looks like it was given on the wrong scale.",
  out_of_range: "The answer is outside the run's scale (below 0 or above the scale's maximum).",
  not_yes_no: "The answer to a completion question is not \"yes\" or \"no\".",
  not_a_direction: "The answer to a comparison is not +1 (the query frame is further along), -1 (the reference frame is) or 0 (neither).",
};

// Python's `\s` for str patterns (what `re` uses in grpo.py): ASCII whitespace plus the characters
// for which str.isspace() is true. JavaScript's `\s` differs slightly (it includes U+FEFF and
// lacks U+001C–U+001F and U+0085), so the class is spelled out to match the reference exactly.
const PY_WS = "[\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";

/**
 * The PRIMO format check, from `format_reward` in src/r1-v/src/open_r1/grpo.py. The reference calls
 * `re.fullmatch(pattern, content, re.DOTALL)` on the completion text WITHOUT stripping it, so
 * leading or trailing whitespace (even one final newline) fails the check; the anchors here do the
 * same (`$` without the `m` flag only matches at the very end in JavaScript). `s` = dot matches
 * newlines (re.DOTALL).
 *
 * Use `checkFormat` rather than testing this regex on untrusted text: the four lazy `.*?` can
 * backtrack polynomially on hostile outputs; `checkFormat` gives the same answer in linear time.
 */
export const PRIMO_FORMAT: RegExp = new RegExp(
  `^<think>${PY_WS}*<planning>.*?</planning>${PY_WS}*<observation>.*?</observation>${PY_WS}*` +
    `<reasoning>.*?</reasoning>${PY_WS}*</think>${PY_WS}*<answer>.*?</answer>$`,
  "s",
);

const FORMAT_HEAD = new RegExp(`^<think>${PY_WS}*<planning>`);
const FORMAT_SEPARATORS = [
  new RegExp(`</planning>${PY_WS}*<observation>`, "g"),
  new RegExp(`</observation>${PY_WS}*<reasoning>`, "g"),
  new RegExp(`</reasoning>${PY_WS}*</think>${PY_WS}*<answer>`, "g"),
];
const ANSWER_CLOSE = "</answer>";

/**
 * Same result as `PRIMO_FORMAT.test(raw)`, in linear time. The pattern is a fixed head, three fixed
 * separators with free text between them, and a fixed tail; such a pattern matches iff the head
 * matches, each separator occurs (earliest occurrence first, each after the previous one) and the
 * text ends with `</answer>` after the last separator. Taking the earliest occurrence is always
 * safe because it leaves the most text for the rest.
 */
export function checkFormat(raw: string): boolean {
  const head = FORMAT_HEAD.exec(raw);
  if (!head) return false;
  let pos = head[0].length;
  for (const sep of FORMAT_SEPARATORS) {
    sep.lastIndex = pos;
    const m = sep.exec(raw);
    if (!m) return false;
    pos = m.index + m[0].length;
  }
  return raw.endsWith(ANSWER_CLOSE) && pos <= raw.length - ANSWER_CLOSE.length;
}

export interface ParsedOutput {
  formatOk: boolean;
  think: string | null;
  planning: string | null;
  observation: string | null;
  reasoning: string | null;
  answerText: string | null;
  value: number | null;
  progress: number | null;
  flag: ParseFlag | null;
  flagDetail: string | null;
}

/** A bare number: optional sign, digits with an optional fraction, or a leading-dot fraction. */
const BARE_NUMBER = /^[+-]?(\d+(\.\d+)?|\.\d+)$/;
/** A bare number followed by a percent sign (ASCII or fullwidth, which the reference also reads). */
const PERCENT_NUMBER = /^[+-]?(\d+(\.\d+)?|\.\d+)\s*[%％]$/;
const YES_NO = /^(yes|no)\.?$/i;

interface Block {
  inner: string;
  /** Index of the opening tag. */
  start: number;
  /** Index just past the closing tag. */
  end: number;
}

/** First `<tag>…</tag>` inside [from, to): first opening tag, then the first closing tag after it. */
function firstBlock(text: string, tag: string, from = 0, to = text.length): Block | null {
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  const i = text.indexOf(open, from);
  if (i < 0 || i + open.length > to) return null;
  const j = text.indexOf(close, i + open.length);
  if (j < 0 || j + close.length > to) return null;
  return { inner: text.slice(i + open.length, j), start: i, end: j + close.length };
}

/** Number of complete, non-overlapping `<answer>…</answer>` blocks (first open, next close, repeat). */
function countAnswerBlocks(text: string): number {
  let n = 0;
  let pos = 0;
  for (;;) {
    const b = firstBlock(text, "answer", pos);
    if (!b) return n;
    n++;
    pos = b.end;
  }
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/** `text` (a bare number) times 100, by moving the decimal point, so "0.45" gives exactly 45. */
function times100(text: string): number {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m) return Number(text) * 100;
  const frac = (m[3] ?? "").padEnd(2, "0");
  const shifted = `${m[1]}${m[2] || "0"}${frac.slice(0, 2)}${frac.length > 2 ? `.${frac.slice(2)}` : ""}`;
  return Number(shifted);
}

export function parseModelOutput(raw: string, opts: { questionType: QuestionType; scale: 100 | 1 }): ParsedOutput {
  const text = typeof raw === "string" ? raw : "";
  const thinkBlock = firstBlock(text, "think");
  const inner = thinkBlock ? { from: thinkBlock.start + "<think>".length, to: thinkBlock.end - "</think>".length } : { from: 0, to: text.length };
  const section = (tag: string) => firstBlock(text, tag, inner.from, inner.to)?.inner.trim() ?? null;

  const out: ParsedOutput = {
    formatOk: checkFormat(text),
    think: thinkBlock ? thinkBlock.inner.trim() : null,
    planning: section("planning"),
    observation: section("observation"),
    reasoning: section("reasoning"),
    answerText: null,
    value: null,
    progress: null,
    flag: null,
    flagDetail: null,
  };
  const flag = (f: ParseFlag, detail: string): ParsedOutput => {
    out.flag = f;
    out.flagDetail = detail;
    out.value = null;
    out.progress = null;
    return out;
  };

  const answer = firstBlock(text, "answer");
  if (answer) {
    out.answerText = answer.inner.trim();
  } else if (!text.includes("<answer>") && BARE_NUMBER.test(text.trim())) {
    // Reward models often answer with the number alone; accept that (formatOk stays false).
    out.answerText = text.trim();
  } else {
    return flag(
      "no_answer",
      text.includes("<answer>") ? 'the output opens "<answer>" but never closes it (truncated?)' : "the output has no <answer>…</answer> block",
    );
  }

  if (answer) {
    const blocks = countAnswerBlocks(text);
    if (blocks > 1) return flag("multiple_answers", `the output has ${blocks} <answer> blocks (the first says ${quote(out.answerText)})`);
  }
  const a = out.answerText;
  if (a === "") return flag("empty_answer", "the <answer> block is empty");

  if (opts.questionType === "COMPLETION") {
    const m = YES_NO.exec(a);
    if (!m) return flag("not_yes_no", `answer ${quote(a)} is not "yes" or "no"`);
    out.value = m[1].toLowerCase() === "yes" ? 1 : 0;
    return out;
  }

  if (opts.questionType === "CONTRASTIVE") {
    // +1 / -1 / 0, written as the LRM harness writes them (1.0, -1.0, 0.0) or bare; the scale does not apply.
    const d = BARE_NUMBER.test(a) ? Number(a) : Number.NaN;
    if (d !== 1 && d !== -1 && d !== 0) return flag("not_a_direction", `answer ${quote(a)} is not +1, -1 or 0`);
    out.value = d === 0 ? 0 : d;
    return out;
  }

  if (!BARE_NUMBER.test(a)) {
    // The reference (normalize_number in grpo.py / eval_local.py) would strip the "%" and divide by
    // 100, scoring "45%" as 0.45 on a 0–100 scale. We flag it instead.
    if (PERCENT_NUMBER.test(a)) return flag("percent_sign", `answer ${quote(a)} has a percent sign`);
    return flag("not_a_bare_number", `answer ${quote(a)} is not a bare number`);
  }
  let value = Number(a);
  if (value === 0) value = 0; // "-0" → 0
  const top = opts.scale;
  if (value < 0 || value > top) {
    return flag("out_of_range", `answer ${quote(a)} is outside this run's 0–${top} scale`);
  }
  if (top === 100 && value > 0 && value < 1 && !Number.isInteger(value)) {
    return flag("scale_mismatch", `answer ${quote(a)} is between 0 and 1 on a 0–100 run (a 0–1 answer?)`);
  }
  out.value = value;
  const progress = top === 100 ? value : times100(a);
  out.progress = progress === 0 ? 0 : progress; // no -0

  return out;
}
