// The frames a progress model saw for one sample, as episode frame indices, and where the
// server decodes each one (a JPEG of exactly that frame).

export type FrameRole = "init" | "seq" | "curr";
export type FrameWidth = 160 | 320 | 640;

export interface StripFrame {
  key: string;
  role: FrameRole;
  frame: number;
  /** "I_init", "V_seq 3/16", "I_curr": the names the PRIMO paper uses. */
  label: string;
}

/** I_init (frame 0), every sampled V_seq frame in order, then I_curr (the query frame). */
export function stripFrames(frames: { init: number; sampled: readonly number[]; current: number }): StripFrame[] {
  const n = frames.sampled.length;
  return [
    { key: "init", role: "init", frame: frames.init, label: "I_init" },
    ...frames.sampled.map((f, i) => ({ key: `seq-${i}`, role: "seq" as const, frame: f, label: `V_seq ${i + 1}/${n}` })),
    { key: "curr", role: "curr", frame: frames.current, label: "I_curr" },
  ];
}

export function frameUrl(episodeId: number, frame: number, camera: string, w: FrameWidth): string {
  return `/api/episodes/${episodeId}/frames/${frame}?camera=${encodeURIComponent(camera)}&w=${w}`;
}
