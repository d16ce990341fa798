// Robometer's evaluation records (robometer/robometer @ c7f38e266e1c00ec1203f4f8dbfa64de36590a0c):
// a JSON list, one record per sample, as robometer/trainers/rbm_heads_trainer.py writes
// `eval_results/{eval_type}_{ds}.json` (L829–844) and robometer/evals/run_baseline_eval.py writes
// `<eval_type>/<dataset>_results.json` (L404, L620); robometer/evals/compile_results.py reads
// them back (L247–260, L386):
//
//   {"id": "<uuid>", "video_path": ".../trajectory_<id>.npz", "task", "data_source",
//    "progress_pred": [p per sampled frame], "target_progress": [...], "quality_label",
//    "partial_success", "metadata": {"id", "video_path", "frame_step"?, "num_frames"?},
//    "success_probs": [sigmoid per frame]?, "success_pred"?, "success_labels"?}
//
// - progress_pred is on 0–1 (the continuous head ends in a sigmoid). With the discrete head
//   (progress_loss_type "discrete") each entry is a list of bin logits; Robometer turns them into
//   progress as the softmax-weighted sum of the bin centres linspace(0, 1, bins), and so does
//   this reader.
// - success_probs (sigmoid of the success head, 0–1) are kept per frame.
// - Whole-trajectory records score every sampled frame after seeing them all: kept non-causal.
//   The records do not list their frames. Robometer samples them with
//   np.rint(np.linspace(0, N−1, max_frames)) (robometer/data/datasets/helpers.py L322–323) when
//   the trajectory is longer, and takes every frame otherwise; but its eval sets are themselves
//   preprocessed (max_frames_after_preprocessing), so the import asks which rule to apply unless
//   a record has as many values as its episode has frames.
// - Frame-steps records (metadata.frame_step: the last frame of a prefix) score the prefix
//   0…frame_step; the last value is the prediction at that frame, causal.
// - The episode is named by the record's "episode" field when present, else by the path pattern
//   matched against video_path, else by its "id".
import {
  answerText,
  episodeFromPath,
  isFiniteNumber,
  isPlainObject,
  optionalPattern,
  quote,
  rewardRecord,
  type FormatContext,
  type PredictionFormatModule,
  type ReadResult,
} from "./format";
import { PREDICTION_FORMAT_LABEL } from "./ids";

function recordsOf(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v;
  return null;
}

function looksLikeRobometer(items: unknown[]): boolean {
  return items.slice(0, 20).some((r) => isPlainObject(r) && Array.isArray(r.progress_pred));
}

/** Softmax-weighted sum of the bin centres linspace(0, 1, bins) (Robometer's discrete head). */
export function discreteProgress(logits: number[]): number {
  let max = -Infinity;
  for (const l of logits) if (l > max) max = l;
  const w = logits.map((l) => Math.exp(l - max));
  const total = w.reduce((a, b) => a + b, 0);
  const bins = logits.length;
  return w.reduce((acc, wi, i) => acc + (wi / total) * (bins === 1 ? 0 : i / (bins - 1)), 0);
}

