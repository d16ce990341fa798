import { describe, expect, it } from "vitest";

import { PARSE_FLAG_TEXT, PRIMO_FORMAT, checkFormat, parseModelOutput, type ParseFlag, type QuestionType } from "./parse-output";

const P100 = { questionType: "PROGRESS", scale: 100 } as const;
const P1 = { questionType: "PROGRESS", scale: 1 } as const;
const YESNO = { questionType: "COMPLETION", scale: 100 } as const;

/** The shape PRIMO's template asks for, with newlines. */
function primo(answer: string, parts: { planning?: string; observation?: string; reasoning?: string } = {}): string {
  return [
    "<think>",
    "<planning>",
    parts.planning ?? "Goal: put the mug in the sink.\n1. grasp mug 2. move 3. release",
    "</planning>",
    "<observation>",
    parts.observation ?? "The gripper holds the mug above the counter.",
    "</observation>",
    "<reasoning>",
    parts.reasoning ?? "Hmm, let me think. Step 2 of 3 is under way.",
    "</reasoning>",
    "</think>",
    "<answer>",
    answer,
    "</answer>",
  ].join("\n");
}

describe("PRIMO format check", () => {
  it("accepts the template shape, with or without whitespace between the tags", () => {
    expect(checkFormat(primo("45"))).toBe(true);
    expect(checkFormat("<think><planning>a</planning><observation>b</observation><reasoning>c</reasoning></think><answer>45</answer>")).toBe(true);
    expect(checkFormat("<think><planning></planning><observation></observation><reasoning></reasoning></think><answer></answer>")).toBe(true);
  });

  it("is a whole-string match on the unstripped text, like re.fullmatch in grpo.py", () => {
    expect(checkFormat(`${primo("45")}\n`)).toBe(false);
    expect(checkFormat(` ${primo("45")}`)).toBe(false);
    expect(checkFormat(`${primo("45")} trailing words`)).toBe(false);
    expect(checkFormat(`Sure! ${primo("45")}`)).toBe(false);
  });

  it("rejects sections out of order, missing sections, and case changes", () => {
    const swapped = "<think><observation>b</observation><planning>a</planning><reasoning>c</reasoning></think><answer>45</answer>";
    expect(checkFormat(swapped)).toBe(false);
    expect(checkFormat("<think><planning>a</planning><reasoning>c</reasoning></think><answer>45</answer>")).toBe(false);
    expect(checkFormat("<think>plain</think><answer>45</answer>")).toBe(false);
    expect(checkFormat(primo("45").replace("<planning>", "<Planning>"))).toBe(false);
    expect(checkFormat("<think><planning>a</planning><observation>b</observation><reasoning>c</reasoning></think>text<answer>45</answer>")).toBe(false);
  });

  it("lets free text contain tags, as the lazy regex with backtracking does", () => {
    // The answer may contain another </answer>: fullmatch backtracks to the last one.
    expect(checkFormat("<think><planning>a</planning><observation>b</observation><reasoning>c</reasoning></think><answer>4</answer>5</answer>")).toBe(true);
    // A section may contain its own closing tag followed by more text.
    expect(checkFormat("<think><planning>a</planning>x</planning><observation>b</observation><reasoning>c</reasoning></think><answer>1</answer>")).toBe(true);
  });

  it("uses Python's whitespace set between tags", () => {
    const body = (ws: string) => `<think>${ws}<planning>a</planning><observation>b</observation><reasoning>c</reasoning></think><answer>1</answer>`;
    expect(checkFormat(body("\u00a0\u3000\t"))).toBe(true);
    expect(checkFormat(body("\x1c"))).toBe(true); // str.isspace() in Python, not \s in JavaScript
    expect(checkFormat(body("\ufeff"))).toBe(false); // \s in JavaScript, not in Python
    expect(PRIMO_FORMAT.test(body("\x1c"))).toBe(true);
    expect(PRIMO_FORMAT.test(body("\ufeff"))).toBe(false);
  });

  it("agrees with the PRIMO_FORMAT regex on many generated strings", () => {
    const pieces = ["<think>", "</think>", "<planning>", "</planning>", "<observation>", "</observation>", "<reasoning>", "</reasoning>", "<answer>", "</answer>", " ", "\n", "x", ""];
    // Deterministic pseudo-random generator so failures are reproducible.
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const skeleton = ["<think>", "<planning>", "</planning>", "<observation>", "</observation>", "<reasoning>", "</reasoning>", "</think>", "<answer>", "</answer>"];
    let agreeTrue = 0;
    for (let k = 0; k < 4000; k++) {
      // Start from the valid skeleton and mutate: insert, delete or replace a few pieces.
      const parts = [...skeleton];
      const edits = rnd(4);
      for (let e = 0; e < edits; e++) {
        const at = rnd(parts.length + 1);
        const op = rnd(3);
        if (op === 0) parts.splice(at, 0, pieces[rnd(pieces.length)]);
        else if (op === 1 && parts.length > 0) parts.splice(Math.min(at, parts.length - 1), 1);
        else if (parts.length > 0) parts[Math.min(at, parts.length - 1)] = pieces[rnd(pieces.length)];
      }
      const s = parts.join(rnd(2) ? "" : " ");
      const expected = PRIMO_FORMAT.test(s);
      expect(checkFormat(s), s).toBe(expected);
      if (expected) agreeTrue++;
    }
    expect(agreeTrue).toBeGreaterThan(50); // the generator produces both outcomes
  });

  it("stays linear on a hostile output that would make the regex backtrack", () => {
    const block = "</planning><observation></observation><reasoning></reasoning></think><answer></answer>";
    const hostile = `<think><planning>${block.repeat(20_000)}!`;
    expect(hostile.length).toBeGreaterThan(1_000_000);
    expect(checkFormat(hostile)).toBe(false);
    expect(checkFormat(`${hostile.slice(0, -1)}`)).toBe(true);
  });
});

