// How far an export is and how long it has left. Pure: the API, the UI and the CLI show the
// same figures.
//
// An export is its units (MEDIA batches, then one SHARD unit per record shard) plus one finishing
// step. The fraction counts finished units and the finish. The time left is estimated per kind of
// unit from the wall-clock rate at which the latest units of that kind finished, so several
// workers sharing an export, and a resume after a pause, are both measured as they run now: the
// window starts at the earliest start among the latest finished units, never at the export's
// creation. Shard units are much cheaper than media units: until one has finished, the estimate
// covers the frames and clips only, and says so. Finishing (hashing and publishing the files)
// gets no estimate.

export interface UnitTiming {
  kind: "MEDIA" | "SHARD";
  startedAt: Date;
  finishedAt: Date;
}

export interface ExportProgressInput {
  status: string;
  phase: string;
  /** Units planned (0 until the plan is written). */
  total: number;
  /** Units finished. */
  done: number;
  /** Units not finished yet, per kind. */
  remaining: { MEDIA: number; SHARD: number };
  /** The most recently finished units (any order), at most `RATE_WINDOW` per kind. */
  recent: UnitTiming[];
  now: Date;
}

export interface ExportProgress {
  /** 0..1: finished units and the finishing step, over all of them. */
  fraction: number;
  /** Seconds left, or null while there is nothing to measure (or nothing is running). */
  etaSeconds: number | null;
  /** Seconds since the last unit finished, when that is far longer than units take: stuck. */
  stalledSeconds: number | null;
  /**
   * True when the estimate covers only the frames and clips: no record shard has finished yet,
   * and shards cost far less than media, so their time is not guessed from the media rate.
   */
  etaMediaOnly: boolean;
}

/** How many of the latest finished units per kind the rate is measured over. */
export const RATE_WINDOW = 20;
/** Nothing finished for this long before the window: the export was paused there. */
export const IDLE_GAP_MS = 60_000;
/** No unit finished for this many times the usual time per unit (and at least STALL_MIN_MS): stalled. */
export const STALL_FACTOR = 5;
export const STALL_MIN_MS = 120_000;

/** Seconds per unit of one kind, as the latest finished units of that kind came in; null if none. */
export function secondsPerUnit(recent: UnitTiming[], kind: UnitTiming["kind"]): number | null {
  const latestFirst = recent.filter((u) => u.kind === kind).sort((a, b) => b.finishedAt.getTime() - a.finishedAt.getTime());
  if (latestFirst.length === 0) return null;
  const to = latestFirst[0]!.finishedAt.getTime();
  let from = latestFirst[0]!.startedAt.getTime();
  let n = 1;
  for (const u of latestFirst.slice(1, RATE_WINDOW)) {
    // A unit that finished well before the window's earliest start was before a pause (a crash,
    // a cancel and resume): the rate is measured on the work since then.
    if (u.finishedAt.getTime() < from - IDLE_GAP_MS) break;
    from = Math.min(from, u.startedAt.getTime());
    n++;
  }
  return Math.max(0, to - from) / 1000 / n;
}

export function exportProgress(p: ExportProgressInput): ExportProgress {
  const none = { etaSeconds: null, stalledSeconds: null, etaMediaOnly: false };
  if (p.status === "SUCCEEDED") return { fraction: 1, etaSeconds: 0, stalledSeconds: null, etaMediaOnly: false };
  const steps = p.total + 1; // the units and the finishing step
  const fraction = p.total === 0 ? 0 : Math.min(1, (p.done + (p.phase === "DONE" ? 1 : 0)) / steps);
  // Finishing (hashing and publishing every file) has no rate to go by: no estimate then.
  if (p.status !== "RUNNING" || p.total === 0 || p.phase === "FINALIZE") return { fraction, ...none };
  const media = secondsPerUnit(p.recent, "MEDIA");
  const shard = secondsPerUnit(p.recent, "SHARD");
  if (media === null && shard === null) return { fraction, ...none };
  if (media === null && p.remaining.MEDIA > 0) return { fraction, ...none };
  // The clock runs on between finishes: count down from the last one.
  const lastFinish = Math.max(...p.recent.map((u) => u.finishedAt.getTime()));
  const since = Math.max(0, p.now.getTime() - lastFinish);
  const usual = 1000 * (p.remaining.MEDIA > 0 ? media! : (shard ?? media!));
  if (since > Math.max(STALL_MIN_MS, STALL_FACTOR * usual)) return { fraction, etaSeconds: null, stalledSeconds: Math.round(since / 1000), etaMediaOnly: false };
  const mediaLeft = p.remaining.MEDIA * (media ?? 0);
  if (shard === null) return { fraction, etaSeconds: Math.max(1, Math.round(mediaLeft - since / 1000)), stalledSeconds: null, etaMediaOnly: p.remaining.SHARD > 0 };
  const eta = mediaLeft + p.remaining.SHARD * shard - since / 1000;
  return { fraction, etaSeconds: Math.max(1, Math.round(eta)), stalledSeconds: null, etaMediaOnly: false };
}

/** "45 s", "3 min 20 s", "2 h 5 min" */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** "no unit has finished for 4 min" */
export function formatStall(seconds: number | null): string {
  if (seconds === null) return "";
  return `no progress for ${seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`}: is a worker running?`;
}

/** "about 3 min left", "about 40 s left", "less than a second left"; "" when unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null) return "";
  if (seconds < 1) return "less than a second left";
  if (seconds < 90) return `about ${Math.round(seconds)} s left`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min left`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds - h * 3600) / 60);
  return `about ${h} h ${m} min left`;
}
