// The app's frame n is PyAV's frame n, on video as it really comes (tests/fixtures/real-video.ts:
// variable rate, a 0.5 s start offset with and without audio, an edit list, AV1, B-frames, two
// cameras at 30 and 60 fps, a camera two frames late). For every fixture:
//   * the frame table read at import has as many frames as PyAV decodes;
//   * the stills endpoint's JPEG of episode frame n, for every camera, shows what PyAV decodes as
//     that camera's frame on screen at n (the episode's frames are the reference camera's; the
//     others are mapped by time and offset), and that is the code the fixture was made to show;
//   * the export's stills (extractFrames) of every frame, and a clip (extractClips), are PyAV's
//     frames too.
// PyAV and Pillow come from the local package index (.data/pyenv, set up by npm test); the codes
// are read by tests/python/frame_codes.py.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createImportJob, runImportJob } from "@/lib/imports/run-import";
import { FrameTimes, type FrameTable } from "@/lib/media/frame-table";
import { timelineOf } from "@/lib/media/frame-time";
import { resolveSourceFile } from "@/lib/media/storage";
import { transcodeVideoFile } from "@/lib/media/transcode";
import { extractClips, extractFrames } from "@/lib/export/extract-media";
import { buildRealVideoFixture, type ProbeEpisode } from "@/tests/fixtures/real-video";
import { GET as getFrame } from "@/app/api/episodes/[id]/frames/[frame]/route";
import { GET as getEpisode } from "@/app/api/episodes/[id]/route";
import { PATCH as patchCamera } from "@/app/api/episodes/[id]/cameras/[camera]/route";
import { call, freshDir, resetDb, signedInCookies } from "./helpers";

const PYTHON = process.env.CRITIC_PYTHON ?? path.resolve(".data/pyenv/bin/python");

