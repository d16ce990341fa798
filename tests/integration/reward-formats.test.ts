// Reward models' output files imported as their tools write them, through the API and the CLI:
// Robometer records, LRM vlm_scores.json (progress, completion, comparison), SARM
// sarm_progress.parquet (written at test time by LeRobot's own writer code, through pyarrow),
// RoboReward answers, and dense per-frame arrays (.npy written by numpy, JSON). Every entry of each
// file is either a stored prediction or a problem of the import: nothing is dropped silently.
// The fixtures are in tests/fixtures/predictions/; their sources are cited in docs/predictions-format.md.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { POST as importRoute } from "@/app/api/runs/import/route";
import { GET as reportRoute } from "@/app/api/runs/[id]/report/route";
import { contrastiveMetrics } from "@/lib/metrics/metrics";
import { call, cookieFor, resetDb } from "./helpers";

const FIX = path.resolve("tests/fixtures/predictions");
const PYTHON = process.env.CRITIC_PYTHON ?? path.resolve(".data/pyenv/bin/python");
const TMP = path.resolve(".data/test-reward-formats");

function makeFiles(spec: unknown): Record<string, unknown> {
  mkdirSync(TMP, { recursive: true });
  const r = spawnSync(PYTHON, [path.resolve("tests/python/make_reward_files.py")], { input: JSON.stringify(spec), encoding: "utf8" });
  if (r.status !== 0) throw new Error(`make_reward_files.py failed: ${r.stderr}`);
  return Object.assign({}, ...r.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as object));
}

type Segs = [number, number, string][];
async function world() {
  const env = await db.environment.create({ data: { slug: "lab", name: "Lab" } });
  const task = await db.task.create({ data: { environmentId: env.id, key: "cup", instruction: "Pick up the green cup" } });
  const lab = await db.source.create({ data: { kind: "MANIFEST", uri: "/data/lab/manifest.jsonl", name: "lab" } });
  const lerobot = await db.source.create({ data: { kind: "LEROBOT_V3", uri: "/data/lab-lerobot", name: "lab-lerobot" } });
  const episode = async (key: string, length: number, outcome: "SUCCESS" | "FAILURE", segments: Segs, sourceId = lab.id) => {
    const e = await db.episode.create({ data: { sourceId, sourceKey: key, environmentId: env.id, taskId: task.id, lengthFrames: length, fps: 10, outcome } });
    await db.annotation.create({
      data: { episodeId: e.id, origin: "MANIFEST", outcome, segments: { create: segments.map(([s, en, label], i) => ({ key: `k${i}`, startFrame: s, endFrame: en, label })) } },
    });
    return e.id;
  };
  const half = (n: number): Segs => [
    [0, Math.floor(n / 2) - 1, "reach"],
    [Math.floor(n / 2), n - 1, "place"],
  ];
  const ids: Record<string, number> = {};
  for (const [key, n, outcome] of [
    ["3f2b8a90", 40, "SUCCESS"],
    ["77c1d0e2", 30, "FAILURE"],
    ["5c9e0d11", 20, "SUCCESS"],
    ["traj_0000_00", 5, "SUCCESS"],
    ["traj_0001_00", 5, "FAILURE"],
    ["ep_0123", 50, "SUCCESS"],
    ["ep_0124", 50, "FAILURE"],
    ["ep_0125", 50, "SUCCESS"],
    ["ep_0126", 50, "SUCCESS"],
    ["ep_7", 40, "SUCCESS"],
    ["ep_8", 40, "FAILURE"],
    // The same key as SARM's episode 0, in another source: SARM's file must say its dataset.
    ["0", 6, "SUCCESS"],
  ] as const) {
    ids[key] = await episode(key, n, outcome, half(n));
  }
  ids["lerobot/0"] = await episode("0", 6, "SUCCESS", half(6), lerobot.id);
  ids["lerobot/1"] = await episode("1", 4, "FAILURE", half(4), lerobot.id);
  return ids;
}

function importFile(cookie: string, file: string, fields: Record<string, string>) {
  const qs = new URLSearchParams({ filename: path.basename(file), ...fields }).toString();
  return call(importRoute as never, {
    method: "POST",
    url: `/api/runs/import?${qs}`,
    cookie,
    headers: { "content-type": "application/octet-stream" },
    rawBody: new Uint8Array(readFileSync(file)),
  });
}

