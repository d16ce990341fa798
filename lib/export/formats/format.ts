/**
 * What one export format is (pure). Each format is one module in this folder holding everything
 * about it: where its items come from, its record builder and zod schema, the media it needs,
 * how its shards are written, its dataset-card text and loading snippet, and the rules of the
 * trainer's own reader, ported and cited, that every record must pass (`conform`). The list in
 * index.ts registers them; nothing outside this folder names a format.
 */
import type { z } from "zod";
import type { TExportConfig } from "@/lib/export/config";
import type { BuiltRecord, LrmItem, MediaNeeds, RecordOptions } from "@/lib/export/records";
import type { Sample, SnapshotEpisode } from "@/lib/export/types";

/** What a format's items are made from (plan.ts computes each once per export); "episodes": the release's episodes themselves (a dataset format). */
export type ItemSource = "samples" | "chains" | "benchmark" | "lrm-progress" | "lrm-contrastive" | "lrm-completion" | "episodes";

export type FormatItem = Sample | LrmItem | SnapshotEpisode;

/** A media file as the export wrote it, for the reader rules. */
export type MediaInfo =
  | { kind: "image" }
  /** An mp4: its frame count, duration (seconds) and average rate (frames / duration), as PyAV, torchvision and decord report them. */
  | { kind: "video"; frames: number; seconds: number; fps: number };

/** Looks up a media path of a record (relative to the export root); null when the file is not there. */
export type MediaLookup = (rel: string) => MediaInfo | null;

/** One problem a trainer's reader would have with a record: the rule (cited) and what is wrong. */
export interface ReaderProblem {
  rule: string;
  detail: string;
}

/** What a reader does with a record it accepts, where it matters to the user (frames read, seconds seen). */
export interface ReaderNote {
  /** V_seq frames the reader gives the model, and how many the record holds. */
  framesRead?: number;
  framesHeld?: number;
  /** Seconds of video the model is told it saw (Qwen-VL temporal ids), and the episode time it spans. */
  secondsSeen?: number;
  secondsSpanned?: number;
  /** Something the user must do for the reader to find the media (the same for every record of the format). */
  warning?: string;
}

export interface ConformResult {
  problems: ReaderProblem[];
  note: ReaderNote;
}

/** Everything the card writer tells a format about the export it is in. */
export interface CardContext {
  config: TExportConfig;
  /** Split (group) names of the format in this export, with their record counts. */
  groups: { group: string; count: number }[];
  /** Shard file glob of one group, relative to the export root (e.g. `verl/train/verl-train-*.parquet`). */
  shardGlob: (group: string) => string;
}

/** Counts of what a release holds, for the reason a format would be empty. */
export interface ReleaseSummary {
  episodes: number;
  trainEpisodes: number;
  testEpisodes: number;
  acceptedChains: number;
  successOrFailure: number;
}

