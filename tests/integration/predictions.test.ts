// Model predictions against PostgreSQL: importing runs (line-numbered problems, idempotent
// re-import, PRIMO files), ground truth kept current after annotation edits with the change
// log the leaderboard shows, the leaderboard's SQL figures against the pure metrics module,
// benchmark splits, chain reviews with optimistic concurrency, and deleting runs. Expected
// values are worked out by hand in the comments.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedUsers } from "@/prisma/seed/users";
import { createSession, SESSION_COOKIE } from "@/lib/auth/session";
import type { Role } from "@/lib/auth/roles";
import { POST as importRoute } from "@/app/api/runs/import/route";
import { GET as runsRoute } from "@/app/api/runs/route";
import { DELETE as deleteRunRoute, PATCH as patchRunRoute } from "@/app/api/runs/[id]/route";
import { GET as reportRoute } from "@/app/api/runs/[id]/report/route";
import { GET as predictionRoute } from "@/app/api/predictions/[id]/route";
import { GET as queueRoute } from "@/app/api/predictions/route";
import { PUT as reviewRoute } from "@/app/api/predictions/[id]/review/route";
import { GET as leaderboardRoute } from "@/app/api/leaderboard/route";
import { POST as seenRoute } from "@/app/api/leaderboard/seen/route";
import { GET as comparisonRoute } from "@/app/api/episodes/[id]/comparison/route";
import { PUT as saveAnnotationRoute } from "@/app/api/annotations/[id]/route";
import { POST as transitionRoute } from "@/app/api/annotations/[id]/transitions/route";
import { POST as claimRoute } from "@/app/api/episodes/[id]/claim/route";
import { progressMetrics } from "@/lib/metrics/metrics";
import type { Leaderboard } from "@/lib/metrics/leaderboard";
import { call, resetDb } from "./helpers";

type People = Record<Role, { id: number; cookie: string }>;
async function people(): Promise<People> {
  const ids = await seedUsers();
  const out = {} as People;
  for (const [role, id] of ids) out[role] = { id, cookie: `${SESSION_COOKIE}=${(await createSession(id)).token}` };
  return out;
}

/** Environment "Lab" with task "Stack" (200-frame episodes with an imported two-step annotation: [0,99] reach, [100,199] place). */
async function world() {
  const env = await db.environment.create({ data: { slug: "lab", name: "Lab" } });
  const task = await db.task.create({ data: { environmentId: env.id, key: "stack", instruction: "Stack the cubes" } });
  const source = await db.source.create({ data: { kind: "MANIFEST", uri: "/data/lab/manifest.jsonl", name: "lab" } });
  const episode = async (key: string, opts: { segments?: [number, number, string][]; outcome?: "SUCCESS" | "FAILURE"; tags?: string[]; envId?: number; taskId?: number } = {}) => {
    const e = await db.episode.create({
      data: { sourceId: source.id, sourceKey: key, environmentId: opts.envId ?? env.id, taskId: opts.taskId ?? task.id, lengthFrames: 200, fps: 30, splitTags: opts.tags ?? [] },
    });
    if (opts.segments) {
      await db.annotation.create({
        data: {
          episodeId: e.id,
          origin: "MANIFEST",
          outcome: opts.outcome ?? "SUCCESS",
          segments: { create: opts.segments.map(([s, en, label], i) => ({ key: `k${i}`, startFrame: s, endFrame: en, label })) },
        },
      });
    }
    return e.id;
  };
  return { env, task, source, episode };
}

const TWO_STEPS: [number, number, string][] = [
  [0, 99, "reach"],
  [100, 199, "place"],
];

function importText(cookie: string, text: string, fields: Record<string, string>) {
  const qs = new URLSearchParams(fields).toString();
  return call(importRoute as never, { method: "POST", url: `/api/runs/import?${qs}`, cookie, headers: { "content-type": "application/x-ndjson" }, rawBody: text });
}

const out = (p: number) => `<think><planning>plan</planning><observation>obs</observation><reasoning>why</reasoning></think><answer>${p}</answer>`;
const line = (o: Record<string, unknown>) => JSON.stringify(o);

let P: People;
beforeEach(async () => {
  await resetDb();
  P = await people();
});

