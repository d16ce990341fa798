// Large Reward Models' `vlm_scores.json`, as eval/score_with_vlm.py writes it
// (physical-superintelligence-lab/Large-Reward-Models @ 5845ab0f7c3c6a0bef8bd37bf7f07e9533f7ed2f,
// `_save_results` L363–374, `score_single_trajectory` L231–261):
//
//   {"vlm_url", "mode": "progress"|"completion"|"comparison"|"both", "task_description",
//    "num_trajectories", "trajectories": [
//      {"traj_dir": ".../traj_0000_00", "summary": {"success_once", "total_oracle_reward", …},
//       "oracle_steps": [{"t", "oracle_reward", "cumulative_reward", "success"}, …],
//       "completion_scores": [{"t", "vlm_completion_score", "response", "success"}, …],   progress / completion
//       "comparison_scores": [{"t", "vlm_comparison_score", "result", "response"}, …]}]}  comparison
//
// - progress: `vlm_completion_score` in [0, 1] for frame t (one image per call): a progress
//   prediction on the 0–1 scale, causal (the model saw frame t alone).
// - completion: `vlm_completion_score` 1.0 (yes) / 0.0 (no). At 20689133 the script stored
//   progress floats under mode "completion"; such a value is not a yes/no and is a problem here.
// - comparison: entry i compares frame timesteps[i−k] ("Image A") with t = timesteps[i]
//   ("Image B"); +1.0 = B is further, −1.0 = A, 0.0 = neither or no answer. Only t is stored;
//   the pair's earlier frame is the previous entry's t. The first entry ("result": "first_frame",
//   score 0.0) compares the first frame with itself, which is how it is kept here.
// - "both": completion_scores come from compute_completion (1.0 / 0.0: yes / no answers) and
//   comparison_scores are comparisons.
// - A missing or corrupt frame is an entry with a null score ("vlm_score": null): a problem.
//
// The trajectory names its episode only through `traj_dir`: its last component (traj_0000_00) is
// the episode's key, or the path pattern's (?<episode>…) when one is given.
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
  type PredictionRecord,
  type ReadResult,
} from "./format";
import { PREDICTION_FORMAT_LABEL } from "./ids";

const MODES = ["progress", "completion", "comparison", "both"] as const;
type Mode = (typeof MODES)[number];

function isDoc(v: unknown): v is Record<string, unknown> & { trajectories: unknown[] } {
  return isPlainObject(v) && Array.isArray(v.trajectories) && ("mode" in v || "vlm_url" in v || "num_trajectories" in v);
}

