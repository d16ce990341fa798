/**
 * PRIMO R1 request building (pure; no I/O).
 *
 * Sources: the paper ("From Passive Observer to Active Critic", Appendix E:
 * system prompt, user prompt template, Table 7 TYPE_TEMPLATE; Fig. 10: the
 * "Task info" progress query) and the public reference code
 * (10-OASIS-01/PRIMO-R1, src/primo_prompts.py, src/eval/*). Where the two
 * differ we follow the paper; each difference is noted next to the text.
 */

/**
 * System prompt, Appendix E.
 *
 * Paper vs code (primo_prompts.SYSTEM_PROMPT):
 * - The paper's prompt has the paragraph describing the three visual inputs
 *   (Initial State / Video / Current State); the code's SYSTEM_PROMPT lacks it.
 * - Paper: "based on visual input."; code: "based on visual input (video or images)."
 * - Paper: "<think></think> tags"; code: "<think> </think> tags".
 * - The code joins everything into one paragraph; we keep the paper's
 *   paragraphs and list lines.
 */
export const PRIMO_SYSTEM_PROMPT: string = [
  "A conversation between User and Assistant. The Assistant is an expert AI specializing in embodied procedure and event reasoning based on visual input.",
  "",
  "You will be provided with three types of visual information:",
  "(1) Initial State - an image showing the starting condition,",
  "(2) Video - capturing the procedure from Initial State to Current State,",
  "(3) Current State - an image showing the ending condition.",
  "You must analyze all three inputs together to understand the complete task progression and answer the question.",
  "",
  "The assistant must strictly follow a specific thought process and output format. The reasoning process is enclosed within <think></think> tags, and the final answer is within <answer> </answer> tags.",
  "The <think> block must contain three ordered subsections: <planning>, <observation>, and <reasoning>.",
  "The <answer> block must contain only the final output required by the question type and no other commentary.",
].join("\n");

/**
 * Table 7, "Progress" row. The paper says Table 7's instructions are
 * "injected into the {question_type} variable".
 *
 * Paper vs code: TYPE_TEMPLATE in the code has no progress entry at all
 * (progress records use "numerical"/"regression": " Please provide the
 * numerical value (e.g., 42 or 3.14) within the <answer> </answer> tags."),
 * fills {question_type} with the type NAME (e.g. "numerical") and appends the
 * instruction after the whole template (after </answer>). We follow the paper.
 */
export const PROGRESS_TYPE_INSTRUCTION = "Please output a numerical number between 1 and 100.";

/**
 * User prompt template, Appendix E. `{Question}` / `{question_type}` are
 * substituted by buildUserText.
 *
 * Paper vs code (primo_prompts.QUESTION_TEMPLATE):
 * - Paper: "Think through the question as a human would, engage in ..."; code
 *   capitalises "Engage".
 * - Paper answer line: "Final answer here - strictly follow the {question_type}
 *   output format and include no extra commentary." Code wraps it in [ ... ]
 *   and puts the type in backticks. We follow the paper (no brackets/backticks).
 * - Dashes: the paper's text shows "cues-repetition, ... indicators-that" and
 *   "here - strictly"; the code has em dashes there. The paper's hyphens are
 *   PDF-extraction artefacts of the same em dash, so we use "—".
 * - Line layout (single newlines inside the <think> skeleton, blank lines
 *   between sections) follows the paper's code-block rendering and the code;
 *   the blank lines between every line in the paper's markdown are extraction
 *   artefacts.
 */
export const PRIMO_USER_TEMPLATE: string = [
  "QUESTION:",
  "{Question}",
  "",
  "QUESTION TYPE:",
  "{question_type}",
  "",
  "Analyze the provided visual data and reason about the ongoing task.",
  "",
  "Please think about this question as if you were a human pondering deeply. Provide your detailed reasoning between the <think> and </think> tags, following the subsections <planning>, <observation>, and <reasoning>. Then give your final answer between the <answer> and </answer> tags.",
  "",
  "Below is the required template:",
  "",
  "<think>",
  "<planning>",
  "Identify the high-level goal of the agent, what is the initial state? What does successful completion look like?",
  "Break down the high-level goal into a logical sequence of canonical steps. This serves as your mental plan for interpreting the task.",
  "Use this plan to interpret actions, map observed behaviors to steps, assess progress, detect anomalies, and predict what happens next.",
  "</planning>",
  "<observation>",
  "View the video as a temporal sequence of actions contributing to the procedure.",
  "Objectively describe what is occurring in the current moment, noting evidence of progress or state changes.",
  "Identify fine-grained actions and explain how they move the task forward.",
  "List relevant objects, tools, and environmental context, emphasizing functional states and transformations.",
  "Note cues—repetition, transitions, or completion indicators—that situate the action in the procedural script.",
  "</observation>",
  "<reasoning>",
  "Think through the question as a human would, engage in an internal dialogue using expressions such as 'let me think', 'wait', 'hmm', 'oh, I see', 'let's break it down', etc.",
  "Connect observations to the procedural plan to determine which step is being executed, progress, correctness, or anomalies.",
  "Reflect on assumptions, verify interpretations, and, if appropriate, predict the agent's next likely action.",
  "Synthesize understanding of what the agent is doing, how it fits into the broader task, and whether the process seems successful.",
  "You are encouraged to include self-reflection or verification in your reasoning process.",
  "</reasoning>",
  "</think>",
  "<answer>",
  "Final answer here — strictly follow the {question_type} output format and include no extra commentary.",
  "</answer>",
].join("\n");