describe("importing predictions", () => {
  it("imports good lines, reports bad ones with their line numbers, and is idempotent", async () => {
    const w = await world();
    const ep = await w.episode("ep-1", { segments: TWO_STEPS });
    const text = [
      line({ episode_id: ep, query_frame: 50, output: out(30) }),
      "{ not json",
      line({ episode: "ep-1", query_frame: 150, output: out(70), sampled_frames: [0, 50, 100, 150] }),
      line({ episode_id: ep, query_frame: 199, output: out(100) }),
      line({ episode_id: 999999, query_frame: 10, output: out(5) }),
      line({ episode_id: ep, query_frame: 200, output: out(5) }),
      line({ episode_id: ep, query_time: 3.34, output: "<answer>45%</answer>" }),
    ].join("\n");
    const res = await importText(P.RESEARCHER.cookie, text, { run: "primo-a", modelName: "PRIMO-R1-7B" });
    expect(res.status).toBe(200);
    const body = await res.json();
    // Line 7 is imported (its text is kept) but its answer "45%" is not scored: that is a problem too.
    expect(body).toMatchObject({ created: 4, updated: 0, unchanged: 0, problemCount: 4 });
    expect(body.problems.map((p: { line: number }) => p.line)).toEqual([2, 5, 6, 7]);
    expect(body.problems[1].message).toMatch(/no episode with id 999999/);
    expect(body.problems[2].message).toMatch(/outside the episode \(frames 0–199\)/);
    expect(body.problems[3].message).toMatch(/^line 7: answer not scored \(percent_sign\)/);

    const rows = await db.prediction.findMany({ orderBy: { queryFrame: "asc" } });
    // query_time 3.34 s at 30 fps is frame floor(100.2) = 100.
    expect(rows.map((r) => r.queryFrame)).toEqual([50, 100, 150, 199]);
    const at = (f: number) => rows.find((r) => r.queryFrame === f)!;
    // Ground truth, equal shares: frame 50 = 50·(50/99) = 25.2525…; frame 150 = 50 + 50·(50/99) = 75.2525…; 199 = 100; 100 = start of step 2 = 50.
    expect(at(50).gtProgress).toBeCloseTo(2500 / 99, 9);
    expect(at(150).gtProgress).toBeCloseTo(50 + 2500 / 99, 9);
    expect(at(199).gtProgress).toBe(100);
    expect(at(100).gtProgress).toBe(50);
    // "45%" is flagged, not read as 45 or 0.45.
    expect(at(100)).toMatchObject({ value: null, progress: null, parseFlag: "percent_sign", formatOk: false });
    expect(at(150)).toMatchObject({ progress: 70, formatOk: true, sampledFrames: [0, 50, 100, 150], planning: "plan" });

    const again = await (await importText(P.RESEARCHER.cookie, text, { run: "primo-a" })).json();
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 4, run: { created: false } });
    expect(await db.prediction.count()).toBe(4);

    // A changed output on re-import updates that one row.
    const changed = text.replace(out(30), out(35));
    expect(await (await importText(P.RESEARCHER.cookie, changed, { run: "primo-a" })).json()).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    expect((await db.prediction.findFirst({ where: { queryFrame: 50 } }))!.progress).toBe(35);
  });

  it("refuses a file with nothing usable, a scale clash and annotators", async () => {
    const w = await world();
    await w.episode("ep-1", { segments: TWO_STEPS });
    const bad = await importText(P.RESEARCHER.cookie, "nonsense\n", { run: "x", modelName: "m" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).detail).toMatch(/Nothing could be imported/);
    await importText(P.RESEARCHER.cookie, line({ episode: "ep-1", query_frame: 5, output: "0.5" }), { run: "lrm", modelName: "LRM", scale: "1" });
    const clash = await importText(P.RESEARCHER.cookie, line({ episode: "ep-1", query_frame: 6, output: "50" }), { run: "lrm", scale: "100" });
    expect(clash.status).toBe(409);
    const annotator = await importText(P.ANNOTATOR.cookie, line({ episode: "ep-1", query_frame: 5, output: "5" }), { run: "y", modelName: "m" });
    expect(annotator.status).toBe(403);
  });

  it("asks for the scale when every answer fits 0–1, reads numeric outputs, and reports every unscored answer", async () => {
    const w = await world();
    const ep = await w.episode("ep-1", { segments: TWO_STEPS });
    // A reward model's per-frame scores, as numbers, on 0–1; the file does not say its scale.
    const scores = [0, 0.25, 0.5, 0.75, 1].map((s, i) => line({ episode_id: ep, query_frame: i * 49, output: s }));
    const asked = await importText(P.RESEARCHER.cookie, scores.join("\n"), { run: "rm", modelName: "RM" });
    expect(asked.status).toBe(400);
    const question = await asked.json();
    expect(question.detail).toMatch(/lies between 0 and 1 \(5 answers\): are they on the 0–1 scale\?/);
    expect(question.invalid_params).toEqual([expect.objectContaining({ name: "scale" })]);
    expect(await db.predictionRun.count()).toBe(0);

    const told = await (await importText(P.RESEARCHER.cookie, scores.join("\n"), { run: "rm", modelName: "RM", scale: "1" })).json();
    expect(told).toMatchObject({ created: 5, problemCount: 0 });
    expect((await db.prediction.findMany({ orderBy: { queryFrame: "asc" } })).map((p) => p.progress)).toEqual([0, 25, 50, 75, 100]);

    // Answers above 1 make it 0–100; the fractions among them are kept, flagged and reported.
    const mixed = [line({ episode_id: ep, query_frame: 10, output: out(40) }), line({ episode_id: ep, query_frame: 20, output: "0.5" }), line({ episode_id: ep, query_frame: 30, output: 60 })];
    const m = await (await importText(P.RESEARCHER.cookie, mixed.join("\n"), { run: "mixed", modelName: "M" })).json();
    expect(m).toMatchObject({ created: 3, problemCount: 1 });
    expect(m.problems[0]).toMatchObject({ line: 2, message: expect.stringMatching(/answer not scored \(scale_mismatch\)/) });
    const run = await db.predictionRun.findUniqueOrThrow({ where: { name: "mixed" } });
    expect(run.progressScale).toBe(100);
    expect((await db.prediction.findMany({ where: { runId: run.id }, orderBy: { queryFrame: "asc" } })).map((p) => p.progress)).toEqual([40, null, 60]);
  });

  it("keeps a full-trajectory model's lines, marked non-causal, and tells its run apart on the leaderboard", async () => {
    const w = await world();
    const ep = await w.episode("ep-1", { segments: TWO_STEPS });
    const all = Array.from({ length: 200 }, (_, f) => f).filter((f) => f % 50 === 0);
    // A dense reward model scores frame 50 having seen the whole episode.
    const late = line({ episode_id: ep, query_frame: 50, output: "30", sampled_frames: all });
    const refused = await (await importText(P.RESEARCHER.cookie, [late, line({ episode_id: ep, query_frame: 60, output: "35" })].join("\n"), { run: "causal-claim", modelName: "RM" })).json();
    expect(refused).toMatchObject({ created: 1, problemCount: 1 });
    expect(refused.problems[0].message).toMatch(/sampled frame 100 is not between 0 and the query frame 50.*"full_trajectory": true/);

    const dense = [0, 50, 100, 150].map((f) => line({ episode_id: ep, query_frame: f, output: String(f / 2), sampled_frames: all, full_trajectory: true }));
    const kept = await (await importText(P.RESEARCHER.cookie, dense.join("\n"), { run: "dense", modelName: "RM" })).json();
    expect(kept).toMatchObject({ created: 4, problemCount: 0 });
    const run = await db.predictionRun.findUniqueOrThrow({ where: { name: "dense" } });
    expect((await db.prediction.findMany({ where: { runId: run.id } })).every((p) => !p.causal)).toBe(true);
    expect(run.causal).toBe(false);
    expect((await db.predictionRun.findUniqueOrThrow({ where: { name: "causal-claim" } })).causal).toBe(true);
    // Outside the episode is still refused.
    const outside = await (await importText(P.RESEARCHER.cookie, line({ episode_id: ep, query_frame: 5, output: "3", sampled_frames: [0, 250], full_trajectory: true }), { run: "dense" })).json();
    expect(outside.problems[0].message).toMatch(/sampled frame 250 is outside the episode/);

    const board = async (qs: string) => ((await (await call(leaderboardRoute as never, { url: `/api/leaderboard${qs}`, cookie: P.RESEARCHER.cookie })).json()) as Leaderboard).splits.flatMap((s) => s.rows);
    const rows = await board("");
    expect(rows.map((r) => [r.runName, r.causal])).toEqual([["causal-claim", true], ["dense", false]]);
    expect((await board("?causality=causal")).map((r) => r.runName)).toEqual(["causal-claim"]);
    expect((await board("?causality=full-trajectory")).map((r) => r.runName)).toEqual(["dense"]);
  });

  it("reads PRIMO evaluation output, placing records with a path pattern", async () => {
    const w = await world();
    const ep = await w.episode("ep-7", { segments: TWO_STEPS });
    const results = {
      results: [
        { problem: "How much of the task has been completed?", problem_type: "numerical", solution: "<answer>25</answer>", path: "./clips/ep-7_50.mp4", output: out(24) },
        { problem: "Done?", problem_type: "multiple choice", solution: "<answer>A</answer>", path: "./clips/ep-7_60.mp4", output: "<answer>A</answer>" },
        { problem: "How far?", problem_type: "numerical", solution: "<answer>75</answer>", path: "./clips/ep-7_150.mp4", output: out(80) },
      ],
      final_acc: [{ mean_mra: 0.9 }],
    };
    const res = await importText(P.RESEARCHER.cookie, JSON.stringify(results), { run: "primo-eval", modelName: "PRIMO-R1-7B", pathPattern: "(?<episode>ep-\\d+)_(?<frame>\\d+)\\.mp4$" });
    const body = await res.json();
    expect(body).toMatchObject({ format: "primo-results", created: 2, problemCount: 1 });
    expect(body.problems[0]).toMatchObject({ line: 2 });
    const rows = await db.prediction.findMany({ where: { episodeId: ep }, orderBy: { queryFrame: "asc" } });
    expect(rows.map((r) => [r.queryFrame, r.progress, r.referenceAnswer, r.question])).toEqual([
      [50, 24, "25", "How much of the task has been completed?"],
      [150, 80, "75", "How far?"],
    ]);
  });
});

