// A LeRobot v3 dataset made the way LeRobot makes one (tests/python/make_lerobot_v3.py: AV1 with
// LeRobot's default libsvtav1 settings, episodes concatenated by stream copy as
// concatenate_video_files does, pandas/pyarrow metadata, the v3.1 language columns as the
// steerable annotation writer leaves them) imported through the app:
//   * the AV1 file is imported as it is: no conversion queued, played directly;
//   * the data file's timestamps agree with the frame table, so no timing note, and the app's
//     still of episode frame i is the picture LeRobot's own loader decodes for row i (the frame
//     nearest to from_timestamp + timestamp, found by the script with PyAV);
//   * each of LeRobot's subtask forms (per-frame subtask_index + meta/subtasks.parquet,
//     language_persistent subtask rows, SARM dense columns) becomes the episode's pre-filled
//     annotation, marked with its source, and is what an annotator starts from.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createImportJob, runImportJob } from "@/lib/imports/run-import";
import { claimEpisode } from "@/lib/annotations/claim-episode";
import { seedUsers } from "@/prisma/seed/users";
import type { SessionUser } from "@/lib/auth/session";
import { GET as getFrame } from "@/app/api/episodes/[id]/frames/[frame]/route";
import { call, freshDir, resetDb, signedInCookies } from "./helpers";

const PYTHON = process.env.CRITIC_PYTHON ?? path.resolve(".data/pyenv/bin/python");

type Made = { video: string; codec: string; decoded: number; lerobot: Array<Array<{ code: number; gap: number }>> };