function cli(file: string, args: string[]): { status: number | null; summary: Record<string, unknown> | null; stderr: string } {
  const r = spawnSync(path.resolve("node_modules/.bin/tsx"), ["--conditions=react-server", "cli/index.ts", "predictions", file, ...args], { encoding: "utf8", env: process.env });
  const last = r.stdout.trim().split("\n").pop() ?? "";
  let summary: Record<string, unknown> | null = null;
  try {
    summary = JSON.parse(last) as Record<string, unknown>;
  } catch {
    summary = null;
  }
  return { status: r.status, summary, stderr: r.stderr };
}

const predictions = (runId: number, episodeId: number) => db.prediction.findMany({ where: { runId, episodeId }, orderBy: [{ queryFrame: "asc" }, { questionType: "asc" }] });

let cookie: string;
let ids: Record<string, number>;
beforeEach(async () => {
  await resetDb();
  cookie = await cookieFor("RESEARCHER");
  ids = await world();
});

describe("reward-model files through the API", () => {
  it("Robometer records: asks for the frame mapping, then keeps every value with its success probability", async () => {
    const file = path.join(FIX, "robometer-results.json");
    const ask = await importFile(cookie, file, { run: "rbm", modelName: "Robometer-4B" });
    expect(ask.status).toBe(400);
    const question = await ask.json();
    expect(question.detail).toMatch(/episode 3f2b8a90: 8 values, 40 frames/);
    expect(question.invalid_params.map((p: { name: string }) => p.name)).toEqual(["frames"]);
    expect(await db.predictionRun.count()).toBe(0);

    const res = await importFile(cookie, file, { run: "rbm", modelName: "Robometer-4B", frames: "linspace-rint" });
    expect(res.status).toBe(200);
    const body = await res.json();
    // 8 + 30 whole-trajectory values and 2 frame-step prefixes; record 5 ("nan") is the one problem.
    expect(body).toMatchObject({ format: "robometer", created: 40, problemCount: 1 });
    expect(body.problems[0].message).toMatch(/^record 5: progress_pred is "nan"/);
    const run = await db.predictionRun.findUniqueOrThrow({ where: { id: body.run.id } });
    expect(run).toMatchObject({ progressScale: 1, causal: false, origin: "robometer" });
    const a = await predictions(run.id, ids["3f2b8a90"]!);
    const made = makeFiles({ linspace: [{ length: 40, n: 8 }] }) as { linspace: Record<string, { rint: number[] }> };
    expect(a.map((p) => p.queryFrame)).toEqual(made.linspace["40/8"]!.rint);
    expect(a.every((p) => !p.causal && p.sampledFrames.join() === made.linspace["40/8"]!.rint.join())).toBe(true);
    expect(a.map((p) => p.successProb)).toEqual([0.005, 0.001, 0.001, 0.002, 0.005, 0.058, 0.414, 0.973]);
    expect(a.map((p) => p.progress)).toEqual([4.9, 13.9, 24.9, 35, 51.1, 68.8, 82.2, 91.2]);
    expect((await predictions(run.id, ids["77c1d0e2"]!)).map((p) => p.queryFrame)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const steps = await predictions(run.id, ids["5c9e0d11"]!);
    expect(steps.map((p) => [p.queryFrame, p.progress, p.causal])).toEqual([
      [8, 30, true],
      [16, 60, true],
    ]);
  });

  it("LRM vlm_scores.json in its three modes; the comparison run gets its own metrics", async () => {
    const progress = await (await importFile(cookie, path.join(FIX, "lrm-vlm-scores-progress.json"), { run: "lrm-p", modelName: "Qwen2.5-VL-7B (LRM)" })).json();
    expect(progress).toMatchObject({ format: "lrm-vlm-scores", created: 9, problemCount: 1 });
    const p0 = await predictions(progress.run.id, ids["traj_0000_00"]!);
    expect(p0.map((p) => p.progress)).toEqual([0, 30, 60, 100, 100]);
    expect(p0.every((p) => p.causal && p.questionType === "PROGRESS")).toBe(true);

    const completion = await (await importFile(cookie, path.join(FIX, "lrm-vlm-scores-completion.json"), { run: "lrm-c", modelName: "Qwen2.5-VL-7B (LRM)" })).json();
    expect(completion).toMatchObject({ created: 9, problemCount: 1 });
    expect((await predictions(completion.run.id, ids["traj_0000_00"]!)).map((p) => [p.questionType, p.value])).toEqual([
      ["COMPLETION", 0],
      ["COMPLETION", 0],
      ["COMPLETION", 0],
      ["COMPLETION", 1],
      ["COMPLETION", 1],
    ]);

    const comparison = await (await importFile(cookie, path.join(FIX, "lrm-vlm-scores-comparison.json"), { run: "lrm-x", modelName: "Qwen2.5-VL-7B (LRM)" })).json();
    expect(comparison).toMatchObject({ created: 9, problemCount: 1 });
    expect(comparison.problems[0].message).toMatch(/trajectory 2 .*comparison_scores\[4\]: t=4: no score/);
    const rows = await db.prediction.findMany({ where: { runId: comparison.run.id }, include: { episode: { select: { outcome: true } } }, orderBy: [{ episodeId: "asc" }, { queryFrame: "asc" }] });
    expect(rows.map((r) => [r.queryFrame, r.referenceFrame, r.value])).toEqual([
      [0, 0, 0],
      [1, 0, 1],
      [2, 1, 1],
      [3, 2, 1],
      [4, 3, -1],
      [0, 0, 0],
      [1, 0, 1],
      [2, 1, -1],
      [3, 2, 0],
    ]);
    // Ground truth at both frames of each comparison, from the episode's annotation.
    expect(rows.every((r) => r.gtProgress !== null && r.gtReference !== null)).toBe(true);
    expect(rows.filter((r) => r.queryFrame === r.referenceFrame).every((r) => r.gtProgress === r.gtReference)).toBe(true);
    const report = await (await call(reportRoute as never, { url: `/api/runs/${comparison.run.id}/report`, params: { id: String(comparison.run.id) }, cookie })).json();
    const all = report.splits.find((s: { split: string }) => s.split === "ALL");
    const byEpisode = [ids["traj_0000_00"], ids["traj_0001_00"]].map((id) => rows.filter((r) => r.episodeId === id));
    const expected = contrastiveMetrics(
      byEpisode.map((l) => ({ success: l[0]!.episode.outcome === "SUCCESS", answers: l.map((r) => r.value!), truth: l.map((r) => r.gtProgress! - r.gtReference!) })),
    );
    expect(all.contrastive).toEqual({ ...expected, missing: 0 });
    expect(all.contrastive).toMatchObject({ trajectories: 2, comparisons: 9 });
    // A comparison run has no progress answers: its progress metrics are empty, not zero.
    expect(all.progress.answered).toBe(0);
  });

  it("a re-import keeps the run's frame mapping and moves a comparison's reference-frame ground truth", async () => {
    const file = path.join(FIX, "robometer-results.json");
    expect((await importFile(cookie, file, { run: "rbm2", modelName: "Robometer-4B", frames: "linspace-rint" })).status).toBe(200);
    // Another rule would put the same values on other frames beside the old ones: refused.
    const other = await importFile(cookie, file, { run: "rbm2", frames: "linspace-int" });
    expect(other.status).toBe(409);
    expect((await other.json()).detail).toMatch(/imported with frames "linspace-rint"; this import says "linspace-int"/);
    // Without the field, the run's own mapping is used: nothing changes.
    expect(await (await importFile(cookie, file, { run: "rbm2" })).json()).toMatchObject({ created: 0, updated: 0, unchanged: 40 });

    // An LRM comparison file made with comparison_interval 2 instead of 1: same frames, new reference frames.
    const cmp = path.join(FIX, "lrm-vlm-scores-comparison.json");
    const first = await (await importFile(cookie, cmp, { run: "cmp", modelName: "LRM" })).json();
    const doc = JSON.parse(readFileSync(cmp, "utf8"));
    for (const t of doc.trajectories) t.comparison_scores = t.comparison_scores.filter((e: { t: number }) => e.t % 2 === 0);
    mkdirSync(TMP, { recursive: true });
    const every2 = path.join(TMP, "vlm_scores_k2.json");
    (await import("node:fs")).writeFileSync(every2, JSON.stringify(doc));
    const again = await (await importFile(cookie, every2, { run: "cmp" })).json();
    // Frames 2 and 4 of the first trajectory and 2 of the second now compare with t − 2; t = 4 of the second has no score.
    expect(again).toMatchObject({ created: 0, updated: 3, unchanged: 2, problemCount: 1 });
    const row = await db.prediction.findFirstOrThrow({ where: { runId: first.run.id, episodeId: ids["traj_0000_00"]!, queryFrame: 2 } });
    const gtAt0 = await db.prediction.findFirstOrThrow({ where: { runId: first.run.id, episodeId: ids["traj_0000_00"]!, queryFrame: 0 } });
    expect(row.referenceFrame).toBe(0);
    expect(row.gtReference).toBe(gtAt0.gtProgress);
  });

  it("SARM sarm_progress.parquet written by LeRobot's writer: asks for the head and the dataset, NaN is a problem", async () => {
    const file = path.join(TMP, "sarm_progress.parquet");
    const sparse = [0.012, 0.015, null, 0.3, 0.6, 1.0, 0.004, 0.01, 0.02, 0.05];
    const dense = [0.01, 0.2, 0.35, 0.5, 0.75, 0.95, 0.0, 0.1, 0.15, 0.3];
    const made = makeFiles({
      sarm: {
        path: file,
        episodes: { "0": { progress_sparse: sparse.slice(0, 6), progress_dense: dense.slice(0, 6) }, "1": { progress_sparse: sparse.slice(6), progress_dense: dense.slice(6) } },
      },
    }) as { sarm: Record<string, (number | null)[]> };
    const ask = await importFile(cookie, file, { run: "sarm", modelName: "SARM" });
    expect(ask.status).toBe(400);
    expect((await ask.json()).invalid_params[0].name).toBe("column");

    // Without the dataset, episode "0" is in two sources: each of its rows is a problem that says so.
    const noSource = await (await importFile(cookie, file, { run: "sarm-s", modelName: "SARM", column: "progress_sparse" })).json();
    expect(noSource).toMatchObject({ format: "sarm-progress", created: 4, problemCount: 6 });
    expect(noSource.problems[0].message).toMatch(/the key "0" exists in 2 sources.*add "source"/);

    const res = await (await importFile(cookie, file, { run: "sarm-s2", modelName: "SARM", column: "progress_sparse", source: "lab-lerobot" })).json();
    // 10 rows: 9 predictions, and the NaN one is a problem.
    expect(res).toMatchObject({ created: 9, problemCount: 1 });
    expect(res.problems[0].message).toMatch(/row 3 \(episode_index 0, frame_index 2\): progress_sparse has no value \(null: SARM's mark/);
    const ep0 = await predictions(res.run.id, ids["lerobot/0"]!);
    // The stored values are the file's float32 values, exactly as pyarrow reads them back.
    expect(ep0.map((p) => p.value)).toEqual(made.sarm.progress_sparse!.slice(0, 6).filter((v) => v !== null));
    expect(ep0.every((p) => !p.causal)).toBe(true);
    const dense0 = await (await importFile(cookie, file, { run: "sarm-d", modelName: "SARM", column: "progress_dense", source: "lab-lerobot" })).json();
    expect(dense0).toMatchObject({ created: 10, problemCount: 0 });
  });

  it("RoboReward answers: 1–5 mapped to (s − 1) / 4 at the last frame; unreadable scores are counted problems", async () => {
    const res = await (await importFile(cookie, path.join(FIX, "roboreward-results.jsonl"), { run: "rr", modelName: "RoboReward-8B" })).json();
    expect(res).toMatchObject({ format: "roboreward", created: 4, problemCount: 2 });
    expect(res.problems.map((p: { message: string }) => p.message)).toEqual([
      expect.stringMatching(/^line 3: answer not scored \(out_of_range\): score "7" is not a whole number from 1 to 5/),
      expect.stringMatching(/^line 4: answer not scored \(no_answer\): no "ANSWER: n"/),
    ]);
    const [p] = await predictions(res.run.id, ids["ep_0123"]!);
    expect(p).toMatchObject({ queryFrame: 49, value: 0.75, progress: 75, referenceAnswer: "4 of 5" });
    expect(p!.rawOutput).toMatch(/lid is off\.\nANSWER: 4$/);
  });

  it("dense arrays: asks for the frames and the scale, then maps them as numpy does", async () => {
    const json = path.join(FIX, "dense-scores.json");
    const noFrames = await importFile(cookie, json, { run: "dense", modelName: "VLAC" });
    expect(noFrames.status).toBe(400);
    expect((await noFrames.json()).invalid_params[0].name).toBe("frames");
    const noScale = await importFile(cookie, json, { run: "dense", modelName: "VLAC", frames: "0, 8, 16, 24, 32, 39" });
    expect(noScale.status).toBe(400);
    expect((await noScale.json()).invalid_params[0].name).toBe("scale");
    const res = await (await importFile(cookie, json, { run: "dense", modelName: "VLAC", frames: "0, 8, 16, 24, 32, 39", scale: "1" })).json();
    expect(res).toMatchObject({ format: "dense-array", created: 11, problemCount: 1 });
    expect((await predictions(res.run.id, ids["ep_7"]!)).map((p) => [p.queryFrame, p.progress])).toEqual([
      [0, 0],
      [8, 10],
      [16, 25],
      [24, 50],
      [32, 80],
      [39, 100],
    ]);

    const npy = path.join(TMP, "ep_7_rewards.npy");
    const values = [0.0, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.7, 0.85, 0.95];
    const made = makeFiles({ npy: [{ path: npy, values }], linspace: [{ length: 40, n: 10 }] }) as { linspace: Record<string, { int: number[] }> };
    const r2 = await (await importFile(cookie, npy, { run: "dense-npy", modelName: "Robometer-4B", frames: "linspace-int", scale: "1" })).json();
    expect(r2).toMatchObject({ format: "dense-array", created: 10, problemCount: 0 });
    const rows = await predictions(r2.run.id, ids["ep_7"]!);
    expect(rows.map((p) => p.queryFrame)).toEqual(made.linspace["40/10"]!.int);
    expect(rows.map((p) => p.value)).toEqual(values.map((v) => Math.fround(v)));
  });
});

describe("the same files through the CLI", () => {
  it("imports each with the same counts as the API, and exits 1 when the file had problems", async () => {
    const sarm = path.join(TMP, "sarm_progress_cli.parquet");
    makeFiles({ sarm: { path: sarm, episodes: { "1": { progress_sparse: [0.004, 0.01, null, 0.05] } } } });
    const cases: Array<[string, string[], { created: number; problemCount: number }]> = [
      [path.join(FIX, "robometer-results.json"), ["--frames", "linspace-rint"], { created: 40, problemCount: 1 }],
      [path.join(FIX, "lrm-vlm-scores-progress.json"), [], { created: 9, problemCount: 1 }],
      [path.join(FIX, "lrm-vlm-scores-completion.json"), [], { created: 9, problemCount: 1 }],
      [path.join(FIX, "lrm-vlm-scores-comparison.json"), [], { created: 9, problemCount: 1 }],
      [path.join(FIX, "roboreward-results.jsonl"), [], { created: 4, problemCount: 2 }],
      [path.join(FIX, "dense-scores.json"), ["--frames", "0,8,16,24,32,39", "--scale", "1"], { created: 11, problemCount: 1 }],
      [sarm, ["--source", "lab-lerobot"], { created: 3, problemCount: 1 }],
    ];
    for (const [i, [file, args, expected]] of cases.entries()) {
      const r = cli(file, ["--run", `cli-${i}`, "--model", "M", ...args]);
      expect(r.summary, `${path.basename(file)}: ${r.stderr}`).toMatchObject(expected);
      expect(r.status).toBe(1);
      // Every problem is printed with the file and its place.
      expect(r.stderr.trim().split("\n")).toHaveLength(expected.problemCount);
    }
    // A question is a usage error with the reason, and nothing is written.
    const ask = cli(path.join(FIX, "robometer-results.json"), ["--run", "cli-ask", "--model", "M"]);
    expect(ask.status).not.toBe(0);
    expect(ask.stderr).toMatch(/Say which frames they are/);
    expect(await db.predictionRun.count({ where: { name: "cli-ask" } })).toBe(0);
  }, 120_000);
});
