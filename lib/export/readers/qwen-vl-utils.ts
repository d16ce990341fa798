/**
 * The video rules of qwen-vl-utils, ported (pure). Every trainer that feeds Qwen-VL through
 * qwen-vl-utils applies them to each video of a record: PRIMO / Video-R1 (SFT, GRPO, eval), verl
 * and EasyR1. A record whose video breaks them makes the reader raise; a record that passes is
 * read with exactly the frames computed here. Sources (read, not copied):
 *
 * - QwenLM/Qwen2.5-VL qwen-vl-utils/src/qwen_vl_utils/vision_process.py
 *   @ f0af2996e843cf46aa5f778c38d6694500c2ca81: constants, round/ceil/floor_by_factor,
 *   smart_nframes, _read_video_torchvision / _read_video_decord (linspace(0, T-1, n).round(),
 *   sample_fps = nframes / T * video_fps), fetch_video (a list of frames is padded to a multiple of
 *   FRAME_FACTOR by repeating the last frame; its fps is the element's "fps", default 2.0, up to
 *   0.0.11, and its "sample_fps", default 2.0, in 0.0.14).
 * - QwenLM/Qwen3-VL qwen-vl-utils/src/qwen_vl_utils/vision_process.py
 *   @ 96588727e44c78b25ba03ea03b8e12f7e64fd0da: the same smart_nframes and constants.
 * - tulerfeng/Video-R1 src/qwen-vl-utils/src/qwen_vl_utils/vision_process.py
 *   @ 59d65c347e44efa71be27abf9d89b4a2bb7d1c05 (the copy Video-R1 trains with; PRIMO R1 vendors the
 *   same layout, readable here only as .pyc): FPS_MAX_FRAMES = 16 instead of 768 (and smaller
 *   MAX_PIXELS / VIDEO_MAX_PIXELS, which do not change the frame count), the rules as above.
 */

export const FRAME_FACTOR = 2;
export const FPS = 2.0;
export const FPS_MIN_FRAMES = 4;
/** Upstream qwen-vl-utils. */
export const FPS_MAX_FRAMES = 768;
/** The copy vendored by Video-R1 (and so used by PRIMO R1's training and evaluation). */
export const VIDEO_R1_FPS_MAX_FRAMES = 16;

/** Python's round(): half to even. */
export function pyRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

export const roundByFactor = (n: number, factor: number) => pyRound(n / factor) * factor;
export const ceilByFactor = (n: number, factor: number) => Math.ceil(n / factor) * factor;
export const floorByFactor = (n: number, factor: number) => Math.floor(n / factor) * factor;

/** The keys of a qwen-vl-utils video element that decide sampling. */
export interface VideoElement {
  nframes?: number;
  fps?: number;
  /** qwen-vl-utils 0.0.14: the fps a frame list is said to have. */
  sample_fps?: number;
  min_frames?: number;
  max_frames?: number;
}

export class QwenVideoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QwenVideoError";
  }
}

/**
 * smart_nframes: how many frames the reader takes from a video file of `totalFrames` frames at
 * `videoFps`. Throws QwenVideoError exactly where qwen-vl-utils raises (both `fps` and `nframes`
 * given; the result outside [FRAME_FACTOR, totalFrames]).
 */
export function smartNframes(ele: VideoElement, totalFrames: number, videoFps: number, maxFramesDefault = FPS_MAX_FRAMES): number {
  if (ele.fps !== undefined && ele.nframes !== undefined) throw new QwenVideoError("Only accept either `fps` or `nframes`");
  let nframes: number;
  if (ele.nframes !== undefined) nframes = roundByFactor(ele.nframes, FRAME_FACTOR);
  else {
    const fps = ele.fps ?? FPS;
    const minFrames = ceilByFactor(ele.min_frames ?? FPS_MIN_FRAMES, FRAME_FACTOR);
    const maxFrames = floorByFactor(ele.max_frames ?? Math.min(maxFramesDefault, totalFrames), FRAME_FACTOR);
    const raw = (totalFrames / videoFps) * fps;
    nframes = floorByFactor(Math.min(Math.min(Math.max(raw, minFrames), maxFrames), totalFrames), FRAME_FACTOR);
  }
  if (!(FRAME_FACTOR <= nframes && nframes <= totalFrames)) {
    throw new QwenVideoError(`nframes should in interval [${FRAME_FACTOR}, ${totalFrames}], but got ${nframes}.`);
  }
  return nframes;
}

/** torch.linspace(0, T - 1, n).round().long(): float32 steps, rounded half to even. */
export function linspaceIndices(totalFrames: number, n: number): number[] {
  if (n === 1) return [0];
  const out: number[] = [];
  const step = Math.fround((totalFrames - 1) / (n - 1));
  for (let i = 0; i < n; i++) {
    // torch computes start + i * step (float32) below steps / 2 (integer division) and end - (n-1-i) * step from there.
    const v = i < Math.floor(n / 2) ? Math.fround(i * step) : Math.fround(totalFrames - 1 - Math.fround((n - 1 - i) * step));
    out.push(pyRound(v));
  }
  return out;
}

export interface QwenVideoRead {
  /** Frames given to the model. */
  nframes: number;
  /** Which frames of the file (or of the padded list) they are. */
  indices: number[];
  /** The rate the model's temporal ids are computed from (Qwen2.5-VL: second_per_grid_ts = 2 / sample_fps). */
  sampleFps: number;
  /** Seconds of video the model is told it saw: nframes / sampleFps. */
  seconds: number;
}

/** fetch_video for a video FILE of `totalFrames` frames at `videoFps`. Throws as smart_nframes does. */
export function readVideoFile(ele: VideoElement, totalFrames: number, videoFps: number, maxFramesDefault = FPS_MAX_FRAMES): QwenVideoRead {
  const nframes = smartNframes(ele, totalFrames, videoFps, maxFramesDefault);
  const sampleFps = (nframes / Math.max(totalFrames, 1e-6)) * videoFps;
  return { nframes, indices: linspaceIndices(totalFrames, nframes), sampleFps, seconds: nframes / sampleFps };
}

/** fetch_video for a video given as a LIST of frame paths: padded by repeating the last frame; fps = the element's, default 2.0. */
export function readFrameList(ele: VideoElement, count: number): QwenVideoRead {
  if (count < 1) throw new QwenVideoError("a video given as a list of frames needs at least one frame");
  const nframes = ceilByFactor(count, FRAME_FACTOR);
  const indices = Array.from({ length: nframes }, (_, i) => Math.min(i, count - 1));
  const sampleFps = ele.sample_fps ?? ele.fps ?? 2.0;
  return { nframes, indices, sampleFps, seconds: nframes / sampleFps };
}