export interface ExportFormatModule<I extends FormatItem = FormatItem, R = unknown> {
  /** The format's id (its key in the registry, its folder name in an export). */
  id: string;
  label: string;
  description: string;
  /** The trainer whose reader consumes the records, and the loader code it was checked against. */
  reader: { trainer: string; source: string };
  items: ItemSource;
  /** Shard files: a JSON list, JSON Lines, or parquet rows; "dataset": the format writes a whole dataset folder itself (writeDataset). */
  file: "json" | "jsonl" | "parquet" | "dataset";
  /** Whether its shards can be WebDataset tars; false: always `file`, reading the media folder. */
  webdataset: boolean;
  /** Whether its records need a provenance sidecar (false when they carry provenance inline). */
  provenanceSidecar: boolean;
  /** Whether `datasets.load_dataset(export folder, id)` reads it (a config in the card's YAML). */
  hfConfig: boolean;
  /** The record as the trainer reads it. */
  schema: z.ZodType<R>;
  build(items: readonly I[], options: RecordOptions): BuiltRecord<R>[];
  mediaNeeds(item: I, options: RecordOptions): MediaNeeds;
  /** The media members of one WebDataset sample, by role (`init.jpg`, `vseq.mp4`, …) → path (formats with `webdataset`). */
  tarMembers?(item: I, options: RecordOptions): [string, string][];
  /** The member names tarMembers gives, for the card's features. */
  tarMemberNames?(options: RecordOptions): string[];
  /** One line for the card's contents table. */
  cardNote: string;
  /** How to train on it: a snippet for the dataset card and docs (markdown). */
  cardSnippet(ctx: CardContext): string;
  /** Files the format adds at the export root (LLaMA-Factory's dataset_info.json). */
  rootFiles?(ctx: CardContext): { path: string; text: string }[];
  /** Why the format holds nothing for a release, in the words the preview and the CLI show. */
  emptyReason(summary: ReleaseSummary): string;
  /** A configuration the format cannot be written in, or null. */
  configProblem?(config: TExportConfig): string | null;
  /** Why the release's episodes cannot be written in this format, or null (checked before an export starts). */
  episodesProblem?(episodes: readonly SnapshotEpisode[]): string | null;
  /** A dataset format writes its folder `<id>/` itself, through the I/O the export job gives it. */
  writeDataset?(episodes: readonly SnapshotEpisode[], io: DatasetIo): Promise<DatasetWritten>;
  /** The trainer's reader rules applied to one record (ported, cited in the module). */
  conform(record: R, media: MediaLookup, options: RecordOptions): ConformResult;
}

/** Helper for modules: a typed module (keeps `I` and `R` while the registry stores them loosely). */
export function defineFormat<I extends FormatItem, R>(m: ExportFormatModule<I, R>): ExportFormatModule<I, R> {
  return m;
}

/** The episodes of a release, summarised for emptyReason. */
export function releaseSummary(episodes: readonly SnapshotEpisode[]): ReleaseSummary {
  let trainEpisodes = 0;
  let acceptedChains = 0;
  let successOrFailure = 0;
  for (const e of episodes) {
    if (e.split === "train") trainEpisodes++;
    acceptedChains += e.chains.length;
    if (e.annotation.outcome === "SUCCESS" || e.annotation.outcome === "FAILURE") successOrFailure++;
  }
  return { episodes: episodes.length, trainEpisodes, testEpisodes: episodes.length - trainEpisodes, acceptedChains, successOrFailure };
}

/** What the export job gives a dataset format to write with (paths relative to the export root). */
export interface DatasetIo {
  /** Reads a source file (a file: URI of the snapshot, or an absolute path inside an import root). */
  readSource(uriOrPath: string): Promise<Uint8Array>;
  /** Resolves a file: URI (or a path relative to a source root) to an absolute path the job may link from. */
  sourcePath(uriOrPath: string): Promise<string>;
  writeFile(rel: string, data: Uint8Array | string): Promise<WrittenFileInfo>;
  /** A hard link to a source file when the file system allows, else a copy. */
  linkOrCopy(sourceAbs: string, rel: string): Promise<WrittenFileInfo & { linked: boolean }>;
  /** One mp4 holding the given episode ranges back to back (re-encoded to H.264 at the first part's rate when they cannot be stream-copied). */
  concatVideos(parts: { uri: string; startFrame: number; frameCount: number; fpsNum: number; fpsDen: number }[], rel: string): Promise<ConcatVideoInfo>;
}

/** The mp4 concatVideos made: its file, frame count and, when known, what info.json describes. */
export type ConcatVideoInfo = WrittenFileInfo & { frames: number; codec?: string; pixFmt?: string | null; width?: number; height?: number };

export interface WrittenFileInfo {
  path: string;
  bytes: number;
  sha256: string;
}

export interface DatasetWritten {
  files: WrittenFileInfo[];
  /** Records (episodes) written, for the counts. */
  count: number;
  frames: number;
  warnings: string[];
}