/**
 * The user text for one progress question.
 *
 * {Question} is the Fig. 10 progress query: "Task info:{task_info}" then
 * "Question:{question}" (spelled exactly as in the figure, no space after the
 * colon). Fig. 10's optional "Init Scene" line is omitted (we have no scene
 * text), and so is its "Answer format:" line, because the answer instruction
 * is already carried by QUESTION TYPE (Table 7); repeating it with Fig. 10's
 * slightly different wording ("numerical value ... indicating the percentage
 * of task completion") would give the model two instructions.
 */
export function buildUserText(opts: { instruction: string; question: string }): string {
  const instruction = opts.instruction.trim();
  const question = opts.question.trim();
  if (!instruction) throw new RangeError("buildUserText: the task instruction is empty");
  if (!question) throw new RangeError("buildUserText: the question is empty");
  const questionBlock = `Task info:${instruction}\nQuestion:${question}`;
  // Function replacers: `$` in an instruction must not be read as a replacement pattern.
  return PRIMO_USER_TEMPLATE.replace("{Question}", () => questionBlock).replaceAll("{question_type}", () => PROGRESS_TYPE_INSTRUCTION);
}

/**
 * Frame indices for V_seq: `count` frames spread evenly over [0, queryFrame],
 * both ends included when count >= 2, ascending. Positions are floored, as in
 * the reference API harness (`int(i * (N - 1) / (n - 1))`). When the clip has
 * fewer frames than requested (queryFrame + 1 < count) every frame is returned
 * once (no duplicates). count = 1 gives the query frame itself; count = 0 gives [].
 */
export function sampleFrameIndices(queryFrame: number, count: number): number[] {
  if (!Number.isInteger(queryFrame) || queryFrame < 0) throw new RangeError(`sampleFrameIndices: queryFrame must be a non-negative integer, got ${queryFrame}`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`sampleFrameIndices: count must be a non-negative integer, got ${count}`);
  if (count === 0) return [];
  if (count === 1) return [queryFrame];
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const idx = Math.floor((i * queryFrame) / (count - 1));
    if (out.length === 0 || out[out.length - 1] !== idx) out.push(idx);
  }
  return out;
}

export type VideoMode = "frames" | "video";

export interface ChatImage {
  mime: "image/jpeg";
  base64: string;
}

export interface ChatVideo {
  mime: "video/mp4";
  base64: string;
}

export type ChatContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string } }
  | { type: "video_url"; video_url: { url: string } };

export interface ChatRequestBody {
  model: string;
  messages: [{ role: "system"; content: string }, { role: "user"; content: ChatContentPart[] }];
  max_tokens: number;
  temperature: number;
  top_p?: number;
  stream: false;
}

const dataUrl = (m: { mime: string; base64: string }) => `data:${m.mime};base64,${m.base64}`;
const imagePart = (img: ChatImage): ChatContentPart => ({ type: "image_url", image_url: { url: dataUrl(img) } });

/**
 * An OpenAI chat-completions request body for one sample.
 *
 * Message layout as PRIMO (eval_interleave.py, Appendix E): system message
 * first, then one user message whose content is
 *   initial-state image → process video → current-state image → text.
 * "frames": the video is the sampled frames as consecutive image_url parts.
 * "video": one video_url part with an mp4 data URL (a vLLM extension to the
 * OpenAI schema; OpenAI itself rejects it).
 *
 * Note: the reference API harness (src/eval/eval_api.py) does NOT use this
 * layout: it sends no system message, puts the text FIRST, sends only the
 * video frames (no initial/current images) and uses a "rigid evaluation
 * parser" prompt instead of the PRIMO template. We follow the paper.
 */
export function buildChatRequest(opts: {
  model: string;
  instruction: string;
  question: string;
  initImage: ChatImage;
  sampledFrames: ChatImage[];
  currentImage: ChatImage;
  videoMode: VideoMode;
  video?: ChatVideo;
  maxTokens: number;
  temperature: number;
  topP?: number;
}): ChatRequestBody {
  if (!opts.model.trim()) throw new RangeError("buildChatRequest: model is empty");
  if (!Number.isInteger(opts.maxTokens) || opts.maxTokens < 1) throw new RangeError(`buildChatRequest: maxTokens must be a positive integer, got ${opts.maxTokens}`);
  if (!Number.isFinite(opts.temperature) || opts.temperature < 0) throw new RangeError(`buildChatRequest: temperature must be >= 0, got ${opts.temperature}`);
  if (opts.topP !== undefined && !(opts.topP > 0 && opts.topP <= 1)) throw new RangeError(`buildChatRequest: topP must be in (0, 1], got ${opts.topP}`);

  let videoParts: ChatContentPart[];
  if (opts.videoMode === "video") {
    if (!opts.video) throw new RangeError('buildChatRequest: videoMode "video" needs `video`');
    videoParts = [{ type: "video_url", video_url: { url: dataUrl(opts.video) } }];
  } else if (opts.videoMode === "frames") {
    if (opts.sampledFrames.length === 0) throw new RangeError('buildChatRequest: videoMode "frames" needs at least one sampled frame');
    videoParts = opts.sampledFrames.map(imagePart);
  } else {
    throw new RangeError(`buildChatRequest: unknown videoMode ${String(opts.videoMode)}`);
  }

  const content: ChatContentPart[] = [
    imagePart(opts.initImage),
    ...videoParts,
    imagePart(opts.currentImage),
    { type: "text", text: buildUserText({ instruction: opts.instruction, question: opts.question }) },
  ];

  const body: ChatRequestBody = {
    model: opts.model,
    messages: [
      { role: "system", content: PRIMO_SYSTEM_PROMPT },
      { role: "user", content },
    ],
    max_tokens: opts.maxTokens,
    temperature: opts.temperature,
    stream: false,
  };
  if (opts.topP !== undefined) body.top_p = opts.topP;
  return body;
}
