// The source's own per-frame timestamps (LeRobot's `timestamp` column) checked against a
// camera's frame table (lib/media/frame-table.ts) at import. Pure.
import type { FrameTimes } from "@/lib/media/frame-table";

/** LeRobot's default `tolerance_s` (huggingface/lerobot src/lerobot/datasets/lerobot_dataset.py). */
export const LEROBOT_TOLERANCE_S = 1e-4;

/**
 * The source's per-frame timestamps against the reference camera's frames, by LeRobot's own rule
 * (huggingface/lerobot @ 7427f31 src/lerobot/datasets/dataset_reader.py `_query_videos`,
 * video_utils.py `decode_video_frames_torchcodec`/`_pyav`): frame i of an episode is the
 * video's frame nearest to `from_timestamp + timestamp[i]` (PyAV `pts * time_base`), and
 * LeRobot refuses a row whose nearest frame is more than `tolerance_s` (1e-4 s) away.
 * A sentence when a timestamp is more than half a frame from frame i (LeRobot would show a
 * different picture than this app does for that row), when LeRobot would refuse rows, or when
 * the data's frame count differs from the camera's.
 */
export function timestampNote(stamps: number[], times: FrameTimes, startSec: number, startFrame: number, length: number, camera: string): string | null {
  let off = 0;
  let refused = 0;
  let worst = 0;
  let first = -1;
  const n = Math.min(stamps.length, length);
  for (let i = 0; i < n; i++) {
    const t = startSec + stamps[i]!;
    const d = Math.abs(t - times.time(startFrame + i));
    const nearest = times.frameAt(t);
    const nearestGap = Math.min(
      ...[nearest - 1, nearest, nearest + 1].filter((k) => k >= 0 && k < times.count).map((k) => Math.abs(times.time(k) - t)),
    );
    if (nearestGap > LEROBOT_TOLERANCE_S) refused++;
    if (d > 0.5 * times.duration(startFrame + i)) {
      off++;
      if (first < 0) first = i;
    }
    worst = Math.max(worst, d);
  }
  const parts: string[] = [];
  if (off > 0) {
    parts.push(
      `${off} of ${n} data timestamps are more than half a frame from camera ${camera}'s frame of the same index (first at frame ${first}, up to ${(worst * 1000).toFixed(1)} ms); LeRobot's loader shows a different picture for those rows`,
    );
  }
  if (refused > 0) parts.push(`LeRobot's loader (tolerance_s ${LEROBOT_TOLERANCE_S} s) would refuse ${refused} of ${n} rows: no frame of camera ${camera} is that close to their time`);
  if (stamps.length !== length) parts.push(`the data has ${stamps.length} frames and camera ${camera} ${length}`);
  return parts.length ? `Timestamps: ${parts.join("; ")}.` : null;
}