describe("ground truth follows annotation edits", () => {
  it("keeps the imported annotation until better work is submitted, then logs what moved and shows it on the leaderboard", async () => {
    const w = await world();
    const ep = await w.episode("ep-1", { segments: TWO_STEPS });
    await importText(P.RESEARCHER.cookie, [50, 150].map((f) => line({ episode_id: ep, query_frame: f, output: out(f === 50 ? 25 : 75) })).join("\n"), { run: "r", modelName: "m" });
    const lb = async (cookie = P.RESEARCHER.cookie) => (await (await call(leaderboardRoute as never, { url: "/api/leaderboard", cookie })).json()) as Leaderboard;
    const before = await lb();
    // |25 − 25.2525| and |75 − 75.2525| → MAE 0.2525…
    const cell0 = before.splits[0]!.rows[0]!.cells[w.env.id]!;
    expect(cell0.mae).toBeCloseTo(25 / 99, 9);
    expect(cell0.previous).toBeUndefined();
    expect(before.changes).toMatchObject({ since: 0, latest: 0 });

    // An annotator claims the episode (a copy of the import) and moves the boundary to 49/50.
    const claim = await (await call(claimRoute as never, { method: "POST", url: `/api/episodes/${ep}/claim`, params: { id: String(ep) }, cookie: P.ANNOTATOR.cookie })).json();
    const annId = claim.claimed.annotationId as number;
    const snapshot = {
      segments: [
        { key: "a", startFrame: 0, endFrame: 49, label: "reach" },
        { key: "b", startFrame: 50, endFrame: 199, label: "place" },
      ],
      outcome: "SUCCESS",
      failureReason: null,
      note: "",
      qualityFlags: [],
    };
    const saved = await call(saveAnnotationRoute as never, { method: "PUT", url: `/api/annotations/${annId}`, params: { id: String(annId) }, body: { baseVersion: 1, snapshot }, cookie: P.ANNOTATOR.cookie });
    expect(saved.status, await saved.clone().text()).toBe(200);
    // Work in progress does not outrank the imported annotation: nothing moved.
    const mid = await lb();
    expect(mid.changes.latest).toBe(0);
    expect(mid.splits[0]!.rows[0]!.cells[w.env.id]!.mae).toBeCloseTo(25 / 99, 9);

    const submitted = await call(transitionRoute as never, { method: "POST", url: `/api/annotations/${annId}/transitions`, params: { id: String(annId) }, body: { action: "submit" }, cookie: P.ANNOTATOR.cookie });
    expect(submitted.status).toBe(200);
    const after = await lb();
    // New truth: frame 50 = start of step 2 = 50; frame 150 = 50 + 50·(100/149) = 83.5570…
    // MAE = (|25 − 50| + |75 − 83.5570…|)/2 = (25 + 8.5570…)/2.
    const cell = after.splits[0]!.rows[0]!.cells[w.env.id]!;
    expect(cell.mae).toBeCloseTo((25 + (50 + 5000 / 149 - 75)) / 2, 9);
    expect(cell.previous?.mae).toBeCloseTo(25 / 99, 9);
    expect(after.changes.episodes).toEqual([expect.objectContaining({ episodeId: ep, episodeKey: "ep-1", predictions: 2 })]);
    const change = await db.gtChange.findFirstOrThrow({ include: { items: { orderBy: { predictionId: "asc" } } } });
    expect(change).toMatchObject({ annotationId: annId, authorId: P.ANNOTATOR.id, predictions: 2 });
    expect(change.items.map((i) => [i.before, i.after])).toEqual([
      [expect.closeTo(2500 / 99, 9), 50],
      [expect.closeTo(50 + 2500 / 99, 9), expect.closeTo(50 + 5000 / 149, 9)],
    ]);
    // The prediction says what its ground truth was before.
    const pred = await db.prediction.findFirstOrThrow({ where: { queryFrame: 50 } });
    const detail = await (await call(predictionRoute as never, { url: `/api/predictions/${pred.id}`, params: { id: String(pred.id) }, cookie: P.RESEARCHER.cookie })).json();
    expect(detail.prediction.gtChanges[0]).toMatchObject({ before: expect.closeTo(2500 / 99, 9), after: 50 });
    expect(detail.prediction.reward).toBeCloseTo(0.75, 9); // 1 − |25 − 50|/100

    // Acknowledged changes stop showing; another user still sees them.
    expect((await call(seenRoute as never, { method: "POST", url: "/api/leaderboard/seen", body: { changeId: after.changes.latest }, cookie: P.RESEARCHER.cookie })).status).toBe(200);
    expect((await lb()).splits[0]!.rows[0]!.cells[w.env.id]!.previous).toBeUndefined();
    expect((await lb(P.LEAD.cookie)).splits[0]!.rows[0]!.cells[w.env.id]!.previous?.mae).toBeCloseTo(25 / 99, 9);
  });

  it("recomputes when a task's weighting changes", async () => {
    const w = await world();
    const ep = await w.episode("ep-1", { segments: [[0, 49, "reach"], [50, 199, "place"]] });
    await importText(P.RESEARCHER.cookie, line({ episode_id: ep, query_frame: 49, output: out(50) }), { run: "r", modelName: "m" });
    expect((await db.prediction.findFirstOrThrow()).gtProgress).toBe(50);
    const { PATCH } = await import("@/app/api/tasks/[id]/route");
    const res = await call(PATCH as never, { method: "PATCH", url: `/api/tasks/${w.task.id}`, params: { id: String(w.task.id) }, body: { progressWeighting: "DURATION" }, cookie: P.LEAD.cookie });
    expect(res.status).toBe(200);
    await call(leaderboardRoute as never, { url: "/api/leaderboard", cookie: P.RESEARCHER.cookie });
    // Duration shares: reach 50 frames of 200 → 25 % at its last frame.
    expect((await db.prediction.findFirstOrThrow()).gtProgress).toBe(25);
  });
});

