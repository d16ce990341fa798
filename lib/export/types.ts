// Types shared by the release snapshot (lib/releases), sample generation and record formats
// (lib/export, pure) and the export job. A snapshot holds everything an export needs, so a
// published release exports the same bytes forever, whatever is edited later.
import type { Outcome } from "@/lib/annotation/types";

export type ReleaseSplit = "train" | "test";
/** The benchmark split of a test episode (DOMAIN.md §1); TRAIN for training episodes. */
export type ReleaseSplitTag = "TRAIN" | "ID" | "OOD_CROSS_TASK" | "OOD_CROSS_ENV";

/** One accepted chain of thought, frozen: what SFT-with-CoT records are made from. */
export interface SnapshotChain {
  predictionId: number;
  runName: string;
  queryFrame: number;
  /** The V_seq frame indices the model saw (empty when the run did not record them). */
  sampledFrames: number[];
  question: string | null;
  planning: string;
  observation: string;
  reasoning: string;
  /** The model's answer text as reviewed (not the ground truth). */
  answer: string;
  /** True when a reviewer edited any section. */
  edited: boolean;
}

/** The main camera's video of an episode, as the export job needs it to extract frames. */
export interface SnapshotVideo {
  /** Storage URI of the browser-playable file (file:… or media:…), see lib/media/storage.ts. */
  uri: string;
  /** Episode frame 0 is this frame of the file (LeRobot v3 packs several episodes in one mp4). */
  startFrame: number;
  /** The file's exact frame rate fpsNum / fpsDen. */
  fpsNum: number;
  fpsDen: number;
  width: number;
  height: number;
}

/** One camera of an episode as its source recorded it (the LeRobot export reuses these files). */
export interface SnapshotCamera {
  camera: string;
  /** The source file as imported (file:…), not a browser copy. */
  uri: string;
  /** Episode frame 0 is this frame of the file, at this time (LeRobot v3 from_timestamp). */
  startFrame: number;
  startSec: number;
  frameCount: number;
  fpsNum: number;
  fpsDen: number;
  width: number;
  height: number;
  codec: string;
  pixFmt: string | null;
}

export interface SnapshotEpisode {
  episodeId: number;
  /** The episode's key in its source dataset (stable, human-readable). */
  key: string;
  environment: { id: number; slug: string; name: string };
  task: { id: number; key: string; instruction: string };
  split: ReleaseSplit;
  splitTag: ReleaseSplitTag;
  lengthFrames: number;
  fps: number;
  camera: string;
  video: SnapshotVideo | null;
  /** The approved annotation the ground truth comes from, and its inputs to the progress curve. */
  annotation: {
    id: number;
    version: number;
    outcome: Outcome;
    /** The failure reason of a failed episode (absent in snapshots frozen before it was kept). */
    failureReason?: string | null;
    segments: { startFrame: number; endFrame: number; label: string }[];
  };
  /**
   * Where the episode came from: the source kind, its root (file: path of the dataset folder or
   * manifest) and the source's own fields kept at import (LeRobot: episode_index, data and video
   * chunk/file indices, dataset_from_index…). Absent in snapshots frozen before it was kept.
   */
  source?: { kind: string; uri: string; metadata: Record<string, unknown> };
  /** Every camera of the episode, sorted by name (absent in older snapshots, which have only `video`). */
  cameras?: SnapshotCamera[];
  progress: {
    weighting: "EQUAL" | "DURATION";
    canonicalSubtasks: string[];
    /** Typical subtask durations of the task at snapshot time (DURATION weighting). */
    typicalDurations: Record<string, number>;
  };
  chains: SnapshotChain[];
}

/** How query times are chosen per episode. */
export type QuerySchedule =
  | { mode: "count"; count: number }
  | { mode: "stride"; stride: number }
  /** LRM: 11 keyframes at normalised time 0, 0.1, …, 1. */
  | { mode: "lrm" };

/** A format's id: the keys of the registry (lib/export/formats/index.ts). */
export type { ExportFormat } from "./formats/ids";

/**
 * How long a V_seq clip plays. "real": as long as the part of the episode it shows (frames
 * 0..query frame, (q + 1) / fps seconds), so a reader that samples by time and a model that
 * encodes time (Qwen2.5-VL's temporal ids) see the episode's own pace. "fixed": one clip frame
 * every 1 / clipFps seconds whatever the episode's pace (the previous behaviour, 2 fps).
 */
export type ClipTiming = { mode: "real" } | { mode: "fixed"; fps: number };

export interface SampleConfig {
  queries: QuerySchedule;
  /** At most this many V_seq frames (PRIMO: 16 for training, 32 for evaluation). */
  maxFrames: number;
  seed: number;
  /** Default { mode: "real" }. */
  clipTiming?: ClipTiming;
}

/** An exact frame rate num / den. */
export interface Rate {
  num: number;
  den: number;
}

/** One generated sample: an episode seen up to a query frame. */
export interface Sample {
  /** Stable id: `<episode key>/<query frame>` sanitised, unique within an export. */
  id: string;
  episode: SnapshotEpisode;
  queryFrame: number;
  /** Always 0: I_init is the episode's first frame. */
  initFrame: number;
  /** Ascending V_seq frame indices within [0, queryFrame], as sampled. */
  vseqFrames: number[];
  /**
   * The frames the V_seq video holds, in order: vseqFrames with the last one repeated when needed
   * so that there are at least 2 and an even number (readerSafeFrames in samples.ts).
   */
  videoFrames: number[];
  /** The clip's frame rate (clipRate in samples.ts). */
  clipRate: Rate;
  /** Ground-truth progress 0–100 at the query frame, from the snapshot's curve (unrounded). */
  progress: number;
  /** Index into PROGRESS_QUESTIONS of the phrasing drawn for this sample. */
  questionIndex: number;
  question: string;
  /** For samples made from an accepted chain (SFT with CoT). */
  chain?: SnapshotChain;
}
