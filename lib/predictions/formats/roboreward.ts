// RoboReward answers: an end-of-episode progress score on 1–5, written as "ANSWER: n".
//
// RoboReward (Lee et al., arXiv 2601.00675; models teetone/RoboReward-4B/-8B) has no evaluation
// output file of its own: its benchmark runs in HELM (stanford-crfm/helm, branch `rob`, @
// 0805b90bf28b36559ddd3b354dc350fd05c0c8bb). What this reader takes is the benchmark's record
// (`final_test.json`, read by src/helm/benchmark/scenarios/vision_language/
// robo_reward_bench_scenario.py L158–210: "video": [path], "conversations", "metadata":
// {"reward" 1–5, "original_id"}) with the model's reply added as "output" (or "response",
// "completion", "text"), as a JSON list or JSON Lines.
//
// - The answer is read with HELM's rule (src/helm/benchmark/metrics/robo_reward_bench_metrics.py
//   L64–124): `(?i)\banswer\b\s*:\s*(-?\d+(?:\.\d+)?)`, else a number at the very start. Only a
//   whole score 1–5 is scored; anything else is a problem (the baselines' fallback to 1, e.g.
//   aliang8/reward_fm rfm/evals/baselines/roboreward.py L254, is not copied).
// - The score is mapped to progress with (s − 1) / 4 (0, 0.25, 0.5, 0.75, 1), the mapping of
//   aliang8/reward_fm @ 0a8f668 dataset_upload/dataset_loaders/roboreward_loader.py L46–56 and
//   of LeRobot's RoboReward port (huggingface/lerobot PR #3354, configuration_robo_reward.py
//   L53–55): answers on 0–1.
// - The score judges the episode's final state: it is the prediction at the episode's last frame.
// - The episode is the record's "episode" field, else the video's file name
//   (videos/bridge/ep_0123.mp4 → ep_0123), or the path pattern's (?<episode>…) on the video path.
//   metadata.reward (the benchmark's human score) is kept as the record's reference answer.
import {
  answerText,
  episodeFromPath,
  isPlainObject,
  optionalPattern,
  quote,
  rewardRecord,
  type FormatContext,
  type PredictionFormatModule,
  type ReadResult,
} from "./format";
import { PREDICTION_FORMAT_LABEL } from "./ids";

const OUTPUT_FIELDS = ["output", "response", "completion", "text"] as const;
const ANSWER = /\banswer\b\s*:\s*(-?\d+(?:\.\d+)?)/i;
const LEADING = /^\s*(-?\d+(?:\.\d+)?)\b/;

/** The score HELM's metric reads from a reply, or null. */
export function roborewardScore(text: string): string | null {
  return ANSWER.exec(text)?.[1] ?? LEADING.exec(text)?.[1] ?? null;
}

/** The file's records (a JSON list, or JSON Lines with blank lines kept as undefined); `limit` stops after that many non-blank lines. */
function items(ctx: FormatContext, limit = Infinity): { list: unknown[]; lines: boolean } | { error: string } {
  const j = ctx.json();
  if (j.ok) {
    if (Array.isArray(j.value)) return { list: j.value, lines: false };
    if (isPlainObject(j.value)) return { list: [j.value], lines: true };
    return { error: "a RoboReward file is a JSON list of records or JSON Lines" };
  }
  const list: unknown[] = [];
  let seen = 0;
  for (const raw of ctx.text().split(/\r?\n/, limit === Infinity ? undefined : limit * 4 + 1)) {
    if (seen >= limit) break;
    if (raw.trim() !== "") seen++;
    if (raw.trim() === "") {
      list.push(undefined);
      continue;
    }
    try {
      list.push(JSON.parse(raw));
    } catch {
      list.push(null);
    }
  }
  return { list, lines: true };
}

/** A RoboReward record: names its video (or episode) and carries a reply whose score HELM's rule reads. */
function isRoboReward(v: unknown): boolean {
  if (!isPlainObject(v)) return false;
  const named = Array.isArray(v.video) || typeof v.video === "string" || (typeof v.episode === "string" && isPlainObject(v.metadata));
  return named && OUTPUT_FIELDS.some((f) => typeof v[f] === "string" && roborewardScore(v[f] as string) !== null);
}

export const roboreward: PredictionFormatModule = {
  id: "roboreward",
  label: PREDICTION_FORMAT_LABEL["roboreward"],
  source: "stanford-crfm/helm @ 0805b90 (branch rob) robo_reward_bench_scenario.py, robo_reward_bench_metrics.py",
  detect(ctx) {
    const r = items(ctx, 20);
    return "list" in r && r.list.filter((x) => x !== undefined).slice(0, 20).some(isRoboReward);
  },
  read(ctx, opts): ReadResult {
    const out: ReadResult = { format: "roboreward", records: [], problems: [], scale: { value: 1, why: "RoboReward's 1–5 scores are mapped to 0–1 by (s−1)/4" } };
    const r = items(ctx);
    if ("error" in r) {
      out.problems.push({ line: 0, message: r.error });
      return out;
    }
    const pattern = optionalPattern(opts.pathPattern, out.problems);
    if (pattern === false) return out;
    const noun = r.lines ? "line" : "record";
    r.list.forEach((item, i) => {
      if (item === undefined) return; // a blank line
      const line = i + 1;
      const fail = (message: string) => out.problems.push({ line, message: `${noun} ${line}: ${message}` });
      if (!isPlainObject(item)) return fail(item === null ? "not valid JSON" : "must be a JSON object");
      const video = Array.isArray(item.video) ? item.video[0] : item.video;
      const meta = isPlainObject(item.metadata) ? item.metadata : {};
      const field = OUTPUT_FIELDS.find((f) => typeof item[f] === "string");
      if (!field) return fail(`no model reply: give it as ${OUTPUT_FIELDS.map((f) => `"${f}"`).join(", ")}`);
      const reply = item[field] as string;
      let episode: { key: string; source?: string };
      if (typeof item.episode === "string" && item.episode.trim()) episode = { key: item.episode.trim() };
      else if (typeof video === "string" && video) {
        const e = episodeFromPath(video, pattern);
        if ("reason" in e) return fail(e.reason);
        episode = e;
      } else return fail('no episode: the record has no "video" path or "episode"');
      if (opts.source && !episode.source) episode = { ...episode, source: opts.source };
      const text = roborewardScore(reply);
      const rec = rewardRecord({
        line,
        where: `${noun} ${line}`,
        episode,
        queryFrame: null,
        questionType: "PROGRESS",
        output: reply,
        sampledFrames: null,
        sample: { index: 0, count: 1, rule: "last" },
        referenceAnswer: typeof meta.reward === "number" ? `${meta.reward} of 5` : null,
      });
      const s = text === null ? Number.NaN : Number(text);
      if (!Number.isInteger(s) || s < 1 || s > 5) {
        // Kept as an unscored answer (its text is shown and counted), like any flagged answer.
        out.records.push({
          ...rec,
          unscored:
            text === null
              ? { flag: "no_answer", detail: `no "ANSWER: n" in the reply ${quote(reply, 60)}` }
              : { flag: "out_of_range", detail: `score ${quote(text)} is not a whole number from 1 to 5` },
        });
        return;
      }
      out.records.push({ ...rec, answer: answerText((s - 1) / 4) });
    });
    return out;
  },
};
