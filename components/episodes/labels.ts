// Display names for enum values, shared by the episode views.
export const OUTCOME_LABEL: Record<string, string> = {
  UNKNOWN: "Unknown",
  SUCCESS: "Success",
  FAILURE: "Failure",
  UNSURE: "Unsure",
};

export const STATUS_LABEL: Record<string, string> = {
  UNASSIGNED: "Unassigned",
  IN_PROGRESS: "In progress",
  SUBMITTED: "Submitted",
  IN_REVIEW: "In review",
  APPROVED: "Approved",
  CHANGES_REQUESTED: "Changes requested",
};

export function formatDuration(frames: number, fps: number): string {
  const s = frames / fps;
  const m = Math.floor(s / 60);
  const r = s - m * 60;
  return m > 0 ? `${m}m ${r.toFixed(0).padStart(2, "0")}s` : `${r.toFixed(1)}s`;
}

export const ORIGIN_LABEL: Record<string, string> = {
  MANUAL: "annotated by hand",
  AGIBOT_ACTION_CONFIG: "pre-filled from AgiBot action_config",
  MANIFEST: "pre-filled from the import manifest",
  LEROBOT_SPARSE_SUBTASKS: "pre-filled from LeRobot sparse subtask columns",
  LEROBOT_DENSE_SUBTASKS: "pre-filled from LeRobot SARM dense subtask columns",
  LEROBOT_SUBTASK_INDEX: "pre-filled from LeRobot subtask_index (meta/subtasks.parquet)",
  LEROBOT_LANGUAGE: "pre-filled from LeRobot language_persistent subtask rows",
};
