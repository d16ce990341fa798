// Shared annotation shapes. Pure: used by the editor in the browser and by the server alike.

export const OUTCOMES = ["UNKNOWN", "SUCCESS", "FAILURE", "UNSURE"] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** One subtask segment. Frames are episode-relative and INCLUSIVE on both ends: [startFrame, endFrame]. `key` is a stable client id that survives saves (used for diffs and for pinning review comments). */
export type SegmentDraft = { key: string; startFrame: number; endFrame: number; label: string };
export type AnnotationSnapshot = { segments: SegmentDraft[]; outcome: Outcome; failureReason: string | null; note: string; qualityFlags: string[] };