describe("parseModelOutput: sections", () => {
  it("extracts every section of a well-formed output, trimmed", () => {
    const r = parseModelOutput(primo("45"), P100);
    expect(r.formatOk).toBe(true);
    expect(r.planning).toBe("Goal: put the mug in the sink.\n1. grasp mug 2. move 3. release");
    expect(r.observation).toBe("The gripper holds the mug above the counter.");
    expect(r.reasoning).toBe("Hmm, let me think. Step 2 of 3 is under way.");
    expect(r.think?.startsWith("<planning>")).toBe(true);
    expect(r.think?.endsWith("</reasoning>")).toBe(true);
    expect(r).toMatchObject({ answerText: "45", value: 45, progress: 45, flag: null, flagDetail: null });
  });

  it("still extracts sections when they are out of order (format fails)", () => {
    const raw = "<think><reasoning>r</reasoning><observation>o</observation><planning>p</planning></think><answer>30</answer>";
    const r = parseModelOutput(raw, P100);
    expect(r.formatOk).toBe(false);
    expect(r).toMatchObject({ think: expect.any(String), planning: "p", observation: "o", reasoning: "r", value: 30 });
  });

  it("searches sections inside <think> when it exists, else in the whole text", () => {
    const inside = parseModelOutput("<planning>outside</planning><think><planning>inside</planning></think><answer>1</answer>", P100);
    expect(inside.planning).toBe("inside");
    const noThink = parseModelOutput("<planning>p</planning>\n<reasoning>r</reasoning>\n<answer>10</answer>", P100);
    expect(noThink).toMatchObject({ think: null, planning: "p", observation: null, reasoning: "r", value: 10 });
    const onlyOutside = parseModelOutput("<think>plain thoughts</think><reasoning>late</reasoning><answer>10</answer>", P100);
    expect(onlyOutside).toMatchObject({ think: "plain thoughts", reasoning: null });
  });

  it("takes the first occurrence of a repeated section", () => {
    const r = parseModelOutput("<think><reasoning>one</reasoning><reasoning>two</reasoning></think><answer>5</answer>", P100);
    expect(r.reasoning).toBe("one");
  });

  it("does not balance nested tags: the outer section keeps the inner tags verbatim", () => {
    const raw = "<think><planning>plan <reasoning>why</reasoning> more</planning><observation>o</observation></think><answer>20</answer>";
    const r = parseModelOutput(raw, P100);
    expect(r.planning).toBe("plan <reasoning>why</reasoning> more");
    expect(r.reasoning).toBe("why");
    expect(r.value).toBe(20);
  });

  it("counts an <answer> written inside <reasoning> as an answer block", () => {
    const lone = parseModelOutput("<think><reasoning>so <answer>40</answer></reasoning></think>", P100);
    expect(lone).toMatchObject({ reasoning: "so <answer>40</answer>", answerText: "40", value: 40, flag: null });
    const twice = parseModelOutput("<think><reasoning>maybe <answer>40</answer></reasoning></think><answer>45</answer>", P100);
    expect(twice).toMatchObject({ answerText: "40", value: null, flag: "multiple_answers" });
    expect(twice.flagDetail).toBe('the output has 2 <answer> blocks (the first says "40")');
  });

  it("handles truncated outputs without throwing", () => {
    const unclosedThink = parseModelOutput("<think>\n<planning>p</planning>\n<observation>half a sent", P100);
    expect(unclosedThink).toMatchObject({ formatOk: false, think: null, planning: "p", observation: null, reasoning: null, flag: "no_answer" });
    const unclosedAnswer = parseModelOutput(`${primo("45").slice(0, primo("45").indexOf("</answer>"))}`, P100);
    expect(unclosedAnswer).toMatchObject({ answerText: null, value: null, flag: "no_answer" });
    expect(unclosedAnswer.flagDetail).toContain("never closes");
    expect(parseModelOutput("<answer>4", P100)).toMatchObject({ answerText: null, flag: "no_answer" });
    expect(parseModelOutput("", P100)).toMatchObject({ think: null, answerText: null, flag: "no_answer" });
    expect(parseModelOutput("<", P100).flag).toBe("no_answer");
  });

  it("matches tags case-sensitively", () => {
    const r = parseModelOutput("<THINK><Planning>p</Planning></THINK><Answer>45</Answer>", P100);
    expect(r).toMatchObject({ think: null, planning: null, answerText: null, flag: "no_answer" });
  });

  it("returns hostile text verbatim (no stripping, no escaping)", () => {
    const xss = "<script>alert(1)</script>";
    const img = '<img src=x onerror="alert(2)">';
    const raw = `<think><planning>${xss}</planning><observation>${img}</observation><reasoning>&lt;b&gt; &amp;</reasoning></think><answer>${xss}</answer>`;
    const r = parseModelOutput(raw, P100);
    expect(r.formatOk).toBe(true);
    expect(r.planning).toBe(xss);
    expect(r.observation).toBe(img);
    expect(r.reasoning).toBe("&lt;b&gt; &amp;");
    expect(r.answerText).toBe(xss);
    expect(r.flag).toBe("not_a_bare_number");
    expect(r.flagDetail).toBe(`answer ${JSON.stringify(xss)} is not a bare number`);
  });

  it("parses a 1 MB output correctly", () => {
    const long = "wait, let me think. ".repeat(55_000);
    const raw = primo("62.5", { reasoning: long });
    expect(raw.length).toBeGreaterThan(1_000_000);
    const r = parseModelOutput(raw, P100);
    expect(r).toMatchObject({ formatOk: true, value: 62.5, progress: 62.5, flag: null });
    expect(r.reasoning).toBe(long.trim());

    const manyTags = `<think>${"<planning></answer><answer>".repeat(40_000)}`;
    const m = parseModelOutput(manyTags, P100);
    expect(m.flag).toBe("multiple_answers");
    expect(m.flagDetail).toContain("39999 <answer> blocks");

    const digits = `<answer>${"9".repeat(1_000_000)}x</answer>`;
    expect(parseModelOutput(digits, P100).flag).toBe("not_a_bare_number");
  });
});