describe("leaderboard figures", () => {
  it("match the pure metrics module on the same samples, per split and interval", async () => {
    const w = await world();
    // Env "Lab": task Stack has training episodes → its untagged episodes are in-domain; task
    // "Pour" has none → OOD cross-task. Env "Street" has no training data → OOD cross-environment.
    const pour = await db.task.create({ data: { environmentId: w.env.id, key: "pour", instruction: "Pour" } });
    const street = await db.environment.create({ data: { slug: "street", name: "Street" } });
    const walk = await db.task.create({ data: { environmentId: street.id, key: "walk", instruction: "Walk" } });
    await w.episode("train-1", { segments: TWO_STEPS, tags: ["train"] });
    const ids = {
      ID: [await w.episode("id-1", { segments: TWO_STEPS }), await w.episode("id-2", { segments: [[0, 59, "reach"], [60, 139, "grasp"], [140, 199, "place"]] })],
      OOD_CROSS_TASK: [await w.episode("t-1", { segments: TWO_STEPS, taskId: pour.id }), await w.episode("t-2", { segments: TWO_STEPS, taskId: pour.id, outcome: "FAILURE" })],
      OOD_CROSS_ENV: [await w.episode("e-1", { segments: TWO_STEPS, envId: street.id, taskId: walk.id }), await w.episode("e-2", { segments: TWO_STEPS, envId: street.id, taskId: walk.id, tags: ["In-Domain"] })],
    };
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const lines: string[] = [];
    for (const list of Object.values(ids)) {
      for (const ep of list) {
        for (const f of [0, 10, 40, 80, 99, 120, 160, 199]) {
          const r = rand();
          const ans = r < 0.1 ? "about 40" : String(Math.round(rand() * 1000) / 10);
          lines.push(line({ episode_id: ep, query_frame: f, output: r < 0.2 ? `<answer>${ans}</answer>` : out(Number(ans) || 0).replace(/>\d+(\.\d+)?</, `>${ans}<`) }));
        }
      }
    }
    await importText(P.RESEARCHER.cookie, lines.join("\n"), { run: "r", modelName: "m" });
    const lb = (await (await call(leaderboardRoute as never, { url: "/api/leaderboard", cookie: P.RESEARCHER.cookie })).json()) as Leaderboard;
    // Explicit tag "In-Domain" moves e-2 to the in-domain split.
    const expected = { ID: [...ids.ID, ids.OOD_CROSS_ENV[1]], OOD_CROSS_TASK: ids.OOD_CROSS_TASK, OOD_CROSS_ENV: [ids.OOD_CROSS_ENV[0]] };
    expect(lb.splits.map((s) => s.split)).toEqual(["ID", "OOD_CROSS_TASK", "OOD_CROSS_ENV"]);
    for (const s of lb.splits) {
      const eps = expected[s.split as keyof typeof expected];
      const preds = await db.prediction.findMany({ where: { episodeId: { in: eps } }, include: { episode: { select: { outcome: true } } } });
      const m = progressMetrics(preds.map((p) => ({ episodeId: p.episodeId, frame: p.queryFrame, pred: p.progress, gt: p.gtProgress })));
      const pooled = s.rows[0]!.pooled;
      expect(pooled.answered).toBe(m.answered);
      expect(pooled.gtZero).toBe(m.gtZero);
      for (const k of ["linearRelativeAccuracy", "thresholdRelativeAccuracy", "absoluteRangeAccuracy", "mae", "rmse", "acc5", "acc10"] as const) {
        expect(pooled[k], `${s.split} ${k}`).toBeCloseTo(m[k]!, 9);
      }
      expect(pooled.pearson).toBeCloseTo(m.pearson!, 6);
      expect(s.intervals[0]!.mae).toEqual(m.maeByInterval.map((b) => (b.mae === null ? null : expect.closeTo(b.mae, 9))));
    }
    // Frame 0 has ground truth 0 in every episode, so each answered one is left out of the relative metrics.
    expect(lb.splits[0]!.rows[0]!.pooled.gtZero).toBeGreaterThan(0);
    expect(lb.scope).toMatchObject({ approvedOnly: false, release: null, rule: expect.stringMatching(/best annotation: approved, else submitted/), splitRule: expect.stringMatching(/tag on the episode/) });

    // Approved only: the figures of just the episodes whose work is approved (here set directly:
    // the status a finished review leaves), every split recomputed over them alone.
    await db.episode.updateMany({ where: { id: { in: [ids.ID[0]!, ids.OOD_CROSS_TASK[0]!] } }, data: { status: "APPROVED" } });
    const ap = (await (await call(leaderboardRoute as never, { url: "/api/leaderboard?approvedOnly=1", cookie: P.RESEARCHER.cookie })).json()) as Leaderboard;
    expect(ap.scope.approvedOnly).toBe(true);
    expect(ap.splits.map((s) => s.split)).toEqual(["ID", "OOD_CROSS_TASK"]);
    for (const [split, ep] of [["ID", ids.ID[0]!], ["OOD_CROSS_TASK", ids.OOD_CROSS_TASK[0]!]] as const) {
      const preds = await db.prediction.findMany({ where: { episodeId: ep } });
      const m = progressMetrics(preds.map((p) => ({ episodeId: p.episodeId, frame: p.queryFrame, pred: p.progress, gt: p.gtProgress })));
      const pooled = ap.splits.find((s) => s.split === split)!.rows[0]!.pooled;
      expect(pooled.answered).toBe(m.answered);
      expect(pooled.mae).toBeCloseTo(m.mae!, 9);
    }

    // CSV: one named column per metric, with the run's causal mark and each Average's coverage.
    const csv = await (await call(leaderboardRoute as never, { url: "/api/leaderboard?format=csv", cookie: P.RESEARCHER.cookie })).text();
    expect(csv.split("\n").find((l) => l.includes("Average"))).toMatch(/,true,\d+ of \d+,/);
    expect(csv.split("\n")[0]).toBe(
      "split,environment,run,model,causal,environments,predictions,with_ground_truth,answered,gt_zero_excluded_from_relative,linear_relative_accuracy,threshold_relative_accuracy,absolute_range_accuracy,mae,rmse,acc_5,acc_10,pearson,coverage,format_rate",
    );

    // The run report agrees with the same module, and names its rules.
    const run = await db.predictionRun.findFirstOrThrow();
    const report = await (await call(reportRoute as never, { url: `/api/runs/${run.id}/report`, params: { id: String(run.id) }, cookie: P.RESEARCHER.cookie })).json();
    const all = report.splits.find((x: { split: string }) => x.split === "ALL");
    const allPreds = await db.prediction.findMany();
    expect(all.progress.mae).toBeCloseTo(progressMetrics(allPreds.map((p) => ({ episodeId: p.episodeId, frame: p.queryFrame, pred: p.progress, gt: p.gtProgress }))).mae!, 9);
    expect(report.rules.gtZero).toMatch(/0/);
  });
});

