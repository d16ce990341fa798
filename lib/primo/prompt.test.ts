import { describe, expect, it } from "vitest";
import { PROGRESS_QUESTIONS } from "./questions";
import { PRIMO_SYSTEM_PROMPT, PROGRESS_TYPE_INSTRUCTION, buildChatRequest, buildUserText, sampleFrameIndices, type ChatContentPart, type ChatImage } from "./prompt";

const img = (tag: string): ChatImage => ({ mime: "image/jpeg", base64: Buffer.from(tag).toString("base64") });
const urlOf = (p: ChatContentPart) => (p.type === "image_url" ? p.image_url.url : p.type === "video_url" ? p.video_url.url : null);
const decoded = (p: ChatContentPart) => Buffer.from(urlOf(p)!.split(",")[1], "base64").toString();

const base = {
  model: "primo-r1",
  instruction: "Put the cup on the plate.",
  question: PROGRESS_QUESTIONS[3],
  initImage: img("init"),
  sampledFrames: Array.from({ length: 8 }, (_, i) => img(`frame-${i}`)),
  currentImage: img("current"),
  maxTokens: 1024,
  temperature: 0.1,
};

describe("PRIMO_SYSTEM_PROMPT", () => {
  it("is the paper's system prompt (with the three-inputs paragraph)", () => {
    expect(PRIMO_SYSTEM_PROMPT.startsWith("A conversation between User and Assistant. The Assistant is an expert AI specializing in embodied procedure and event reasoning based on visual input.")).toBe(true);
    expect(PRIMO_SYSTEM_PROMPT).toContain("You will be provided with three types of visual information:");
    expect(PRIMO_SYSTEM_PROMPT).toContain("(1) Initial State - an image showing the starting condition,");
    expect(PRIMO_SYSTEM_PROMPT).toContain("(2) Video - capturing the procedure from Initial State to Current State,");
    expect(PRIMO_SYSTEM_PROMPT).toContain("(3) Current State - an image showing the ending condition.");
    expect(PRIMO_SYSTEM_PROMPT).toContain("The <think> block must contain three ordered subsections: <planning>, <observation>, and <reasoning>.");
    expect(PRIMO_SYSTEM_PROMPT).toContain("The <answer> block must contain only the final output required by the question type and no other commentary.");
  });
});

describe("buildUserText", () => {
  const text = buildUserText({ instruction: "  Put the cup on the plate. ", question: "How much of the task has been completed?" });

  it("puts the Fig. 10 task info and the question in the QUESTION slot", () => {
    expect(text.startsWith("QUESTION:\nTask info:Put the cup on the plate.\nQuestion:How much of the task has been completed?\n\nQUESTION TYPE:\n")).toBe(true);
  });

  it("injects the Table 7 progress instruction into {question_type} (both places)", () => {
    expect(text).toContain(`QUESTION TYPE:\n${PROGRESS_TYPE_INSTRUCTION}\n\n`);
    expect(PROGRESS_TYPE_INSTRUCTION).toBe("Please output a numerical number between 1 and 100.");
    expect(text).toContain(`strictly follow the ${PROGRESS_TYPE_INSTRUCTION} output format`);
    expect(text).not.toMatch(/\{Question\}|\{question_type\}/);
  });

  it("has the <think><planning><observation><reasoning></think><answer> skeleton in order and ends with </answer>", () => {
    const order = ["<think>", "<planning>", "</planning>", "<observation>", "</observation>", "<reasoning>", "</reasoning>", "</think>", "<answer>\n", "</answer>"];
    const skeleton = text.slice(text.indexOf("Below is the required template:"));
    let at = 0;
    for (const tag of order) {
      const i = skeleton.indexOf(tag, at);
      expect(i, tag).toBeGreaterThanOrEqual(at);
      at = i + tag.length;
    }
    expect(text.endsWith("</answer>")).toBe(true);
    expect(text).toContain("Think through the question as a human would, engage in an internal dialogue");
  });

  it("treats $ in the instruction literally", () => {
    expect(buildUserText({ instruction: "Pay $& and $1", question: "q?" })).toContain("Task info:Pay $& and $1\n");
  });

  it("rejects an empty instruction or question", () => {
    expect(() => buildUserText({ instruction: " ", question: "q?" })).toThrow(RangeError);
    expect(() => buildUserText({ instruction: "do it", question: "" })).toThrow(RangeError);
  });
});

