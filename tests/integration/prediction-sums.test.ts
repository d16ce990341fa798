// The leaderboard reads per-(run, episode, interval) sums kept in `prediction_sums`. These tests
// check that the kept sums equal sums computed afresh, with the pure module, from whatever the
// predictions are after each kind of write, and that a write committed during a refresh is
// never lost.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { intervalIndex } from "@/lib/metrics/metrics";
import { SUM_COLUMNS, refreshPredictionSums, toSums, type SumColumns } from "@/lib/metrics/prediction-sums";
import { SUM_KEYS, sumsOf, type SumSample } from "@/lib/metrics/sums";
import { resetDb } from "./helpers";

beforeEach(resetDb);

async function world(episodes: number) {
  const env = await db.environment.create({ data: { slug: "lab", name: "Lab" } });
  const task = await db.task.create({ data: { environmentId: env.id, key: "stack", instruction: "Stack" } });
  const source = await db.source.create({ data: { kind: "MANIFEST", uri: "/m.jsonl", name: "m" } });
  const ids: number[] = [];
  for (let i = 0; i < episodes; i++) {
    const e = await db.episode.create({ data: { sourceId: source.id, sourceKey: `ep-${i}`, environmentId: env.id, taskId: task.id, lengthFrames: 200, fps: 30 } });
    ids.push(e.id);
  }
  return ids;
}

async function run(name: string) {
  return (await db.predictionRun.create({ data: { name, modelName: "m" } })).id;
}

/** Predictions of a run on an episode at frames 0, 20, …, 180: a mix of answered, flagged, GT 0 and no GT. */
async function predict(runId: number, episodeId: number, shift: number) {
  await db.prediction.createMany({
    data: Array.from({ length: 10 }, (_, i) => ({
      runId,
      episodeId,
      queryFrame: i * 20,
      rawOutput: "<answer>x</answer>",
      formatOk: i % 3 !== 0,
      progress: i === 4 ? null : Math.min(100, i * 11 + shift),
      gtProgress: i === 7 ? null : i * 11,
    })),
  });
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const key = (r: { runId: number; episodeId: number; bucket: number }) => `${r.runId}|${r.episodeId}|${r.bucket}`;

/** Stored sums against the pure module's sums over the current progress predictions. */
async function expectSumsCurrent() {
  const preds = await db.prediction.findMany({ where: { questionType: "PROGRESS" } });
  const groups = new Map<string, SumSample[]>();
  for (const p of preds) {
    const k = key({ runId: p.runId, episodeId: p.episodeId, bucket: p.gtProgress === null ? -1 : intervalIndex(p.gtProgress) });
    const list = groups.get(k) ?? [];
    list.push({ pred: p.progress, gt: p.gtProgress, formatOk: p.formatOk });
    groups.set(k, list);
  }
  const stored = await db.$queryRawUnsafe<Array<SumColumns & { run_id: number; episode_id: number; bucket: number }>>(
    `SELECT run_id, episode_id, bucket, ${SUM_COLUMNS.join(", ")} FROM prediction_sums`,
  );
  expect(stored.map((s) => key({ runId: s.run_id, episodeId: s.episode_id, bucket: s.bucket })).sort()).toEqual([...groups.keys()].sort());
  for (const s of stored) {
    const want = sumsOf(groups.get(key({ runId: s.run_id, episodeId: s.episode_id, bucket: s.bucket }))!);
    const got = toSums(s);
    for (const k of SUM_KEYS) expect(got[k], `${s.run_id}|${s.episode_id}|${s.bucket} ${k}`).toBeCloseTo(want[k], 9);
  }
  expect(await db.predictionSumsDirty.count()).toBe(0);
}

describe("kept prediction sums", () => {
  it("equal fresh sums after inserts, updates, deletes and cascades", async () => {
    const [e1, e2, e3] = await world(3);
    const a = await run("a");
    const b = await run("b");
    for (const e of [e1!, e2!, e3!]) {
      await predict(a, e, 3);
      await predict(b, e, -8);
    }
    // Every written pair is marked, whatever wrote it.
    expect(await db.predictionSumsDirty.count()).toBe(6);
    expect(await refreshPredictionSums()).toBe(6);
    await expectSumsCurrent();
    // Nothing dirty: nothing to do.
    expect(await refreshPredictionSums()).toBe(0);

    // Ground truth moves (as the ground-truth refresher writes it), an answer changes bucket-wide.
    await db.prediction.updateMany({ where: { episodeId: e1!, runId: a }, data: { gtProgress: 50 } });
    await db.prediction.updateMany({ where: { episodeId: e2!, runId: b, queryFrame: { lt: 100 } }, data: { progress: 0, formatOk: false } });
    expect(await refreshPredictionSums()).toBe(2);
    await expectSumsCurrent();

    // Completion questions are not progress predictions: marked, but they add nothing.
    await db.prediction.create({ data: { runId: a, episodeId: e3!, queryFrame: 5, questionType: "COMPLETION", rawOutput: "yes", formatOk: true, value: 1, gtProgress: 10 } });
    await refreshPredictionSums();
    await expectSumsCurrent();

    // One prediction deleted; a whole episode deleted (cascade); a whole run deleted (cascade).
    await db.prediction.deleteMany({ where: { runId: b, episodeId: e3!, queryFrame: 0 } });
    await refreshPredictionSums();
    await expectSumsCurrent();
    await db.episode.delete({ where: { id: e2! } });
    await refreshPredictionSums();
    await expectSumsCurrent();
    await db.predictionRun.delete({ where: { id: b } });
    await refreshPredictionSums();
    await expectSumsCurrent();
    expect(await db.predictionSum.count({ where: { runId: b } })).toBe(0);
  });

  it("never lose a write committed while a refresh runs", async () => {
    const [e1, e2] = await world(2);
    const a = await run("a");
    await predict(a, e1!, 0);
    // The pair is already marked dirty when the second writer comes along.
    const gate = deferred();
    const written = deferred();
    const writer = db.$transaction(
      async (tx) => {
        await tx.prediction.create({ data: { runId: a, episodeId: e1!, queryFrame: 199, rawOutput: "<answer>90</answer>", formatOk: true, progress: 90, gtProgress: 100 } });
        // And a pair nobody had marked yet.
        await tx.prediction.create({ data: { runId: a, episodeId: e2!, queryFrame: 100, rawOutput: "<answer>40</answer>", formatOk: true, progress: 40, gtProgress: 50 } });
        written.resolve();
        await gate.promise;
      },
      { timeout: 30_000 },
    );
    await written.promise;
    const refresh = refreshPredictionSums();
    // The refresh must wait for the writer's lock on the existing mark before it computes.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [w] = await db.$queryRaw<Array<{ n: number }>>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      if (w!.n > 0) break;
      if (Date.now() > deadline) throw new Error("the refresh never waited for the writer");
      await new Promise((r) => setTimeout(r, 20));
    }
    gate.resolve();
    await writer;
    await refresh;
    // e1's sums include the writer's row; e2's fresh mark, invisible to that refresh, is still there.
    const e1Sums = await db.predictionSum.aggregate({ where: { runId: a, episodeId: e1! }, _sum: { total: true } });
    expect(e1Sums._sum.total).toBe(11);
    expect(await db.predictionSumsDirty.findMany({ select: { runId: true, episodeId: true } })).toEqual([{ runId: a, episodeId: e2! }]);
    await refreshPredictionSums();
    await expectSumsCurrent();
  });
});