describe("metric scope", () => {
  it("takes splits from a release and approved-only ground truth on the leaderboard, the run report and the comparison", async () => {
    const w = await world();
    await w.episode("train-1", { segments: TWO_STEPS, tags: ["train"] });
    const pour = await db.task.create({ data: { environmentId: w.env.id, key: "pour", instruction: "Pour" } });
    const id1 = await w.episode("id-1", { segments: TWO_STEPS });
    const id2 = await w.episode("id-2", { segments: TWO_STEPS });
    const t1 = await w.episode("t-1", { segments: TWO_STEPS, taskId: pour.id });
    const lines = [id1, id2, t1].flatMap((ep, i) => [0, 50, 100, 150].map((f) => line({ episode_id: ep, query_frame: f, output: out(10 * i + f / 4) })));
    await importText(P.RESEARCHER.cookie, lines.join("\n"), { run: "r", modelName: "m" });
    const run = await db.predictionRun.findFirstOrThrow();
    const metricsOf = async (eps: number[]) => {
      const preds = await db.prediction.findMany({ where: { episodeId: { in: eps } } });
      return progressMetrics(preds.map((p) => ({ episodeId: p.episodeId, frame: p.queryFrame, pred: p.progress, gt: p.gtProgress })));
    };
    const get = async (route: unknown, url: string, params?: Record<string, string>) => {
      const res = await call(route as never, { url, params, cookie: P.RESEARCHER.cookie });
      return { status: res.status, body: await res.json() };
    };

    // A release that freezes id-1 as cross-environment and t-1 as in-domain, against their
    // tags; id-2 is not in it.
    const rel = await db.release.create({ data: { name: "bench", version: 2, status: "IN_REVIEW", episodeCount: 2, createdById: P.LEAD.id } });
    await db.releaseEpisode.createMany({
      data: [
        { releaseId: rel.id, episodeId: id1, split: "test", splitTag: "OOD_CROSS_ENV", snapshot: {} },
        { releaseId: rel.id, episodeId: t1, split: "test", splitTag: "ID", snapshot: {} },
      ],
    });
    const lb = (await get(leaderboardRoute, `/api/leaderboard?release=${rel.id}`)).body as Leaderboard;
    expect(lb.scope.release).toMatchObject({ id: rel.id, name: "bench", version: 2 });
    expect(lb.scope.splitRule).toMatch(/frozen in release “bench” v2/);
    expect(lb.splits.map((s) => s.split)).toEqual(["ID", "OOD_CROSS_ENV"]);
    for (const [split, ep] of [["ID", t1], ["OOD_CROSS_ENV", id1]] as const) {
      const m = await metricsOf([ep]);
      const pooled = lb.splits.find((s) => s.split === split)!.rows[0]!.pooled;
      expect(pooled.answered, split).toBe(m.answered);
      expect(pooled.mae, split).toBeCloseTo(m.mae!, 9);
    }

    // The run report takes the same scope: its "all splits" covers the release's episodes only.
    const report = (await get(reportRoute, `/api/runs/${run.id}/report?release=${rel.id}`, { id: String(run.id) })).body;
    expect(report.scope.release.id).toBe(rel.id);
    expect(report.splits.map((s: { split: string }) => s.split)).toEqual(["ALL", "ID", "OOD_CROSS_ENV"]);
    const all = report.splits.find((x: { split: string }) => x.split === "ALL");
    expect(all.progress.mae).toBeCloseTo((await metricsOf([id1, t1])).mae!, 9);

    // Approved only, with t-1 approved: the leaderboard and the report keep just t-1.
    await db.episode.update({ where: { id: t1 }, data: { status: "APPROVED" } });
    const ap = (await get(leaderboardRoute, `/api/leaderboard?release=${rel.id}&approvedOnly=1`)).body as Leaderboard;
    expect(ap.scope).toMatchObject({ approvedOnly: true, rule: expect.stringMatching(/^Approved only/) });
    expect(ap.splits.map((s) => s.split)).toEqual(["ID"]);
    const apReport = (await get(reportRoute, `/api/runs/${run.id}/report?approvedOnly=1`, { id: String(run.id) })).body;
    expect(apReport.scope.approvedOnly).toBe(true);
    expect(apReport.splits.find((x: { split: string }) => x.split === "ALL").progress.answered).toBe((await metricsOf([t1])).answered);

    // The comparison names the status of the annotation its ground truth comes from, and with
    // approved only withholds the ground truth of an episode that is not approved.
    const ann = await db.annotation.findFirstOrThrow({ where: { episodeId: id1 } });
    const cmp = (await get(comparisonRoute, `/api/episodes/${id1}/comparison`, { id: String(id1) })).body;
    expect(cmp.groundTruth.annotationStatus).toBe(ann.status);
    expect(cmp.groundTruthWithheld).toBeNull();
    const withheld = (await get(comparisonRoute, `/api/episodes/${id1}/comparison?approvedOnly=1`, { id: String(id1) })).body;
    expect(withheld.groundTruth).toBeNull();
    expect(withheld.groundTruthWithheld).toMatch(/not approved/);
    expect(withheld.runs[0].points.every((p: { gt: number | null }) => p.gt === null)).toBe(true);
    expect(withheld.runs[0].metrics.mae).toBeNull();
    const approved = (await get(comparisonRoute, `/api/episodes/${t1}/comparison?approvedOnly=1`, { id: String(t1) })).body;
    expect(approved.groundTruth).not.toBeNull();

    // A release that does not exist, or has frozen nothing yet, is a clear error.
    const missing = await get(leaderboardRoute, `/api/leaderboard?release=${rel.id + 100}`);
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toMatch(/Release/);
    const draft = await db.release.create({ data: { name: "next", version: 1, createdById: P.LEAD.id } });
    const notFrozen = await get(reportRoute, `/api/runs/${run.id}/report?release=${draft.id}`, { id: String(run.id) });
    expect(notFrozen.status).toBe(409);
    expect(notFrozen.body.detail).toMatch(/no frozen episodes yet/);
    expect((await get(leaderboardRoute, `/api/leaderboard?release=abc`)).status).toBe(400);
  });
});

