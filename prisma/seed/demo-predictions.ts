// Demo predictions: three runs of different quality over the demo episodes, so the comparison
// view, the chain-review queue and the leaderboard show something meaningful on first start.
//   - "PRIMO R1 7B (demo)": close to the truth, every answer in the PRIMO format.
//   - "Qwen2.5-VL 7B (demo)": noisier, claims completion too early near the end of episodes
//     (the failure PRIMO's Fig. 4 shows), sometimes skips <planning> or answers "45%".
//   - "Reward model (demo)": a dense reward model answering bare numbers on 0–1 with a
//     success score, plus yes/no completion answers on the last frame.
// The outputs are synthetic and say so in the run descriptions. They are written through the
// real import pipeline (JSONL), so the demo exercises the same parsing and ground truth as a
// user's file. Idempotent: a run that exists is left alone.
import { db } from "../../lib/db";
import { progressCurve, progressAt } from "../../lib/progress/progress-curve";
import { importPredictions } from "../../lib/predictions/import-predictions";
import { queryFramesFor } from "../../lib/model-runs/run-model";
import { sampleFrameIndices } from "../../lib/primo/prompt";
import { PROGRESS_QUESTIONS } from "../../lib/primo/questions";
import type { DemoSubtask } from "../../lib/demo/generate-demo-dataset";
import type { Outcome } from "../../lib/annotation/types";
import { mulberry32 } from "../../lib/random";


/** Normal noise (Box–Muller). */
function gauss(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

interface Ep {
  id: number;
  instruction: string;
  lengthFrames: number;
  outcome: Outcome;
  truth: DemoSubtask[];
}

function chain(ep: Ep, frame: number, believed: number, opts: { planning: boolean }) {
  const steps = [...new Set(ep.truth.map((s) => s.label))];
  const done = ep.truth.filter((s) => s.end_frame < frame).map((s) => s.label);
  const current = ep.truth.find((s) => s.start_frame <= frame && frame <= s.end_frame)?.label ?? steps[steps.length - 1];
  const planning = `The goal is: ${ep.instruction}. A successful run goes through ${steps.length} steps: ${steps.map((s, i) => `${i + 1}. ${s.replace(/_/g, " ")}`).join(", ")}.`;
  const observation = `Comparing the initial state with the current frame, ${done.length ? `${done.map((s) => s.replace(/_/g, " ")).join(", ")} look${done.length === 1 ? "s" : ""} finished` : "no step is finished yet"}; the robot is now in the "${current.replace(/_/g, " ")}" step.`;
  const reasoning = `Let me think. ${done.length} of ${steps.length} steps are complete and the current one is partly done, so the task is roughly ${Math.round(believed)}% complete.`;
  return `<think>${opts.planning ? `<planning>${planning}</planning>\n` : ""}<observation>${observation}</observation>\n<reasoning>${reasoning}</reasoning></think>\n`;
}

export async function seedDemoPredictions(opts: { log?: (m: string) => void } = {}): Promise<{ created: string[] }> {
  const log = opts.log ?? (() => {});
  const rows = await db.episode.findMany({
    where: { task: { key: { not: "frame-coded-calibration" } } },
    select: { id: true, lengthFrames: true, outcome: true, metadata: true, task: { select: { instruction: true } } },
    orderBy: { id: "asc" },
  });
  const eps: Ep[] = rows
    .map((r) => ({ id: r.id, instruction: r.task.instruction, lengthFrames: r.lengthFrames, outcome: r.outcome, truth: ((r.metadata as { demo_truth_subtasks?: DemoSubtask[] }).demo_truth_subtasks ?? []) }))
    .filter((e) => e.truth.length > 0);
  if (eps.length === 0) return { created: [] };

  const runs = [
    { name: "PRIMO R1 7B (demo)", modelName: "PRIMO-R1-7B", scale: 100 as const, seed: 11 },
    { name: "Qwen2.5-VL 7B (demo)", modelName: "Qwen2.5-VL-7B-Instruct", scale: 100 as const, seed: 22 },
    { name: "Reward model (demo)", modelName: "LRM-7B (dense reward)", scale: 1 as const, seed: 33 },
  ];
  const created: string[] = [];
  for (const run of runs) {
    if (await db.predictionRun.findUnique({ where: { name: run.name }, select: { id: true } })) continue;
    const rand = mulberry32(run.seed);
    const lines: string[] = [];
    for (const ep of eps) {
      // The truth of what the video shows (the generator's own stages), as a progress curve.
      const curve = progressCurve({
        segments: ep.truth.map((s) => ({ startFrame: s.start_frame, endFrame: s.end_frame, label: s.label })),
        lengthFrames: ep.lengthFrames,
        weighting: "EQUAL",
        outcome: ep.outcome === "FAILURE" ? "FAILURE" : "SUCCESS",
      });
      const frames = queryFramesFor(ep.lengthFrames, ep.lengthFrames > 3000 ? 24 : 8);
      for (const frame of frames) {
        const truth = progressAt(curve, frame);
        const question = PROGRESS_QUESTIONS[Math.floor(rand() * PROGRESS_QUESTIONS.length)];
        const sampled = sampleFrameIndices(frame, 16);
        let output: string;
        if (run.seed === 11) {
          const p = Math.round(clamp(truth + 4 * gauss(rand), 0, 100));
          output = `${chain(ep, frame, p, { planning: true })}<answer>${p}</answer>`;
        } else if (run.seed === 22) {
          let p = clamp(truth + 12 * gauss(rand), 0, 100);
          if (truth > 60 && rand() < 0.45) p = 100; // hallucinated completion near the end
          const rounded = Math.round(p);
          const r = rand();
          const answer = r < 0.05 ? `${rounded}%` : r < 0.08 ? `about ${rounded}` : String(rounded);
          output = `${chain(ep, frame, rounded, { planning: rand() > 0.15 })}<answer>${answer}</answer>`;
        } else {
          output = clamp(truth / 100 + 0.08 * gauss(rand), 0, 1).toFixed(2);
        }
        lines.push(JSON.stringify({ episode_id: ep.id, query_frame: frame, question, output, sampled_frames: sampled, ...(run.seed === 33 ? { score: clamp((ep.outcome === "SUCCESS" ? 0.75 : 0.35) + 0.2 * gauss(rand), 0, 1) } : {}) }));
      }
      if (run.seed === 33) {
        const last = ep.lengthFrames - 1;
        const done = progressAt(curve, last) >= 100;
        const says = rand() < 0.85 ? done : !done;
        lines.push(JSON.stringify({ episode_id: ep.id, query_frame: last, question_type: "completion", question: "Has the task been completed?", output: `<answer>${says ? "Yes" : "No"}</answer>` }));
      }
    }
    const r = await importPredictions({
      user: null,
      fields: {
        run: run.name,
        modelName: run.modelName,
        scale: run.scale,
        description: "Synthetic demo predictions made by the demo seed (not a real model), to show the comparison, review and leaderboard views.",
      },
      file: { bytes: new TextEncoder().encode(lines.join("\n")), name: `${run.name}.jsonl` },
    });
    created.push(run.name);
    log(`Demo run "${run.name}": ${r.created} predictions${r.problemCount ? `, ${r.problemCount} problems` : ""}`);
  }
  return { created };
}
