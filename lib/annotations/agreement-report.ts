// Inter-annotator agreement read from the database: per episode (every pair of its annotators)
// and as a project report per annotator and per task. The maths is in lib/agreement.
import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/server/errors";
import type { AnnotationStatus } from "@/lib/annotation/workflow";
import { aggregateAgreement, pairAgreement, type PairResult } from "@/lib/agreement/agreement";
import { cohensKappa } from "@/lib/agreement/kappa";

/** Annotations that were submitted at least once. */
const COMPARED: AnnotationStatus[] = ["SUBMITTED", "IN_REVIEW", "APPROVED", "CHANGES_REQUESTED"];

interface PairRow {
  episodeId: number;
  taskId: number;
  a: { annotationId: number; annotator: { id: number; name: string } };
  b: { annotationId: number; annotator: { id: number; name: string } };
  result: PairResult;
  /** Each side's outcome and failure reason, for outcome and failure-reason agreement (Cohen's κ). */
  outcomes: [string, string];
  failureReasons: [string | null, string | null];
}

/** Outcome κ over all pairs; failure-reason κ over the pairs where both said the episode failed. */
function categoricalAgreement(pairs: PairRow[]) {
  return {
    outcomeKappa: cohensKappa(pairs.map((p) => p.outcomes)),
    failureReasonKappa: cohensKappa(pairs.filter((p) => p.outcomes[0] === "FAILURE" && p.outcomes[1] === "FAILURE").map((p) => [p.failureReasons[0] ?? "(none)", p.failureReasons[1] ?? "(none)"] as const)),
  };
}

async function pairsFor(where: Prisma.EpisodeWhereInput, k: number): Promise<PairRow[]> {
  const annotations = await db.annotation.findMany({
    // Work still in progress is not compared: a fresh assignment starts as a copy of the imported
    // segments (or empty), which would read as perfect (or no) agreement.
    where: { annotatorId: { not: null }, status: { in: COMPARED }, episode: where },
    orderBy: [{ episodeId: "asc" }, { id: "asc" }],
    select: {
      id: true,
      episodeId: true,
      episode: { select: { taskId: true } },
      annotator: { select: { id: true, name: true } },
      outcome: true,
      failureReason: true,
      segments: { orderBy: { startFrame: "asc" }, select: { startFrame: true, endFrame: true, label: true } },
    },
  });
  const byEpisode = new Map<number, typeof annotations>();
  for (const a of annotations) byEpisode.set(a.episodeId, [...(byEpisode.get(a.episodeId) ?? []), a]);
  const out: PairRow[] = [];
  for (const [episodeId, list] of byEpisode) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        out.push({
          episodeId,
          taskId: a.episode.taskId,
          a: { annotationId: a.id, annotator: a.annotator! },
          b: { annotationId: b.id, annotator: b.annotator! },
          result: pairAgreement(a.segments, b.segments, k),
          outcomes: [a.outcome, b.outcome],
          failureReasons: [a.failureReason, b.failureReason],
        });
      }
    }
  }
  return out;
}

export async function getEpisodeAgreement(opts: { episodeId: number; k: number }) {
  if (!(await db.episode.findUnique({ where: { id: opts.episodeId }, select: { id: true } }))) throw notFound(`Episode ${opts.episodeId}`);
  const pairs = await pairsFor({ id: opts.episodeId }, opts.k);
  // Every compared annotation's timeline, for the side-by-side view.
  const ep = await db.episode.findUniqueOrThrow({ where: { id: opts.episodeId }, select: { lengthFrames: true } });
  const annotations = await db.annotation.findMany({
    where: { id: { in: [...new Set(pairs.flatMap((p) => [p.a.annotationId, p.b.annotationId]))] } },
    orderBy: { id: "asc" },
    select: { id: true, outcome: true, failureReason: true, annotator: { select: { id: true, name: true } }, segments: { orderBy: { startFrame: "asc" }, select: { startFrame: true, endFrame: true, label: true } } },
  });
  return {
    k: opts.k,
    pairs,
    lengthFrames: ep.lengthFrames,
    annotations: annotations.map((a) => ({ annotationId: a.id, annotator: a.annotator!, outcome: a.outcome, failureReason: a.failureReason, segments: a.segments })),
  };
}

/** Only episodes with two or more annotators take part; others have nothing to compare. */
export async function getAgreementReport(opts: { k: number; taskId?: number; environmentId?: number }) {
  const multi = await db.annotation.groupBy({
    by: ["episodeId"],
    where: {
      annotatorId: { not: null },
      status: { in: COMPARED },
      episode: { ...(opts.taskId ? { taskId: opts.taskId } : {}), ...(opts.environmentId ? { environmentId: opts.environmentId } : {}) },
    },
    _count: { _all: true },
    having: { episodeId: { _count: { gt: 1 } } },
  });
  const pairs = multi.length ? await pairsFor({ id: { in: multi.map((m) => m.episodeId) } }, opts.k) : [];
  const agg = aggregateAgreement(pairs.map((p) => ({ annotatorIds: [p.a.annotator.id, p.b.annotator.id] as [number, number], taskId: p.taskId, result: p.result })));
  const names = new Map<number, string>();
  for (const p of pairs) for (const s of [p.a, p.b]) names.set(s.annotator.id, s.annotator.name);
  const tasks = await db.task.findMany({ where: { id: { in: [...agg.byTask.keys()] } }, select: { id: true, instruction: true } });
  return {
    k: opts.k,
    overall: agg.overall,
    ...categoricalAgreement(pairs),
    byAnnotator: [...agg.byAnnotator].map(([id, s]) => ({ annotator: { id, name: names.get(id) ?? `User ${id}` }, ...s })).sort((x, y) => x.annotator.name.localeCompare(y.annotator.name)),
    byTask: [...agg.byTask].map(([id, s]) => ({ task: { id, instruction: tasks.find((t) => t.id === id)?.instruction ?? `Task ${id}` }, ...s })),
    pairs,
  };
}