describe("one population per report", () => {
  it("scores ROC-AUC over the episodes with ground truth, like every other metric of the report", async () => {
    const w = await world();
    const a = await w.episode("a", { segments: TWO_STEPS, outcome: "SUCCESS" });
    const b = await w.episode("b", { segments: TWO_STEPS, outcome: "FAILURE" });
    const c = await w.episode("c"); // no annotation: no ground truth
    await db.episode.updateMany({ where: { id: { in: [a, c] } }, data: { outcome: "SUCCESS" } });
    await db.episode.update({ where: { id: b }, data: { outcome: "FAILURE" } });
    const lines = [a, b, c].flatMap((ep, i) => [50, 150].map((f) => line({ episode_id: ep, query_frame: f, output: out(20 + 30 * i) })));
    await importText(P.RESEARCHER.cookie, lines.join("\n"), { run: "r", modelName: "m" });
    const run = await db.predictionRun.findFirstOrThrow();
    const report = await (await call(reportRoute as never, { url: `/api/runs/${run.id}/report`, params: { id: String(run.id) }, cookie: P.RESEARCHER.cookie })).json();
    const all = report.splits.find((x: { split: string }) => x.split === "ALL");
    // Latest answers: a (success) 20, b (failure) 50, c (success, no ground truth) 80. Over a and b
    // the success scores lower: AUC 0. Counting c, as before, made it 0.5 over three episodes.
    expect(all.rocAuc).toMatchObject({ episodes: 2, successes: 1, failures: 1, value: 0 });
    expect(report.rules.successScore).toMatch(/Episodes without ground truth are left out/);
  });
});

