/**
 * Frame count and duration of the video track of an mp4 (pure, from the file's bytes): what the
 * trainers' readers see (PyAV's stream.frames and duration · time_base, decord's len and
 * get_avg_fps, torchvision's frame count and video_fps). Reads moov/trak/mdia: hdlr (the video
 * track), mdhd (timescale, duration) and minf/stbl/stsz (sample count).
 */

type Box = [start: number, end: number];

function children(buf: Uint8Array, from: number, to: number): { type: string; box: Box }[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: { type: string; box: Box }[] = [];
  let o = from;
  while (o + 8 <= to) {
    let size = view.getUint32(o);
    let header = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(o + 8));
      header = 16;
    } else if (size === 0) size = to - o;
    if (size < header || o + size > to) break;
    const type = String.fromCharCode(buf[o + 4], buf[o + 5], buf[o + 6], buf[o + 7]);
    out.push({ type, box: [o + header, o + size] });
    o += size;
  }
  return out;
}

const child = (buf: Uint8Array, box: Box, type: string) => children(buf, box[0], box[1]).find((c) => c.type === type)?.box ?? null;

export interface Mp4VideoInfo {
  frames: number;
  seconds: number;
  /** frames / seconds. */
  fps: number;
}

/** The first video track's frames and duration, or null when the bytes hold no readable video track. */
export function mp4VideoInfo(buf: Uint8Array): Mp4VideoInfo | null {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const moov = child(buf, [0, buf.length], "moov");
  if (!moov) return null;
  for (const trak of children(buf, moov[0], moov[1]).filter((c) => c.type === "trak")) {
    const mdia = child(buf, trak.box, "mdia");
    if (!mdia) continue;
    const hdlr = child(buf, mdia, "hdlr");
    if (!hdlr || String.fromCharCode(...buf.subarray(hdlr[0] + 8, hdlr[0] + 12)) !== "vide") continue;
    const mdhd = child(buf, mdia, "mdhd");
    const minf = child(buf, mdia, "minf");
    const stbl = minf && child(buf, minf, "stbl");
    const stsz = stbl && child(buf, stbl, "stsz");
    if (!mdhd || !stsz) continue;
    const version = buf[mdhd[0]];
    const timescale = version === 1 ? view.getUint32(mdhd[0] + 20) : view.getUint32(mdhd[0] + 12);
    const duration = version === 1 ? Number(view.getBigUint64(mdhd[0] + 24)) : view.getUint32(mdhd[0] + 16);
    const frames = view.getUint32(stsz[0] + 8);
    if (!timescale || !duration) continue;
    const seconds = duration / timescale;
    return { frames, seconds, fps: frames / seconds };
  }
  return null;
}
