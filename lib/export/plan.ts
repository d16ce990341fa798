// What an export contains, computed from the release snapshot and the export configuration
// alone (pure, deterministic): the items of every format, grouped by split, cut into shards,
// and the media every item needs. Every worker recomputes the same plan, so a unit of work only
// needs its format, group and index to know exactly what to write.
import type { TExportConfig } from "./config";
import { BENCHMARK_GROUPS, isLrmFormat, mediaNeedsFor, mergeMediaNeeds, type FormatInput, type LrmItem } from "./records";
import { chainSamples, generateSamples, lrmCompletionSamples, lrmContrastivePairs, lrmProgressSamples } from "./samples";
import type { ExportFormat, Sample, SampleConfig, SnapshotEpisode } from "./types";

/** Formats whose records are supervised targets with a chain of thought: made from accepted chains. */
export const CHAIN_FORMATS: readonly ExportFormat[] = ["primo-sft", "llamafactory", "ms-swift"];

export interface FormatGroup {
  format: ExportFormat;
  /** "train" / "test", or for the benchmark the split tag in lower case ("id", "ood_cross_task", "ood_cross_env"). */
  group: string;
  items: Sample[] | LrmItem[];
}

export function sampleConfigOf(config: TExportConfig): SampleConfig {
  return { queries: config.queries, maxFrames: config.maxFrames, seed: config.seed };
}

/** Every format's items, grouped; empty groups are left out. Deterministic. */
export function planGroups(episodes: SnapshotEpisode[], config: TExportConfig): FormatGroup[] {
  const sc = sampleConfigOf(config);
  let generated: Sample[] | null = null;
  let chains: Sample[] | null = null;
  const gen = () => (generated ??= generateSamples(episodes, sc));
  const cot = () => (chains ??= chainSamples(episodes, sc));
  const out: FormatGroup[] = [];
  const bySplit = <T extends { episode: SnapshotEpisode }>(format: ExportFormat, items: T[]) => {
    for (const group of ["train", "test"] as const) {
      const inGroup = items.filter((x) => x.episode.split === group);
      if (inGroup.length) out.push({ format, group, items: inGroup as unknown as Sample[] });
    }
  };
  for (const format of config.formats) {
    if (format === "benchmark") {
      for (const tag of BENCHMARK_GROUPS) {
        const items = gen().filter((s) => s.episode.split === "test" && s.episode.splitTag === tag);
        if (items.length) out.push({ format, group: tag.toLowerCase(), items });
      }
    } else if (CHAIN_FORMATS.includes(format)) bySplit(format, cot());
    else if (format === "lrm-progress") bySplit(format, lrmProgressSamples(episodes));
    else if (format === "lrm-contrastive") bySplit(format, lrmContrastivePairs(episodes, sc));
    else if (format === "lrm-completion") bySplit(format, lrmCompletionSamples(episodes, sc));
    else bySplit(format, gen());
  }
  return out;
}

export interface ShardRef {
  format: ExportFormat;
  group: string;
  index: number;
  count: number;
  /** Items [start, end) of the group. */
  start: number;
  end: number;
}

export function planShards(groups: FormatGroup[], shardSize: number): ShardRef[] {
  const out: ShardRef[] = [];
  for (const g of groups) {
    const count = Math.ceil(g.items.length / shardSize);
    for (let i = 0; i < count; i++) out.push({ format: g.format, group: g.group, index: i, count, start: i * shardSize, end: Math.min(g.items.length, (i + 1) * shardSize) });
  }
  return out;
}

export const shardKey = (s: Pick<ShardRef, "format" | "group" | "index">) => `${s.format}/${s.group}/${String(s.index).padStart(5, "0")}`;

/** Media needed by every item of every group, merged per episode folder (sorted). */
export function planMedia(groups: FormatGroup[], config: TExportConfig) {
  const needs = groups.flatMap((g) =>
    isLrmFormat(g.format) ? mediaNeedsFor(g.format, g.items as FormatInput["lrm-progress"], config.videoMode) : mediaNeedsFor(g.format, g.items as Sample[], config.videoMode),
  );
  return mergeMediaNeeds(needs);
}

/** Episodes per media unit: small enough that several workers share an export, big enough to keep ffmpeg busy. */
export const EPISODES_PER_MEDIA_UNIT = 4;