describe("chain review", () => {
  it("saves edits and verdicts with optimistic concurrency and keeps hostile text verbatim", async () => {
    const w = await world();
    const ep = await w.episode("ep-1", { segments: TWO_STEPS });
    const hostile = `<think><planning><script>alert(1)</script></planning><observation>o</observation><reasoning>r</reasoning></think><answer>40</answer>`;
    await importText(P.RESEARCHER.cookie, line({ episode_id: ep, query_frame: 50, output: hostile }), { run: "r", modelName: "m" });
    const pred = await db.prediction.findFirstOrThrow();
    expect(pred.planning).toBe("<script>alert(1)</script>");
    const review = (baseVersion: number, verdict: string | null, planning = "<b>edited</b>") =>
      call(reviewRoute as never, {
        method: "PUT",
        url: `/api/predictions/${pred.id}/review`,
        params: { id: String(pred.id) },
        body: { baseVersion, planning, observation: "o", reasoning: "r", answerText: "40", verdict, note: "" },
        cookie: P.RESEARCHER.cookie,
      });
    const first = await review(0, "NEEDS_FIX");
    expect(first.status).toBe(200);
    expect((await first.json()).review).toMatchObject({ version: 1, verdict: "NEEDS_FIX" });
    expect((await review(0, "ACCEPTED")).status).toBe(409);
    expect((await review(1, "ACCEPTED")).status).toBe(200);
    const stored = await db.chainReview.findFirstOrThrow();
    expect(stored).toMatchObject({ version: 2, verdict: "ACCEPTED", planning: "<b>edited</b>" });
    // The queue shows it as accepted and edited.
    const queue = await (await call(queueRoute as never, { url: "/api/predictions?verdict=ACCEPTED", cookie: P.RESEARCHER.cookie })).json();
    expect(queue.items).toEqual([expect.objectContaining({ id: pred.id, verdict: "ACCEPTED", edited: true })]);
    expect((await (await call(queueRoute as never, { url: "/api/predictions?verdict=UNREVIEWED", cookie: P.RESEARCHER.cookie })).json()).total).toBe(0);
    // An edited answer that is not a bare number is flagged back to the reviewer.
    const flagged = await (await review(2, "ACCEPTED").then(() => review(3, null)).then(() =>
      call(reviewRoute as never, {
        method: "PUT", url: `/api/predictions/${pred.id}/review`, params: { id: String(pred.id) },
        body: { baseVersion: 4, planning: "p", observation: "o", reasoning: "r", answerText: "about 40", verdict: "NEEDS_FIX", note: "" }, cookie: P.RESEARCHER.cookie,
      }),
    )).json();
    expect(flagged.review.answerFlag).toBe("not_a_bare_number");
  });
});