describe("parseModelOutput: progress answers", () => {
  const value = (answer: string, opts: { questionType: QuestionType; scale: 100 | 1 } = P100) => parseModelOutput(`<answer>${answer}</answer>`, opts);

  it.each([
    ["45", 45],
    [" 45 ", 45],
    ["\n45\n", 45],
    ["0", 0],
    ["100", 100],
    ["62.5", 62.5],
    ["+30", 30],
    ["-0", 0],
    ["045", 45],
    ["1", 1],
  ])("reads %j on a 0-100 run as %d", (answer, expected) => {
    const r = value(answer);
    expect(r).toMatchObject({ value: expected, progress: expected, flag: null, flagDetail: null });
    expect(Object.is(r.value, -0)).toBe(false);
  });

  it.each([
    ["0.45", 0.45, 45],
    [".45", 0.45, 45],
    ["0", 0, 0],
    ["1", 1, 100],
    ["1.0", 1, 100],
    ["0.125", 0.125, 12.5],
    ["0.07", 0.07, 7],
    ["+0.3", 0.3, 30],
  ])("reads %j on a 0-1 run as value %d, progress %d (exactly)", (answer, v, p) => {
    expect(value(answer, P1)).toMatchObject({ value: v, progress: p, flag: null });
  });

  it("flags a percent sign instead of reading 45% as 0.45", () => {
    expect(value("45%")).toMatchObject({ answerText: "45%", value: null, progress: null, flag: "percent_sign", flagDetail: 'answer "45%" has a percent sign' });
    expect(value("45 %").flag).toBe("percent_sign");
    expect(value("45％").flag).toBe("percent_sign");
    expect(value("45%", P1).flag).toBe("percent_sign");
  });

  it.each(["about 45", "45 percent", "Answer: 45", "forty-five", "4 5", "1e2", "1,000", "45.", "0x2d", "Infinity", "NaN", "45/100", "~45", "≈45", "４５", "[45]", "45\n50", "error"])(
    "flags %j as not a bare number",
    (answer) => {
      const r = value(answer);
      expect(r).toMatchObject({ value: null, progress: null, flag: "not_a_bare_number" });
      expect(r.answerText).toBe(answer.trim());
    },
  );

  it("flags a 0-1 looking fraction on a 0-100 run as a scale mismatch", () => {
    expect(value("0.45")).toMatchObject({ value: null, flag: "scale_mismatch", flagDetail: 'answer "0.45" is between 0 and 1 on a 0–100 run (a 0–1 answer?)' });
    expect(value(".9").flag).toBe("scale_mismatch");
    // 0 and 1 are valid on both scales.
    expect(value("0").flag).toBeNull();
    expect(value("1.0").flag).toBeNull();
  });

  it("flags values outside the scale", () => {
    expect(value("101")).toMatchObject({ value: null, flag: "out_of_range", flagDetail: 'answer "101" is outside this run\'s 0–100 scale' });
    expect(value("-5").flag).toBe("out_of_range");
    expect(value("-0.5").flag).toBe("out_of_range");
    expect(value("45", P1)).toMatchObject({ value: null, progress: null, flag: "out_of_range", flagDetail: 'answer "45" is outside this run\'s 0–1 scale' });
    expect(value("1.01", P1).flag).toBe("out_of_range");
    expect(value("-0.1", P1).flag).toBe("out_of_range");
  });

  it("flags an empty answer block", () => {
    expect(value("")).toMatchObject({ answerText: "", value: null, flag: "empty_answer" });
    expect(value("  \n ")).toMatchObject({ answerText: "", flag: "empty_answer" });
  });

  it("flags more than one answer block", () => {
    const r = parseModelOutput("<answer>40</answer> or <answer>45</answer>", P100);
    expect(r).toMatchObject({ answerText: "40", value: null, flag: "multiple_answers" });
  });

  it("accepts a whole output that is a bare number (reward-model style) but not as well-formatted", () => {
    expect(parseModelOutput("  72\n", P100)).toMatchObject({ formatOk: false, answerText: "72", value: 72, progress: 72, flag: null });
    expect(parseModelOutput("0.72", P1)).toMatchObject({ answerText: "0.72", value: 0.72, progress: 72 });
    expect(parseModelOutput("0.72", P100)).toMatchObject({ answerText: "0.72", flag: "scale_mismatch" });
    expect(parseModelOutput("Progress: 72", P100)).toMatchObject({ answerText: null, flag: "no_answer" });
    expect(parseModelOutput("72%", P100)).toMatchObject({ answerText: null, flag: "no_answer" });
    // An unclosed answer tag means the output is not a bare number.
    expect(parseModelOutput("<answer>72", P100).flag).toBe("no_answer");
  });
});