describe("sampleFrameIndices", () => {
  it("spreads count frames over [0, queryFrame] including both ends", () => {
    expect(sampleFrameIndices(100, 5)).toEqual([0, 25, 50, 75, 100]);
    expect(sampleFrameIndices(10, 4)).toEqual([0, 3, 6, 10]); // floored like the reference harness
    expect(sampleFrameIndices(31, 32)).toEqual(Array.from({ length: 32 }, (_, i) => i));
    const s = sampleFrameIndices(1234, 16);
    expect(s).toHaveLength(16);
    expect(s[0]).toBe(0);
    expect(s[15]).toBe(1234);
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeGreaterThan(s[i - 1]);
  });

  it("queryFrame 0 → [0] whatever the count", () => {
    expect(sampleFrameIndices(0, 1)).toEqual([0]);
    expect(sampleFrameIndices(0, 16)).toEqual([0]);
  });

  it("count 1 → the query frame; count 0 → []", () => {
    expect(sampleFrameIndices(57, 1)).toEqual([57]);
    expect(sampleFrameIndices(57, 0)).toEqual([]);
  });

  it("count > frames available → every frame once, ascending", () => {
    expect(sampleFrameIndices(4, 16)).toEqual([0, 1, 2, 3, 4]);
    expect(sampleFrameIndices(1, 32)).toEqual([0, 1]);
  });

  it("rejects negative or fractional input", () => {
    expect(() => sampleFrameIndices(-1, 4)).toThrow(RangeError);
    expect(() => sampleFrameIndices(3.5, 4)).toThrow(RangeError);
    expect(() => sampleFrameIndices(10, -1)).toThrow(RangeError);
  });
});

describe("buildChatRequest", () => {
  it('"frames": system first; user content = init, 8 frames, current, text', () => {
    const body = buildChatRequest({ ...base, videoMode: "frames", topP: 0.9 });
    expect(body.model).toBe("primo-r1");
    expect(body.max_tokens).toBe(1024);
    expect(body.temperature).toBe(0.1);
    expect(body.top_p).toBe(0.9);
    expect(body.stream).toBe(false);
    expect(body.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(body.messages[0].content).toBe(PRIMO_SYSTEM_PROMPT);

    const parts = body.messages[1].content;
    expect(parts.map((p) => p.type)).toEqual([...Array(10).fill("image_url"), "text"]);
    expect(parts.map((p) => (p.type === "text" ? "text" : decoded(p)))).toEqual(["init", ...Array.from({ length: 8 }, (_, i) => `frame-${i}`), "current", "text"]);
    expect(urlOf(parts[0])!.startsWith("data:image/jpeg;base64,")).toBe(true);
    const last = parts[parts.length - 1];
    expect(last.type === "text" && last.text).toBe(buildUserText({ instruction: base.instruction, question: base.question }));
  });

  it('"video": user content = init, one video_url (mp4 data URL), current, text; no top_p unless given', () => {
    const body = buildChatRequest({ ...base, videoMode: "video", video: { mime: "video/mp4", base64: Buffer.from("mp4").toString("base64") } });
    const parts = body.messages[1].content;
    expect(parts.map((p) => p.type)).toEqual(["image_url", "video_url", "image_url", "text"]);
    expect(urlOf(parts[1])).toBe(`data:video/mp4;base64,${Buffer.from("mp4").toString("base64")}`);
    expect(decoded(parts[0])).toBe("init");
    expect(decoded(parts[2])).toBe("current");
    expect("top_p" in body).toBe(false);
    expect(body.messages[0].role).toBe("system");
  });

  it("uses the question it is given (one of the 100)", () => {
    const q = PROGRESS_QUESTIONS[72];
    const body = buildChatRequest({ ...base, question: q, videoMode: "frames" });
    const text = body.messages[1].content.at(-1)!;
    expect(text.type === "text" && text.text).toContain(`Question:${q}\n`);
  });

  it("rejects a missing video, empty frames and bad sampling params", () => {
    expect(() => buildChatRequest({ ...base, videoMode: "video" })).toThrow(/video/);
    expect(() => buildChatRequest({ ...base, sampledFrames: [], videoMode: "frames" })).toThrow(RangeError);
    expect(() => buildChatRequest({ ...base, maxTokens: 0, videoMode: "frames" })).toThrow(RangeError);
    expect(() => buildChatRequest({ ...base, temperature: -1, videoMode: "frames" })).toThrow(RangeError);
    expect(() => buildChatRequest({ ...base, topP: 0, videoMode: "frames" })).toThrow(RangeError);
  });
});
