// The normalised shape every dataset reader produces. Readers only parse; they never touch
// the database or probe media. lib/import/run-import.ts validates a batch against the probed
// media and writes it in one transaction.

export type SourceKind = "LEROBOT_V3" | "LEROBOT_V21" | "AGIBOT" | "MANIFEST";
export type ImportOutcome = "UNKNOWN" | "SUCCESS" | "FAILURE" | "UNSURE";
export type SegmentOrigin =
  | "AGIBOT_ACTION_CONFIG"
  | "MANIFEST"
  | "LEROBOT_SPARSE_SUBTASKS"
  | "LEROBOT_DENSE_SUBTASKS"
  | "LEROBOT_SUBTASK_INDEX"
  | "LEROBOT_LANGUAGE";

/** A problem found while reading, naming where it is and why. */
export interface ImportProblem {
  /** Path relative to the dataset root. */
  file: string;
  /** 1-based line number for JSON Lines files. */
  line?: number;
  /** Source episode key when the problem belongs to one episode. */
  episode?: string;
  reason: string;
}

export interface ImportCamera {
  /** Camera / video key, e.g. `observation.images.top` or `head_color`. */
  camera: string;
  /** Video path relative to the dataset root, `/`-separated, never absolute, never `..`. */
  path: string;
  /** Offset of the episode's first frame inside the file, seconds (LeRobot v3 shares files). */
  startSec: number;
  /** Number of frames of the episode in this camera, when the source says; else null (taken from the probe). */
  frameCount: number | null;
  /** Milliseconds this camera is shifted by to line up with the reference camera (default 0). */
  offsetMs?: number;
}

export interface ImportSegment {
  /** Inclusive, 0-based, in episode frames. */
  startFrame: number;
  /** Inclusive. */
  endFrame: number;
  label: string;
}

export interface ImportEpisode {
  sourceKey: string;
  environment: string;
  taskKey: string;
  instruction: string;
  /** Episode length in frames when the source states it; else null (taken from the probe). */
  lengthFrames: number | null;
  /** Frames per second when the source states it; else null (taken from the probe). */
  fps: number | null;
  outcome: ImportOutcome;
  /** Why a failed episode failed, when the source says (LeRobot v3 `failure_reason`); absent or null otherwise. */
  failureReason?: string | null;
  splitTags: string[];
  cameras: ImportCamera[];
  /** The camera whose frames are the episode's frames; default: the first camera. */
  referenceCamera?: string | null;
  /**
   * The source's own time of each episode frame (LeRobot's `timestamp` column), seconds from the
   * episode's start, when it has one; checked against the reference camera's frame table.
   */
  frameTimestamps?: number[] | null;
  /** Pre-filled subtask segments, or null when the source has none. */
  segments: ImportSegment[] | null;
  segmentOrigin: SegmentOrigin | null;
  metadata: Record<string, unknown>;
}

export interface ImportTask {
  environment: string;
  key: string;
  instruction: string;
  canonicalSubtasks: string[];
}

export interface ImportBatch {
  kind: SourceKind;
  /** Human name for the source (folder name or dataset name from metadata). */
  name: string;
  tasks: ImportTask[];
  episodes: ImportEpisode[];
  /** Any problem makes the whole batch fail; readers collect them all instead of stopping at the first. */
  problems: ImportProblem[];
}

/** Options every reader accepts. */
export interface ReaderOptions {
  /** Absolute path of the dataset root folder (or of a manifest file for MANIFEST). */
  root: string;
  /** Environment name to use when the source does not name one. */
  environment?: string;
}