describe("runs", () => {
  it("lists, renames, compares and deletes only with the name confirmed", async () => {
    const w = await world();
    const ep = await w.episode("ep-1", { segments: TWO_STEPS });
    await importText(P.RESEARCHER.cookie, [line({ episode_id: ep, query_frame: 50, output: out(30) }), line({ episode_id: ep, query_frame: 150, output: "<answer>x</answer>" })].join("\n"), { run: "r", modelName: "m" });
    const list = await (await call(runsRoute as never, { url: "/api/runs", cookie: P.RESEARCHER.cookie })).json();
    expect(list.items).toEqual([expect.objectContaining({ name: "r", predictions: 2, answered: 1, formatOk: 1 })]);
    const id = list.items[0].id as number;
    const cmp = await (await call(comparisonRoute as never, { url: `/api/episodes/${ep}/comparison`, params: { id: String(ep) }, cookie: P.RESEARCHER.cookie })).json();
    // Corners of the two-step curve: 0, 99 (end of step 1), 100 (start of step 2), 199.
    expect(cmp.groundTruth.points.map((p: { frame: number }) => p.frame)).toEqual([0, 99, 100, 199]);
    expect(cmp.runs[0].points).toHaveLength(2);
    expect(cmp.runs[0].metrics).toMatchObject({ answered: 1, missing: 1 });
    const renamed = await call(patchRunRoute as never, { method: "PATCH", url: `/api/runs/${id}`, params: { id: String(id) }, body: { name: "r2" }, cookie: P.RESEARCHER.cookie });
    expect((await renamed.json()).run.name).toBe("r2");
    const refused = await call(deleteRunRoute as never, { method: "DELETE", url: `/api/runs/${id}?confirm=r`, params: { id: String(id) }, cookie: P.RESEARCHER.cookie });
    expect(refused.status).toBe(400);
    expect(await db.prediction.count()).toBe(2);
    const deleted = await call(deleteRunRoute as never, { method: "DELETE", url: `/api/runs/${id}?confirm=r2`, params: { id: String(id) }, cookie: P.RESEARCHER.cookie });
    expect(deleted.status).toBe(200);
    expect(await db.prediction.count()).toBe(0);
    expect(await db.auditLog.count({ where: { action: "run.delete" } })).toBe(1);
  });
});
