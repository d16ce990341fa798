// What an export contains, computed from the release snapshot and the export configuration
// alone (pure, deterministic): the items of every format, grouped by split, cut into shards,
// and the media every item needs. Every worker recomputes the same plan, so a unit of work only
// needs its format, group and index to know exactly what to write. What a format's items are
// comes from its module (lib/export/formats/): `items` names the source.
import type { TExportConfig } from "./config";
import { formatModule } from "./formats";
import { BENCHMARK_GROUPS } from "./formats/benchmark";
import type { FormatItem, ItemSource } from "./formats/format";
import { mergeMediaNeeds, type RecordOptions } from "./records";
import { chainSamples, generateSamples, lrmCompletionSamples, lrmContrastivePairs, lrmProgressSamples, sortEpisodes } from "./samples";
import type { ExportFormat, SampleConfig, SnapshotEpisode } from "./types";

export interface FormatGroup {
  format: ExportFormat;
  /** "train" / "test", or for the benchmark the split tag in lower case ("id", "ood_cross_task", "ood_cross_env"); "all" for a dataset format. */
  group: string;
  items: FormatItem[];
}

export function sampleConfigOf(config: TExportConfig): SampleConfig {
  return { queries: config.queries, maxFrames: config.maxFrames, seed: config.seed, clipTiming: config.clipTiming };
}

export function recordOptions(config: TExportConfig): RecordOptions {
  return { videoMode: config.videoMode, easyr1Media: config.easyr1Media, mediaRoot: config.mediaRoot };
}

/** Every format's items, grouped; empty groups are left out. Deterministic. */
export function planGroups(episodes: SnapshotEpisode[], config: TExportConfig): FormatGroup[] {
  const sc = sampleConfigOf(config);
  const cache = new Map<ItemSource, FormatItem[]>();
  const source = (s: ItemSource): FormatItem[] => {
    let v = cache.get(s);
    if (!v) {
      if (s === "benchmark") v = source("samples");
      else if (s === "samples") v = generateSamples(episodes, sc);
      else if (s === "chains") v = chainSamples(episodes, sc);
      else if (s === "lrm-progress") v = lrmProgressSamples(episodes);
      else if (s === "lrm-contrastive") v = lrmContrastivePairs(episodes, sc);
      else if (s === "lrm-completion") v = lrmCompletionSamples(episodes, sc);
      else v = sortEpisodes(episodes);
      cache.set(s, v);
    }
    return v;
  };
  const episodeOf = (x: FormatItem): SnapshotEpisode => ("episode" in x ? x.episode : x);
  const out: FormatGroup[] = [];
  for (const format of config.formats) {
    const m = formatModule(format);
    const items = source(m.items);
    if (m.items === "benchmark") {
      for (const tag of BENCHMARK_GROUPS) {
        const inGroup = items.filter((x) => episodeOf(x).split === "test" && episodeOf(x).splitTag === tag);
        if (inGroup.length) out.push({ format, group: tag.toLowerCase(), items: inGroup });
      }
    } else if (m.items === "episodes") {
      if (items.length) out.push({ format, group: "all", items });
    } else {
      for (const group of ["train", "test"] as const) {
        const inGroup = items.filter((x) => episodeOf(x).split === group);
        if (inGroup.length) out.push({ format, group, items: inGroup });
      }
    }
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

/** Shards of every group; a dataset format's group is one unit, whatever its size. */
export function planShards(groups: FormatGroup[], shardSize: number): ShardRef[] {
  const out: ShardRef[] = [];
  for (const g of groups) {
    const size = formatModule(g.format).file === "dataset" ? Math.max(1, g.items.length) : shardSize;
    const count = Math.ceil(g.items.length / size);
    for (let i = 0; i < count; i++) out.push({ format: g.format, group: g.group, index: i, count, start: i * size, end: Math.min(g.items.length, (i + 1) * size) });
  }
  return out;
}

export const shardKey = (s: Pick<ShardRef, "format" | "group" | "index">) => `${s.format}/${s.group}/${String(s.index).padStart(5, "0")}`;

/** Media needed by every item of every group, merged per episode folder (sorted). */
export function planMedia(groups: FormatGroup[], config: TExportConfig) {
  const o = recordOptions(config);
  const needs = groups.flatMap((g) => {
    const m = formatModule(g.format);
    if (m.file === "dataset") return [];
    return g.items.map((x) => m.mediaNeeds(x as never, o));
  });
  return mergeMediaNeeds(needs);
}

/** Episodes per media unit: small enough that several workers share an export, big enough to keep ffmpeg busy. */
export const EPISODES_PER_MEDIA_UNIT = 4;