function pyCodes(req: { videos?: string[]; images?: string[] }): { videos: Record<string, number[]>; images: Record<string, number> } {
  const r = spawnSync(PYTHON, ["tests/python/frame_codes.py"], { input: JSON.stringify(req), encoding: "utf8", timeout: 300_000, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`frame_codes.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

type EpisodeJson = {
  id: number;
  lengthFrames: number;
  referenceCamera: string;
  timingNotes: string[];
  cameras: Array<{ camera: string; frameTable: FrameTable | null; fpsNum: number; fpsDen: number; fileFrameCount: number; startFrame: number; frameCount: number; startSec: number; offsetMs: number }>;
};

let cookie: string;
let cookies: Awaited<ReturnType<typeof signedInCookies>>;
let fixture: { episodes: ProbeEpisode[] };
let root: string;
const episodes = new Map<string, EpisodeJson>();
/** PyAV's codes of every frame of each fixture video (by path relative to the fixture). */
let pyav: Record<string, number[]> = {};

/** Frames checked through the stills endpoint: both ends, every 11th, and around the hotspots. */
function sampleFrames(e: ProbeEpisode): number[] {
  const s = new Set([0, 1, e.frames - 2, e.frames - 1]);
  for (let n = 0; n < e.frames; n += 11) s.add(n);
  for (const h of e.hotspots) for (let d = -2; d <= 2; d++) if (h + d >= 0 && h + d < e.frames) s.add(h + d);
  return [...s].sort((a, b) => a - b);
}

describe("the app's frames are PyAV's frames", () => {
  beforeAll(async () => {
    await resetDb();
    cookies = await signedInCookies();
    cookie = cookies.RESEARCHER;
    rmSync(path.join(env.mediaDir, "frames"), { recursive: true, force: true });
    root = path.join(env.importRoots[0]!, `real-video-${process.pid}`);
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    fixture = await buildRealVideoFixture(root);
    const job = await createImportJob({ actor: null, path: path.join(root, "manifest.jsonl") });
    const result = await runImportJob(job.id);
    expect(result.problems ?? []).toEqual([]);
    // The playback copies of files whose containers hide frames from browsers (the worker's job).
    for (const f of await db.videoFile.findMany({ where: { transcodeStatus: "PENDING" } })) await transcodeVideoFile(f.id);
    const rows = await db.episode.findMany({ select: { id: true, sourceKey: true } });
    for (const r of rows) {
      const res = await call(getEpisode as never, { url: `/api/episodes/${r.id}`, params: { id: String(r.id) }, cookie });
      episodes.set(r.sourceKey, (await res.json()) as EpisodeJson);
    }
    const videos = [...new Set(fixture.episodes.flatMap((e) => e.cameras.map((c) => c.path)))];
    const got = pyCodes({ videos: videos.map((v) => path.join(root, v)) });
    pyav = Object.fromEntries(videos.map((v) => [v, got.videos[path.join(root, v)]!]));
  }, 300_000);

  it("reads as many frames as PyAV decodes, and the episode is as long as its reference camera", () => {
    for (const e of fixture.episodes) {
      const ep = episodes.get(e.key)!;
      expect({ key: e.key, length: ep.lengthFrames, reference: ep.referenceCamera }).toEqual({ key: e.key, length: e.frames, reference: e.cameras[0]!.name });
      for (const c of e.cameras) {
        const cam = ep.cameras.find((x) => x.camera === c.name)!;
        expect({ key: e.key, camera: c.name, frames: new FrameTimes(cam.frameTable!).count }).toEqual({ key: e.key, camera: c.name, frames: pyav[c.path]!.length });
      }
    }
  });

  it("makes a playback copy with the same frames where the container hides some from browsers", async () => {
    const files = await db.videoFile.findMany({ where: { transcodeStatus: { not: "NOT_NEEDED" } }, orderBy: { uri: "asc" } });
    expect(files.map((f) => [path.basename(f.uri), f.transcodeStatus, f.transcodeError])).toEqual([
      ["offset-noaudio.mp4", "DONE", null],
      ["vfr.mp4", "DONE", null],
    ]);
    for (const f of files) expect(new FrameTimes(f.playbackFrameTable as unknown as FrameTable).count).toBe(f.frameCount);
  });

  it("keeps each camera's own length: the 60 fps camera has twice the frames of the 30 fps one", () => {
    const ep = episodes.get("probe-two-rates")!;
    expect(ep.cameras.map((c) => [c.camera, c.frameCount])).toEqual([
      ["front", 120],
      ["wrist", 240],
    ]);
    expect(ep.timingNotes).toEqual([]);
  });

  it("notes a declared rate that disagrees with the file, and a variable rate", () => {
    expect(episodes.get("probe-declared-25")!.timingNotes).toEqual([expect.stringContaining("declares 25 fps; camera front's video plays at 30 fps")]);
    expect(episodes.get("probe-vfr")!.timingNotes).toEqual([
      expect.stringMatching(/variable frame rate \(15 to 30 fps, 21\.\d+ on average\)/),
      // Its B-frame edit ends one frame early: Chromium never seeks to frame 149 (see probe.ts).
      expect.stringContaining("ends before its last frame (from 6.933 s), which browsers cannot show; it plays from a copy"),
    ]);
    // A video 0.5 s into a file without audio: Chromium's duration leaves its last 0.5 s out.
    expect(episodes.get("probe-offset-noaudio")!.timingNotes).toEqual([expect.stringContaining("ends before its last 15 frames (from 5 s)")]);
    expect(episodes.get("probe-offset-audio")!.timingNotes).toEqual([]);
    expect(episodes.get("probe-editlist")!.timingNotes).toEqual([]);
  });

  it("serves stills of every camera that are PyAV's frame on screen at that episode frame", async () => {
    const dir = freshDir("crosscheck-stills");
    const asked: Array<{ key: string; camera: string; n: number; file: string; pyavFrame: number; path: string }> = [];
    for (const e of fixture.episodes) {
      const ep = episodes.get(e.key)!;
      const tl = timelineOf(ep)!;
      for (const c of e.cameras) {
        const cam = ep.cameras.find((x) => x.camera === c.name)!;
        for (const n of sampleFrames(e)) {
          const res = await call(getFrame as never, { url: `/api/episodes/${ep.id}/frames/${n}?camera=${c.name}`, params: { id: String(ep.id), frame: String(n) }, cookie });
          expect(res.status, `${e.key} ${c.name} frame ${n}: ${res.status === 200 ? "" : await res.clone().text()}`).toBe(200);
          const file = path.join(dir, `${e.key}-${c.name}-${n}.jpg`);
          writeFileSync(file, Buffer.from(await res.arrayBuffer()));
          asked.push({ key: e.key, camera: c.name, n, file: c.path, pyavFrame: cam.startFrame + tl.cameraFrame(c.name, n), path: file });
        }
      }
    }
    const got = pyCodes({ images: asked.map((a) => a.path) });
    const wrong = asked.filter((a) => got.images[a.path] !== pyav[a.file]![a.pyavFrame]);
    expect(wrong.map((a) => `${a.key} ${a.camera} frame ${a.n}: still shows ${got.images[a.path]}, PyAV frame ${a.pyavFrame} is ${pyav[a.file]![a.pyavFrame]}`)).toEqual([]);
    // And PyAV's frame is the one the fixture was made to show at that moment.
    const premise = asked.filter((a) => pyav[a.file]![a.pyavFrame] !== fixture.episodes.find((e) => e.key === a.key)!.codeAt(a.camera, a.n));
    expect(premise.map((a) => `${a.key} ${a.camera} frame ${a.n}`)).toEqual([]);
    expect(asked.length).toBeGreaterThan(200);
  }, 300_000);

  it("exports stills of every frame and clips that are PyAV's frames", async () => {
    const dir = freshDir("crosscheck-export");
    const stills: Array<{ label: string; path: string; want: number }> = [];
    const clips: Array<{ label: string; path: string; want: number[] }> = [];
    for (const e of fixture.episodes) {
      const ep = episodes.get(e.key)!;
      const c = e.cameras[0]!;
      const cam = ep.cameras.find((x) => x.camera === c.name)!;
      const times = new FrameTimes(cam.frameTable!);
      const input = await resolveSourceFile((await db.videoFile.findFirstOrThrow({ where: { episodeVideos: { some: { episodeId: ep.id, camera: c.name } } } })).uri);
      const frames = Array.from({ length: ep.lengthFrames }, (_, n) => n);
      const out = (n: number) => path.join(dir, e.key, `${String(n).padStart(6, "0")}.jpg`);
      await extractFrames({ input, startFrame: cam.startFrame, fpsNum: cam.fpsNum, fpsDen: cam.fpsDen, times, frames, outPath: out, width: null });
      for (const n of frames) stills.push({ label: `${e.key} frame ${n}`, path: out(n), want: pyav[c.path]![cam.startFrame + n]! });
      const pick = [0, ...e.hotspots, ep.lengthFrames - 1].filter((n, i, a) => a.indexOf(n) === i).sort((a, b) => a - b);
      const clipPath = path.join(dir, `${e.key}.mp4`);
      await extractClips({ input, startFrame: cam.startFrame, fpsNum: cam.fpsNum, fpsDen: cam.fpsDen, times, clips: [{ frames: pick, outPath: clipPath }], width: null });
      clips.push({ label: e.key, path: clipPath, want: pick.map((n) => pyav[c.path]![cam.startFrame + n]!) });
    }
    const got = pyCodes({ images: stills.map((s) => s.path), videos: clips.map((c) => c.path) });
    expect(stills.filter((s) => got.images[s.path] !== s.want).map((s) => `${s.label}: ${got.images[s.path]} ≠ PyAV ${s.want}`)).toEqual([]);
    expect(clips.map((c) => ({ clip: c.label, codes: got.videos[c.path] }))).toEqual(clips.map((c) => ({ clip: c.label, codes: c.want })));
  }, 300_000);

  it("shifts a camera by an offset, audited: its stills follow, the episode's frames do not move", async () => {
    const ep = episodes.get("probe-late-camera")!;
    const patch = (camera: string, offsetMs: unknown, who = cookie) =>
      call(patchCamera as never, { method: "PATCH", url: `/api/episodes/${ep.id}/cameras/${camera}`, params: { id: String(ep.id), camera }, cookie: who, body: { offsetMs } });
    const stillCode = async (n: number) => {
      const res = await call(getFrame as never, { url: `/api/episodes/${ep.id}/frames/${n}?camera=wrist`, params: { id: String(ep.id), frame: String(n) }, cookie });
      const file = path.join(freshDir(`offset-${n}-${Math.random().toString(36).slice(2)}`), "f.jpg");
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      return pyCodes({ images: [file] }).images[file];
    };
    // Imported two frames late: wrist frame n + 2 shows the main camera's moment n.
    expect(await stillCode(40)).toBe(40);
    expect((await patch("wrist", 0)).status).toBe(200);
    expect(await stillCode(40)).toBe(38); // unshifted, the wrist picture lags two frames
    const res = await patch("wrist", 2000 / 30);
    expect(res.status).toBe(200);
    expect(await stillCode(40)).toBe(40);
    expect((await db.episode.findUniqueOrThrow({ where: { id: ep.id } })).lengthFrames).toBe(90);
    const audit = await db.auditLog.findMany({ where: { action: "episode.camera_offset", entityId: String(ep.id) }, orderBy: { id: "asc" } });
    expect(audit.map((a) => (a.detail as { to: number }).to)).toEqual([0, 2000 / 30]);
    // The reference camera cannot be shifted; nor can someone else's episode by an annotator; nor beyond a minute.
    const refRes = await patch("main", 10);
    expect(refRes.status).toBe(400);
    expect(((await refRes.json()) as { detail: string }).detail).toContain("reference camera");
    expect((await patch("wrist", 10, cookies.ANNOTATOR)).status).toBe(403);
    expect((await patch("wrist", 120_000)).status).toBe(400);
    expect((await patch("wrist", "late")).status).toBe(400);
  });
});
