// The export's README.md: a Hugging Face dataset card whose YAML header names one config per
// format, so `load_dataset("<export folder>", "<format>")` finds the shards, followed by what a
// trainer needs to know (sources, fields, splits, rules). Pure; no timestamps, so the same
// export writes the same card.
import type { TExportConfig } from "./config";
import type { FormatGroup } from "./plan";
import { PROGRESS_QUESTIONS_SOURCE } from "@/lib/model-runs/questions";

const FORMAT_NOTES: Record<string, string> = {
  "primo-sft": "PRIMO / Video-R1 SFT records (JSON list) made from reviewed, accepted chains of thought: `problem`, `problem_type`, `solution`, `path`, `data_type`, `init_frame_path`, `current_frame_path`, `process`, `planning`, `observation`, `reasoning`, `select`. Target = `process + \"\\n\" + solution`.",
  "primo-rl": "PRIMO / Video-R1 RL records (JSON list): `problem`, `problem_type`, `solution` (`<answer>NN</answer>`), `path`, `data_type`, `init_frame_path`, `current_frame_path`.",
  llamafactory: "LLaMA-Factory sharegpt records: `messages`, `images` (initial, current), `videos`. Register them with `dataset_info.json` at the export root and use the root as `dataset_dir`.",
  "ms-swift": "ms-swift records: `messages`, `images`, `videos`.",
  easyr1: "EasyR1 records: `prompt`, `answer`, `images`, `videos`.",
  verl: "verl parquet rows: `data_source`, `prompt` (chat list), `images`, `videos`, `ability`, `reward_model` (`style`: rule, `ground_truth`), `extra_info`.",
  "lrm-progress": "Large Reward Models style absolute progress at 11 keyframes (normalised time 0, 0.1, …, 1).",
  "lrm-contrastive": "Large Reward Models style temporal-contrastive pairs: two frames of one episode, which is further along.",
  "lrm-completion": "Large Reward Models style completion: is the task complete in this state (yes/no).",
  benchmark: "Benchmark files per split (ID, OOD cross-task, OOD cross-environment), PRIMO evaluation records.",
};

function ext(format: string, layout: string) {
  if (format === "verl") return "parquet";
  if (layout === "webdataset") return "tar";
  return format === "primo-sft" || format === "primo-rl" || format === "benchmark" ? "json" : "jsonl";
}

export function datasetCard(opts: {
  release: { id: number; name: string; version: number; status: string; contentHash: string | null; notes: string };
  config: TExportConfig;
  counts: Record<string, Record<string, number>>;
  groups: FormatGroup[];
  episodes: number;
  layout: TExportConfig["layout"];
  /** Hugging Face features per format (see hfFeatures in writers.ts). */
  features: Record<string, unknown[]>;
}): string {
  const { release, config } = opts;
  const yaml: string[] = ["---", "configs:"];
  // verl shards are parquet; `datasets` picks one builder per folder (JSON here), so verl is read
  // the way verl reads it: load_dataset("parquet", data_files=...).
  for (const format of config.formats.filter((f) => f !== "verl")) {
    const groups = opts.groups.filter((g) => g.format === format);
    if (groups.length === 0) continue;
    yaml.push(`- config_name: ${format}`, "  data_files:");
    for (const g of groups) yaml.push(`  - split: ${g.group}`, `    path: ${format}/${g.group}/${format}-${g.group}-*.${ext(format, opts.layout)}`);
  }
  // Declared features make `datasets` read every shard with one schema. JSON is valid YAML.
  const infos = config.formats.filter((f) => f !== "verl" && opts.features[f]);
  if (infos.length) {
    yaml.push("dataset_info:");
    for (const f of infos) yaml.push(`- config_name: ${f}`, `  features: ${JSON.stringify(opts.features[f])}`);
  }
  yaml.push("---", "");
  const lines = [
    ...yaml,
    `# ${release.name} v${release.version}`,
    "",
    `Exported by Critic Studio from release ${release.id} (${release.status.toLowerCase()}), content sha256 \`${release.contentHash ?? "none"}\`: ${opts.episodes} episodes.`,
    "",
    release.notes ? `## Release notes\n\n${release.notes}\n` : "",
    "## Contents",
    "",
    "| Format | Split | Samples | What it is |",
    "|---|---|---|---|",
    ...config.formats.flatMap((f) => {
      const c = opts.counts[f] ?? {};
      const splits = Object.keys(c);
      return splits.length ? splits.map((s) => `| ${f} | ${s} | ${c[s]} | ${FORMAT_NOTES[f] ?? ""} |`) : [`| ${f} | — | 0 | ${FORMAT_NOTES[f] ?? ""} |`];
    }),
    "",
    "## How samples were made",
    "",
    `- Query frames per episode: ${config.queries.mode === "count" ? `${config.queries.count}, evenly spread` : config.queries.mode === "stride" ? `every ${config.queries.stride} frames` : "the 11 LRM keyframes at normalised time 0, 0.1, …, 1"}.`,
    `- V_seq: at most ${config.maxFrames} frames spread evenly over [0, query frame], given as ${config.videoMode === "clip" ? "one trimmed H.264 clip holding exactly those frames" : "a list of JPEG frames"}. I_init is frame 0, I_curr the query frame. Every image is the exact frame its index names.`,
    `- Questions: one of the 100 phrasings of ${PROGRESS_QUESTIONS_SOURCE}, drawn by a hash of the seed (${config.seed}), the episode and the query frame.`,
    "- Ground truth: progress 0–100 at the query frame from the approved annotation frozen in the release (subtask shares, equal or by typical duration; a failed episode never reaches 100). Answers are rounded to whole numbers; the unrounded value is in the `provenance` sidecar files.",
    "- Splits: train/test by task per environment; test episodes are tagged in-domain (ID), OOD cross-task or OOD cross-environment.",
    "",
    "## Files",
    "",
    opts.layout === "webdataset"
      ? `Shards are WebDataset tars: per sample \`<key>.json\` (the record) and its images (\`init.jpg\`, \`curr.jpg\`, \`vseq.mp4\`; LRM: \`init.jpg\` with \`frame.jpg\` or \`first.jpg\`/\`second.jpg\`). The record's media paths name the same files as they are in the \`media/\` folder of a files export.${opts.config.formats.includes("verl") ? " verl is parquet, outside the tars: its rows reference the \`media/\` folder shipped beside them." : ""}`
      : "Records reference media by paths relative to this folder (`media/<environment>/<episode>/<frame>.jpg`).",
    "`manifest.json` lists every file with its size and sha256, the full configuration, the counts and the release.",
    "",
  ];
  return lines.join("\n");
}
