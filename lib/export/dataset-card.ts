// The export's README.md: a Hugging Face dataset card whose YAML header names one config per
// format that `datasets` reads, so `load_dataset("<export folder>", "<format>")` finds the shards,
// followed by what a trainer needs to know: contents with counts and warnings, how samples were
// made (query frame 0, clip timing), and per format how to train on it (the snippet of its
// module). Pure; no timestamps, so the same export writes the same card.
import type { TExportConfig } from "./config";
import { formatModule } from "./formats";
import type { CardContext } from "./formats/format";
import type { FormatGroup } from "./plan";
import type { ExportFormat } from "./types";
import { PROGRESS_QUESTIONS_SOURCE } from "@/lib/primo/questions";

/** The file extension of a format's shards in a layout. */
export function shardExt(format: ExportFormat, layout: TExportConfig["layout"]): string {
  const m = formatModule(format);
  if (m.file === "parquet") return "parquet";
  if (layout === "webdataset" && m.webdataset) return "tar";
  return m.file === "json" ? "json" : "jsonl";
}

export function cardContext(format: ExportFormat, config: TExportConfig, groups: FormatGroup[]): CardContext {
  const own = groups.filter((g) => g.format === format);
  return {
    config,
    groups: own.map((g) => ({ group: g.group, count: g.items.length })),
    shardGlob: (group) => `${format}/${group}/${format}-${group}-*.${shardExt(format, config.layout)}`,
  };
}

/** The rule for the query at frame 0 and for clip timing, as the card and the manifest state them. */
export function mediaRules(config: TExportConfig): { queryFrameZero: string; clipTiming: string } {
  return {
    queryFrameZero:
      "A V_seq video always holds at least 2 and an even number of frames: when the sampled frames are fewer or odd, the last one is repeated (what qwen-vl-utils does with a frame list; its smart_nframes refuses a video of 1 frame and drops one frame of an odd count). The query at frame 0 therefore shows frame 0 twice: the still initial state, answer 0.",
    clipTiming:
      config.clipTiming.mode === "real"
        ? "Clips keep the episode's time: a clip of the frames 0..q lasts (q + 1) / fps seconds, its rate is (frames in the clip) x fps / (q + 1). Readers that sample by time (qwen-vl-utils at fps 2, LLaMA-Factory's video_fps) may take fewer frames than a short clip holds; verl rows carry nframes so verl reads every frame. Each sample's rate, clip length and episode time are in its provenance (clip_fps, clip_seconds, episode_seconds, vseq_times)."
        : `Clips play at a fixed ${config.clipTiming.fps} fps, whatever the episode's pace: a model that encodes time (Qwen2.5-VL temporal ids) sees clip time, not episode time. Each sample's real episode time is in its provenance (episode_seconds, vseq_times) and beside its clip length (clip_seconds).`,
  };
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
  /** Warnings per format (empty formats, reader notes). */
  warnings: Record<string, string[]>;
}): string {
  const { release, config } = opts;
  const yaml: string[] = ["---", "configs:"];
  const loadable = config.formats.filter((f) => formatModule(f).hfConfig && opts.groups.some((g) => g.format === f));
  for (const format of loadable) {
    yaml.push(`- config_name: ${format}`, "  data_files:");
    for (const g of opts.groups.filter((x) => x.format === format)) yaml.push(`  - split: ${g.group}`, `    path: ${cardContext(format, config, opts.groups).shardGlob(g.group)}`);
  }
  // Declared features make `datasets` read every shard with one schema. JSON is valid YAML.
  const infos = loadable.filter((f) => opts.features[f]);
  if (infos.length) {
    yaml.push("dataset_info:");
    for (const f of infos) yaml.push(`- config_name: ${f}`, `  features: ${JSON.stringify(opts.features[f])}`);
  }
  yaml.push("---", "");
  const rules = mediaRules(config);
  const warned = config.formats.filter((f) => (opts.warnings[f] ?? []).length);
  const lines = [
    ...yaml,
    `# ${release.name} v${release.version}`,
    "",
    `Exported by Critic Studio from release ${release.id} (${release.status.toLowerCase()}), content sha256 \`${release.contentHash ?? "none"}\`: ${opts.episodes} episodes.`,
    "",
    release.notes ? `## Release notes\n\n${release.notes}\n` : "",
    "## Contents",
    "",
    "| Format | Split | Records | What it is |",
    "|---|---|---|---|",
    ...config.formats.flatMap((f) => {
      const c = opts.counts[f] ?? {};
      const splits = Object.keys(c);
      const note = formatModule(f).cardNote;
      return splits.length ? splits.map((s) => `| ${f} | ${s} | ${c[s]} | ${note} |`) : [`| ${f} | — | 0 | ${note} |`];
    }),
    "",
    ...(warned.length ? ["## Warnings", "", ...warned.flatMap((f) => opts.warnings[f]!.map((w) => `- **${f}**: ${w}`)), ""] : []),
    "## How samples were made",
    "",
    `- Query frames per episode: ${config.queries.mode === "count" ? `${config.queries.count}, evenly spread` : config.queries.mode === "stride" ? `every ${config.queries.stride} frames` : "the 11 LRM keyframes at normalised time 0, 0.1, …, 1"}.`,
    `- V_seq: at most ${config.maxFrames} frames spread evenly over [0, query frame], given as ${config.videoMode === "clip" ? "one trimmed H.264 clip holding exactly those frames" : "a list of JPEG frames"}. I_init is frame 0, I_curr the query frame. Every image is the exact frame its index names.`,
    `- Query frame 0 and short V_seq: ${rules.queryFrameZero}`,
    `- Clip timing: ${rules.clipTiming}`,
    `- Questions: one of the 100 phrasings of ${PROGRESS_QUESTIONS_SOURCE}, drawn by a hash of the seed (${config.seed}), the episode and the query frame.`,
    "- Ground truth: progress 0–100 at the query frame from the approved annotation frozen in the release (subtask shares, equal or by typical duration; a failed episode never reaches 100). Answers are rounded to whole numbers; the unrounded value is in the `provenance` sidecar files.",
    "- Splits: train/test by task per environment; test episodes are tagged in-domain (ID), OOD cross-task or OOD cross-environment.",
    "",
    "## How to train on it",
    "",
    ...config.formats
      .filter((f) => opts.groups.some((g) => g.format === f))
      .flatMap((f) => [`### ${f} (${formatModule(f).reader.trainer})`, "", formatModule(f).cardSnippet(cardContext(f, config, opts.groups)), ""]),
    "## Files",
    "",
    opts.layout === "webdataset"
      ? "Shards of formats that WebDataset carries are tars: per sample `<key>.json` (the record) and its media (`init.jpg`, `curr.jpg`, `vseq.mp4`; LRM: `init.jpg` with `frame.jpg` or `first.jpg`/`second.jpg`); the record's media paths name the same files as in the `media/` folder. Formats read from files (parquet, JSONL with an image folder) sit beside the tars with the `media/` folder."
      : "Records reference media by paths relative to this folder (`media/<environment>/<episode>/<frame>.jpg`, clips `media/<environment>/<episode>/clip_<query frame>_<hash>.mp4`).",
    "`manifest.json` lists every file with its size and sha256, the full configuration, the counts, the warnings and the rules above.",
    "",
  ];
  return lines.join("\n");
}
