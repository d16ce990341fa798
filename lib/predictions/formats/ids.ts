// The ids of the prediction-file formats (pure, dependency-free: the contract and the import form use it).
/** Every format's id (the modules are in ./index.ts; the contract and the form take this list). */
export const PREDICTION_FILE_FORMATS = [
  "jsonl",
  "primo-results",
  "primo-samples",
  "robometer",
  "lrm-vlm-scores",
  "sarm-progress",
  "roboreward",
  "dense-array",
] as const;
export type PredictionFileFormat = (typeof PREDICTION_FILE_FORMATS)[number];

/** How the import form and the run list name each format. */
export const PREDICTION_FORMAT_LABEL: Record<PredictionFileFormat, string> = {
  jsonl: "JSON Lines (Critic Studio)",
  "primo-results": "PRIMO-R1 evaluation results",
  "primo-samples": "PRIMO / Video-R1 samples with answers",
  robometer: "Robometer evaluation records (progress_pred, success_probs)",
  "lrm-vlm-scores": "Large Reward Models vlm_scores.json (progress, completion, comparison)",
  "sarm-progress": "SARM sarm_progress.parquet (LeRobot)",
  roboreward: "RoboReward answers (ANSWER: 1–5)",
  "dense-array": "Dense per-frame array (.npy or JSON list)",
};