export const lrmVlmScores: PredictionFormatModule = {
  id: "lrm-vlm-scores",
  label: PREDICTION_FORMAT_LABEL["lrm-vlm-scores"],
  source: "physical-superintelligence-lab/Large-Reward-Models @ 5845ab0 eval/score_with_vlm.py",
  detect(ctx) {
    const j = ctx.json();
    return j.ok && isDoc(j.value);
  },
  read(ctx: FormatContext, opts): ReadResult {
    const out: ReadResult = { format: "lrm-vlm-scores", records: [], problems: [], scale: { value: 1, why: "vlm_scores.json progress scores are on 0–1" } };
    const j = ctx.json();
    if (!j.ok) {
      out.problems.push({ line: 0, message: j.error });
      return out;
    }
    if (!isDoc(j.value)) {
      out.problems.push({ line: 0, message: 'a vlm_scores.json file is an object with a "trajectories" list (and "mode")' });
      return out;
    }
    const doc = j.value;
    const mode = doc.mode as Mode;
    if (!MODES.includes(mode)) {
      out.problems.push({ line: 0, message: `"mode" is ${quote(String(doc.mode))}; score_with_vlm.py writes one of ${MODES.join(", ")}` });
      return out;
    }
    const pattern = optionalPattern(opts.pathPattern, out.problems);
    if (pattern === false) return out;
    if (doc.trajectories.length === 0) out.problems.push({ line: 0, message: "the file holds no trajectories" });

    let entry = 0; // running number of score entries: the "line" of a record
    doc.trajectories.forEach((traj, ti) => {
      const name = `trajectory ${ti + 1}`;
      if (!isPlainObject(traj)) {
        out.problems.push({ line: ++entry, message: `${name}: must be an object` });
        return;
      }
      const dir = typeof traj.traj_dir === "string" ? traj.traj_dir : null;
      const where = `${name}${dir ? ` (${quote(dir)})` : ""}`;
      const lists: Array<["completion_scores" | "comparison_scores", "PROGRESS" | "COMPLETION" | "CONTRASTIVE"]> = [];
      if (mode === "progress") lists.push(["completion_scores", "PROGRESS"]);
      if (mode === "completion" || mode === "both") lists.push(["completion_scores", "COMPLETION"]);
      if (mode === "comparison" || mode === "both") lists.push(["comparison_scores", "CONTRASTIVE"]);
      const entries = lists.reduce((n, [key]) => n + (Array.isArray(traj[key]) ? traj[key].length : 0), 0);
      const fail = (message: string) => out.problems.push({ line: ++entry, message: `${where}: ${message}` });
      if (!dir) return fail(`no "traj_dir"; it is what names the trajectory's episode (${entries} score${entries === 1 ? "" : "s"} not read)`);
      const ep = episodeFromPath(dir, pattern);
      if ("reason" in ep) return fail(`${ep.reason} (${entries} score${entries === 1 ? "" : "s"} not read)`);
      const oracle = new Map<number, number>();
      if (Array.isArray(traj.oracle_steps)) {
        for (const s of traj.oracle_steps) if (isPlainObject(s) && Number.isInteger(s.t) && isFiniteNumber(s.cumulative_reward)) oracle.set(s.t as number, s.cumulative_reward);
      }
      for (const [key, kind] of lists) {
        const list = traj[key];
        if (!Array.isArray(list)) {
          fail(`mode "${mode}" writes "${key}", which this trajectory lacks`);
          continue;
        }
        let previousT: number | null = null;
        list.forEach((e, i) => {
          const line = ++entry;
          const at = `${where}, ${key}[${i}]`;
          const bad = (message: string) => out.problems.push({ line, message: `${at}: ${message}` });
          if (!isPlainObject(e) || !Number.isInteger(e.t) || (e.t as number) < 0) {
            bad('expected an object with a frame "t" (a whole number ≥ 0)');
            return;
          }
          const t = e.t as number;
          const scoreKey = kind === "CONTRASTIVE" ? "vlm_comparison_score" : "vlm_completion_score";
          const score = e[scoreKey];
          const reference = kind === "CONTRASTIVE" ? (e.result === "first_frame" ? t : previousT) : null;
          previousT = t;
          const response = typeof e.response === "string" ? e.response : "";
          if (!isFiniteNumber(score)) {
            const why = e.response === "corrupted_frame" ? "the frame was corrupted" : "vlm_score" in e || score === null ? "no score (the frame was missing or could not be scored)" : `no "${scoreKey}"`;
            bad(`t=${t}: ${why}`);
            return;
          }
          let answer: string;
          if (kind === "COMPLETION") {
            if (score !== 0 && score !== 1) {
              bad(`t=${t}: completion score ${score} is not 1 (yes) or 0 (no); files written at 20689133 and earlier stored progress under mode "completion"`);
              return;
            }
            answer = score === 1 ? "yes" : "no";
          } else answer = answerText(score);
          if (kind === "CONTRASTIVE" && reference === null) {
            bad(`t=${t}: the first comparison entry must be the "first_frame" one; the frame this one is compared with is unknown`);
            return;
          }
          const rec: PredictionRecord = rewardRecord({
            line,
            where: `${at} (t=${t})`,
            episode: ep,
            queryFrame: t,
            questionType: kind,
            output: response || answer,
            answer,
            sampledFrames: kind === "CONTRASTIVE" ? [...new Set([reference!, t])] : [t],
            referenceFrame: reference,
            referenceAnswer: kind === "PROGRESS" && oracle.has(t) ? answerText(oracle.get(t)!) : null,
          });
          out.records.push(rec);
        });
      }
    });
    return out;
  },
};
