// npm run bench:ingest — manifest import of 10,000 episodes (two cameras each, three subtasks),
// through the same code path as the UI/API/CLI: read → ffprobe → validate → one transaction.
// Videos: 200 distinct small H.264 files shared by the episodes (as in LeRobot v3, where many
// episodes share one file). The per-file probe rate is printed too, so the cost of datasets
// with one file per episode can be worked out.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { benchDatabase } from "./db";

const EPISODES = Number(process.env.BENCH_EPISODES ?? 10_000);
const FILES = 200;

/**
 * Frame tables of 1,000 distinct files (lib/media/probe.ts: every packet's time, no decoding),
 * four at a time as the import probes them: half 10 s constant-rate H.264 with B-frames, half the
 * frame probe's variable-rate file (tests/fixtures/real-video.ts), each under its own name.
 */
async function frameTables(root: string) {
  const { probeVideo } = await import("../lib/media/probe");
  const { mapPool } = await import("../lib/pool");
  const { buildRealVideoFixture } = await import("../tests/fixtures/real-video");
  const dir = path.join(root, "tables");
  mkdirSync(dir, { recursive: true });
  await buildRealVideoFixture(path.join(dir, "probe"));
  const cbr = path.join(dir, "cbr.mp4");
  execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=30:duration=10", "-c:v", "libx264", "-preset", "veryfast", "-bf", "3", "-pix_fmt", "yuv420p", cbr]);
  const files: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const f = path.join(dir, `f${i}.mp4`);
    copyFileSync(i % 2 ? path.join(dir, "probe", "videos", "vfr.mp4") : cbr, f);
    files.push(f);
  }
  const t0 = performance.now();
  const probes = await mapPool(files, 4, (f) => probeVideo(f));
  const s = (performance.now() - t0) / 1000;
  const lists = probes.filter((p) => p.frameTable.kind === "list").length;
  const frames = probes.reduce((a, p) => a + p.frameCount, 0);
  console.log(`bench:ingest frame_tables files=${files.length} (${lists} variable-rate) frames=${frames} time=${s.toFixed(2)}s rate=${(files.length / s).toFixed(0)} files/s`);
}

async function main() {
  await benchDatabase();
  const root = path.join(process.env.CRITIC_DATA_DIR!, "imports", "bench-ingest");
  rmSync(root, { recursive: true, force: true });
  mkdirSync(path.join(root, "videos"), { recursive: true });
  const seed = path.join(root, "seed.mp4");
  execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=30:duration=10", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", seed]);
  for (let i = 0; i < FILES; i++) copyFileSync(seed, path.join(root, "videos", `v${i}.mp4`));
  const lines: string[] = [];
  for (let i = 0; i < EPISODES; i++) {
    const start = (i % 3) * 3; // three 90-frame episodes per 300-frame file
    lines.push(
      JSON.stringify({
        episode_id: `ep-${i}`,
        task: `Task number ${i % 50}: move object ${i % 50 % 7} to place ${i % 50 % 11}`,
        task_id: `t${i % 50}`,
        environment: ["Sim A", "Sim B", "Real C"][i % 3],
        fps: 30,
        length_frames: 90,
        outcome: ["success", "failure", "unknown"][i % 3],
        cameras: [
          { name: "head", path: `videos/v${i % FILES}.mp4`, start_sec: start, frame_count: 90 },
          { name: "wrist", path: `videos/v${(i + 1) % FILES}.mp4`, start_sec: start, frame_count: 90 },
        ],
        subtasks: [
          { label: "reach", start_frame: 0, end_frame: 29 },
          { label: "grasp", start_frame: 30, end_frame: 59 },
          { label: "place", start_frame: 60, end_frame: 89 },
        ],
      }),
    );
  }
  writeFileSync(path.join(root, "manifest.jsonl"), lines.join("\n") + "\n");
  const { createImportJob, runImportJob } = await import("../lib/imports/run-import");
  const { db } = await import("../lib/db");
  const stages: Record<string, number> = {};
  const t0 = performance.now();
  const job = await createImportJob({ actor: null, path: path.join(root, "manifest.jsonl") });
  const r = await runImportJob(job.id, (p) => {
    stages[String(p.stage)] ??= performance.now() - t0;
  });
  const total = (performance.now() - t0) / 1000;
  if (!r.ok) throw new Error(`import failed: ${JSON.stringify(r.problems?.slice(0, 3))}`);
  const probeSec = ((stages.writing ?? 0) - (stages.probing ?? 0)) / 1000;
  console.log(`bench:ingest episodes=${r.summary!.episodesCreated} cameras=${EPISODES * 2} segments=${EPISODES * 3} distinct_videos=${FILES}`);
  console.log(`bench:ingest read=${((stages.probing ?? 0) / 1000).toFixed(2)}s probe=${probeSec.toFixed(2)}s (${(FILES / probeSec).toFixed(0)} files/s) write=${(total - (stages.writing ?? 0) / 1000).toFixed(2)}s`);
  console.log(`bench:ingest total=${total.toFixed(2)}s target<30s ${total < 30 ? "MET" : "MISSED"}`);
  await frameTables(root);
  const { stopBoss } = await import("../lib/jobs/queue");
  await stopBoss();
  await db.$disconnect();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
