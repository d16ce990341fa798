/**
 * What the PRIMO R1 / Video-R1 formats (primo-rl, primo-sft, benchmark) share: the record fields
 * and the rules of their loaders. Sources are cited in docs/trainer-readers.md; the rules:
 *
 * - The loaders read a JSON list (json.load) and build the user message image → video → image →
 *   text from `init_frame_path`, `path` and `current_frame_path`, then hand the video to their
 *   vendored qwen-vl-utils (tulerfeng/Video-R1 src/qwen-vl-utils, FPS_MAX_FRAMES = 16) with
 *   fps 2: `path` must be ONE video file that smart_nframes accepts (at least 2 frames).
 * - `problem_type` picks the answer template and the reward; progress records are "numerical"
 *   and `solution` is `<answer>N</answer>` with a bare number (DOMAIN.md §2).
 */
import { z } from "zod";
import { VIDEO_R1_FPS_MAX_FRAMES } from "@/lib/export/readers/qwen-vl-utils";
import { parts, primoQuestionBlock, userText, type RecordOptions } from "@/lib/export/records";
import type { TExportConfig } from "@/lib/export/config";
import type { Sample } from "@/lib/export/types";
import type { MediaLookup } from "./format";
import { Findings, checkMedia, checkQwenVideo } from "./rules";

/** Video-R1 / PRIMO RL record (also the benchmark record). `options` is only for multiple choice, so it is omitted. */
export const ZPrimoRlRecordSchema = z.object({
  problem_id: z.string(),
  problem: z.string().min(1),
  problem_type: z.literal("numerical"),
  solution: z.string().regex(/^<answer>\d+(\.\d+)?<\/answer>$/),
  /** The clip (clip mode). */
  path: z.union([z.string(), z.array(z.string())]),
  data_type: z.literal("video"),
  init_frame_path: z.string(),
  current_frame_path: z.string(),
});
export type PrimoRlRecord = z.infer<typeof ZPrimoRlRecordSchema>;

export function primoFields(s: Sample, opts: RecordOptions): PrimoRlRecord {
  const p = parts(s, opts.videoMode);
  const problem = (opts.primoProblem ?? "question-block") === "user-text" ? userText(s) : primoQuestionBlock(s.episode.task.instruction, s.question);
  return {
    problem_id: s.id,
    problem,
    problem_type: "numerical",
    solution: p.solution,
    path: p.video,
    data_type: "video",
    init_frame_path: p.init,
    current_frame_path: p.current,
  };
}

/** The PRIMO loaders need `path` to be one video file; frames mode gives a list they cannot open. */
export function primoConfigProblem(config: TExportConfig): string | null {
  return config.videoMode === "frames"
    ? 'The PRIMO / Video-R1 loaders open "path" as one video file; the frames video mode gives a list of frame paths, which they cannot read. Export PRIMO formats in clip mode.'
    : null;
}

/** The rules every PRIMO record must pass (see the module comment). */
export function primoConform(f: Findings, r: PrimoRlRecord, media: MediaLookup, o: RecordOptions, trainer: "grpo" | "sft" | "eval"): void {
  // Where each loader looks for the media (docs/trainer-readers.md, PRIMO R1 and Video-R1):
  // the GRPO trainer opens "/" + path[1:], so `path` must be absolute; the SFT DatasetLoader and
  // eval_local resolve a relative path against their data root.
  if (trainer === "grpo" && !o.mediaRoot) {
    f.note = { ...f.note, warning: 'PRIMO R1\'s GRPO trainer opens "/" + path[1:]: set the export\'s media root (mediaRoot) to the absolute folder the export will be in on the training machine, or its paths will not open.' };
  }
  const parsed = ZPrimoRlRecordSchema.safeParse(r);
  if (!parsed.success) for (const i of parsed.error.issues) f.add("record fields (DOMAIN.md §2)", `${i.path.join(".") || "record"}: ${i.message}`);
  checkMedia(f, "init_frame_path is an image", r.init_frame_path, media, "image");
  checkMedia(f, "current_frame_path is an image", r.current_frame_path, media, "image");
  if (typeof r.path !== "string") f.add("path is one video file", `got a list of ${Array.isArray(r.path) ? r.path.length : 0} paths`);
  // The vendored qwen-vl-utils at the loaders' fps 2 (Video-R1 src/qwen-vl-utils, FPS_MAX_FRAMES 16).
  else checkQwenVideo(f, "qwen-vl-utils smart_nframes (Video-R1 copy, fps 2)", r.path, media, { fps: 2 }, VIDEO_R1_FPS_MAX_FRAMES);
}