export const robometer: PredictionFormatModule = {
  id: "robometer",
  label: PREDICTION_FORMAT_LABEL["robometer"],
  source: "robometer/robometer @ c7f38e2 robometer/trainers/rbm_heads_trainer.py, evals/run_baseline_eval.py, evals/compile_results.py",
  detect(ctx) {
    const j = ctx.json();
    if (!j.ok) return false;
    const items = recordsOf(j.value);
    return items !== null && looksLikeRobometer(items);
  },
  read(ctx: FormatContext, opts): ReadResult {
    const out: ReadResult = { format: "robometer", records: [], problems: [], scale: { value: 1, why: "Robometer's progress_pred is on 0–1 (sigmoid head)" } };
    const j = ctx.json();
    if (!j.ok) {
      out.problems.push({ line: 0, message: j.error });
      return out;
    }
    const items = recordsOf(j.value);
    if (!items) {
      out.problems.push({ line: 0, message: "a Robometer results file is a JSON list of records with progress_pred" });
      return out;
    }
    if (items.length === 0) out.problems.push({ line: 0, message: "the file holds no records" });
    const pattern = optionalPattern(opts.pathPattern, out.problems);
    if (pattern === false) return out;
    const kind = opts.frames?.kind;
    const rule = kind === "linspace-rint" || kind === "linspace-int" || kind === "all" ? kind : "all-or-ask";
    if (kind === "indices") {
      out.problems.push({ line: 0, message: "Robometer records have one value per sampled frame of each trajectory: say the sampling rule (all, linspace-rint or linspace-int), not indices" });
      return out;
    }

    items.forEach((item, i) => {
      const line = i + 1;
      const fail = (message: string) => out.problems.push({ line, message: `record ${line}: ${message}` });
      if (!isPlainObject(item)) return fail("must be a JSON object");
      const meta = isPlainObject(item.metadata) ? item.metadata : {};
      const id = typeof item.id === "string" ? item.id : typeof meta.id === "string" ? meta.id : null;
      const videoPath = typeof item.video_path === "string" ? item.video_path : typeof meta.video_path === "string" ? meta.video_path : null;
      const label = `record ${line}${id ? ` (id ${quote(id, 40)})` : ""}`;
      const preds = item.progress_pred;
      if (preds === undefined || preds === null) return fail('no "progress_pred"');
      if (!Array.isArray(preds) || preds.length === 0) return fail(`progress_pred is ${String(JSON.stringify(preds)).slice(0, 40)}, not a list of per-frame values`);
      const values: number[] = [];
      for (const [k, p] of preds.entries()) {
        if (isFiniteNumber(p)) values.push(p);
        else if (Array.isArray(p) && p.length > 0 && p.every(isFiniteNumber)) values.push(discreteProgress(p));
        else return fail(`progress_pred[${k}] is ${quote(JSON.stringify(p) ?? String(p), 40)}, not a number (or a list of bin logits)`);
      }
      const succ = item.success_probs;
      let success: (number | null)[] | null = null;
      if (succ !== undefined && succ !== null) {
        if (!Array.isArray(succ) || succ.length !== values.length || !succ.every((s) => isFiniteNumber(s) && s >= 0 && s <= 1)) {
          return fail(`success_probs must be ${values.length} probabilities between 0 and 1, one per progress_pred`);
        }
        success = succ as number[];
      }
      let episode: { key: string; source?: string };
      if (typeof item.episode === "string" && item.episode.trim()) episode = { key: item.episode.trim() };
      else if (pattern && videoPath) {
        const e = episodeFromPath(videoPath, pattern);
        if ("reason" in e) return fail(e.reason);
        episode = e;
      } else if (id) episode = { key: id };
      else return fail('no episode: the record has no "id", "video_path" or "episode"');
      const frameStep = meta.frame_step;
      const base = { where: label, episode, questionType: "PROGRESS" as const, referenceAnswer: null };
      if (frameStep !== undefined && frameStep !== null) {
        if (!Number.isInteger(frameStep) || (frameStep as number) < 0) return fail(`metadata.frame_step ${quote(String(frameStep))} is not a frame index`);
        const v = values[values.length - 1]!;
        out.records.push(
          rewardRecord({ ...base, line, queryFrame: frameStep as number, output: answerText(v), answer: answerText(v), successProb: success ? success[success.length - 1] : null }),
        );
        return;
      }
      values.forEach((v, k) =>
        out.records.push(
          rewardRecord({
            ...base,
            line,
            where: `${label}, progress_pred[${k}]`,
            queryFrame: null,
            output: answerText(v),
            answer: answerText(v),
            fullTrajectory: true,
            successProb: success ? success[k] : null,
            sample: { index: k, count: values.length, rule, seen: true },
          }),
        ),
      );
    });
    return out;
  },
};