function python(script: string, args: string[], input?: string): string {
  const r = spawnSync(PYTHON, [script, ...args], { input, encoding: "utf8", timeout: 300_000, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

let root: string;
let made: Made;
let cookie: string;
const episodeIds = new Map<string, number>();

describe("a LeRobot v3 dataset as LeRobot writes it", () => {
  beforeAll(async () => {
    await resetDb();
    cookie = (await signedInCookies()).RESEARCHER;
    root = path.join(env.importRoots[0]!, `lerobot-forms-${process.pid}`);
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    made = JSON.parse(python("tests/python/make_lerobot_v3.py", [root])) as Made;
    const job = await createImportJob({ actor: null, path: root });
    const result = await runImportJob(job.id);
    expect(result.problems ?? []).toEqual([]);
    for (const e of await db.episode.findMany({ select: { id: true, sourceKey: true } })) episodeIds.set(e.sourceKey, e.id);
  }, 300_000);

  it("imports the AV1 video without converting it", async () => {
    expect(made.codec).toBe("libdav1d"); // PyAV decoded it as AV1
    const files = await db.videoFile.findMany();
    expect(files.map((f) => ({ file: path.basename(f.uri), codec: f.codec, playable: f.browserPlayable, transcode: f.transcodeStatus, copy: f.playbackUri, frames: f.frameCount }))).toEqual([
      { file: "file-000.mp4", codec: "av1", playable: true, transcode: "NOT_NEEDED", copy: null, frames: made.decoded },
    ]);
  });

  it("finds the data file's timestamps on the video's frames, as LeRobot's loader does", async () => {
    const eps = await db.episode.findMany({ orderBy: { id: "asc" }, select: { sourceKey: true, lengthFrames: true, timingNotes: true } });
    expect(eps).toEqual([
      { sourceKey: "0", lengthFrames: 40, timingNotes: [] },
      { sourceKey: "1", lengthFrames: 50, timingNotes: [] },
      { sourceKey: "2", lengthFrames: 30, timingNotes: [] },
    ]);
    // LeRobot finds every row within its tolerance (1e-4 s).
    expect(Math.max(...made.lerobot.flat().map((r) => r.gap))).toBeLessThan(1e-4);
  });

  it("serves, for every frame of every episode, the picture LeRobot's loader decodes for that row", async () => {
    const dir = freshDir("lerobot-forms-stills");
    const asked: Array<{ label: string; path: string; want: number }> = [];
    for (const [e, rows] of made.lerobot.entries()) {
      const id = episodeIds.get(String(e))!;
      for (const [n, row] of rows.entries()) {
        const res = await call(getFrame as never, { url: `/api/episodes/${id}/frames/${n}`, params: { id: String(id), frame: String(n) }, cookie });
        expect(res.status, `episode ${e} frame ${n}`).toBe(200);
        const file = path.join(dir, `${e}-${n}.jpg`);
        writeFileSync(file, Buffer.from(await res.arrayBuffer()));
        asked.push({ label: `episode ${e} frame ${n}`, path: file, want: row.code });
      }
    }
    const got = JSON.parse(python("tests/python/frame_codes.py", [], JSON.stringify({ images: asked.map((a) => a.path) }))) as { images: Record<string, number> };
    expect(asked.filter((a) => got.images[a.path] !== a.want).map((a) => `${a.label}: still ${got.images[a.path]}, LeRobot ${a.want}`)).toEqual([]);
    expect(asked.length).toBe(120);
  }, 300_000);

  it("pre-fills each episode's subtasks from the form the dataset has, marked with its source", async () => {
    const anns = await db.annotation.findMany({
      where: { annotatorId: null },
      orderBy: { episodeId: "asc" },
      include: { episode: { select: { sourceKey: true, metadata: true } }, segments: { orderBy: { startFrame: "asc" } } },
    });
    expect(anns.map((a) => ({ episode: a.episode.sourceKey, origin: a.origin, segments: a.segments.map((s) => [s.label, s.startFrame, s.endFrame]) }))).toEqual([
      {
        episode: "0",
        origin: "LEROBOT_SUBTASK_INDEX",
        segments: [
          ["grasp the cloth", 0, 11],
          ["wipe the table", 12, 31],
          ["return the cloth", 32, 39],
        ],
      },
      {
        // Subtask rows at 3/30, 20/30 and 41/30 s: each holds from its own frame to the next row's.
        episode: "1",
        origin: "LEROBOT_LANGUAGE",
        segments: [
          ["grasp the cloth", 3, 19],
          ["wipe the table", 20, 40],
          ["return the cloth", 41, 49],
        ],
      },
      {
        // SARM dense: frames int(t * 30) of 0, 0.3, 0.6 and 1.0 s, end frames exclusive.
        episode: "2",
        origin: "LEROBOT_DENSE_SUBTASKS",
        segments: [
          ["reach", 0, 8],
          ["grasp", 9, 17],
          ["wipe", 18, 29],
        ],
      },
    ]);
    // The language rows that are not subtasks, and the events, are kept with the episode.
    const meta = anns[1]!.episode.metadata as { language_persistent: { styles: Record<string, number> }; language_events: { events: unknown[] } };
    expect(meta.language_persistent.styles).toEqual({ task_aug: 1, subtask: 3, plan: 1 });
    expect(meta.language_events.events).toEqual([{ frame: 12, style: "interjection", role: "user", content: "use the other cloth" }]);
  });

  it("gives an annotator who claims the episode those subtasks to start from, with their source", async () => {
    const ids = await seedUsers();
    const u = await db.user.findUniqueOrThrow({ where: { id: ids.get("ANNOTATOR")! } });
    const user = { id: u.id, email: u.email, name: u.name, role: u.role } as SessionUser;
    const { annotationId } = await claimEpisode({ user, episodeId: episodeIds.get("1")! });
    const a = await db.annotation.findUniqueOrThrow({ where: { id: annotationId }, include: { segments: { orderBy: { startFrame: "asc" } } } });
    expect(a.origin).toBe("LEROBOT_LANGUAGE");
    expect(a.segments.map((s) => s.label)).toEqual(["grasp the cloth", "wipe the table", "return the cloth"]);
  });
});
