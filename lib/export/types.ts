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
    segments: { startFrame: number; endFrame: number; label: string }[];
  };
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

export const EXPORT_FORMATS = [
  "primo-sft",
  "primo-rl",
  "llamafactory",
  "ms-swift",
  "easyr1",
  "verl",
  "lrm-progress",
  "lrm-contrastive",
  "lrm-completion",
  "benchmark",
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface SampleConfig {
  queries: QuerySchedule;
  /** At most this many V_seq frames (PRIMO: 16 for training, 32 for evaluation). */
  maxFrames: number;
  seed: number;
}

/** One generated sample: an episode seen up to a query frame. */
export interface Sample {
  /** Stable id: `<episode key>/<query frame>` sanitised, unique within an export. */
  id: string;
  episode: SnapshotEpisode;
  queryFrame: number;
  /** Always 0: I_init is the episode's first frame. */
  initFrame: number;
  /** Ascending V_seq frame indices within [0, queryFrame]. */
  vseqFrames: number[];
  /** Ground-truth progress 0–100 at the query frame, from the snapshot's curve (unrounded). */
  progress: number;
  /** Index into PROGRESS_QUESTIONS of the phrasing drawn for this sample. */
  questionIndex: number;
  question: string;
  /** For samples made from an accepted chain (SFT with CoT). */
  chain?: SnapshotChain;
}