describe("parseModelOutput: completion answers", () => {
  const ask = (answer: string) => parseModelOutput(`<think>t</think><answer>${answer}</answer>`, YESNO);

  it.each([
    ["yes", 1],
    ["Yes", 1],
    ["YES.", 1],
    [" no ", 0],
    ["No.", 0],
  ])("reads %j as %d", (answer, expected) => {
    expect(ask(answer)).toMatchObject({ value: expected, progress: null, flag: null });
  });

  it.each(["yes!", "Yes, it is done", "y", "true", "1", "no..", "oui", "yes no"])("flags %j", (answer) => {
    expect(ask(answer)).toMatchObject({ value: null, progress: null, flag: "not_yes_no" });
  });

  it("shares the structural flags with progress questions", () => {
    expect(ask("").flag).toBe("empty_answer");
    expect(parseModelOutput("no answer here", YESNO).flag).toBe("no_answer");
    expect(parseModelOutput("<answer>yes</answer><answer>no</answer>", YESNO).flag).toBe("multiple_answers");
  });
});

describe("contrastive answers", () => {
  const CMP = { questionType: "CONTRASTIVE", scale: 1 } as const;
  it.each([
    ["1.0", 1],
    ["-1.0", -1],
    ["0.0", 0],
    ["-0", 0],
    ["1", 1],
    ["<answer>-1</answer>", -1],
  ])("reads %j as %d on either scale", (answer, expected) => {
    expect(parseModelOutput(answer, CMP)).toMatchObject({ value: expected, progress: null, flag: null });
    expect(parseModelOutput(answer, { ...CMP, scale: 100 })).toMatchObject({ value: expected, progress: null, flag: null });
  });
  it.each(["0.5", "2", "ImageB", "+1x", "yes"])("flags %j", (answer) => {
    expect(parseModelOutput(answer.startsWith("<") ? answer : `<answer>${answer}</answer>`, CMP)).toMatchObject({ value: null, flag: "not_a_direction" });
  });
});

describe("PARSE_FLAG_TEXT", () => {
  it("has one sentence for every flag", () => {
    const flags: ParseFlag[] = [
      "no_answer", "empty_answer", "multiple_answers", "percent_sign", "not_a_bare_number", "scale_mismatch", "out_of_range", "not_yes_no", "not_a_direction",
    ];
    expect(Object.keys(PARSE_FLAG_TEXT).sort()).toEqual([...flags].sort());
    for (const f of flags) expect(PARSE_FLAG_TEXT[f]).toMatch(/^[A-Z].*\.$/);
  });
});
