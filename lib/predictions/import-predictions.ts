// Importing model predictions (shared by the UI, the API and the CLI). A bad line never stops
// the good ones: every problem is reported with its line number, and the good lines are
// written in one transaction (all of them or none, never half). Re-importing a file is
// idempotent: a prediction is identified by run, episode, query frame and question type, and
// rows whose content did not change are not touched.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/auth/session";
import { conflict, notFound, validationError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { authorize } from "@/lib/auth/policy";
import { refreshPredictionSums } from "@/lib/metrics/prediction-sums";
import { PARSE_FLAG_TEXT, parseModelOutput, type ParsedOutput, type QuestionType } from "@/lib/primo/parse-output";
import type { PredictionFileProblem, PredictionRecord, SampleRule } from "./read-predictions";
import { readPredictionFile, type FrameMapping, type PredictionFile, type PredictionFileFormat } from "./formats";
import { PREDICTION_FILE_FORMATS } from "./formats/ids";
import { linspaceFrames, robometerFrames } from "./formats/format";
import { setGroundTruthFor } from "./ground-truth";

export const PREDICTION_FORMATS = PREDICTION_FILE_FORMATS;
/** Largest prediction file accepted. */
export const MAX_PREDICTION_FILE_BYTES = 200 * 1024 * 1024;

/** The `frames` field: how a dense array's or Robometer record's values sit on the episode's frames. */
const ZFrames = z
  .string()
  .trim()
  .max(100_000)
  .transform((v, ctx): FrameMapping | undefined => {
    if (v === "") return undefined;
    if (v === "all" || v === "linspace-int" || v === "linspace-rint") return { kind: v };
    const parts = v.split(/[\s,]+/).filter(Boolean);
    if (parts.length > 0 && parts.every((p) => /^\d+$/.test(p))) return { kind: "indices", frames: parts.map(Number) };
    ctx.addIssue({ code: "custom", message: 'Say "all", "linspace-int", "linspace-rint" or the frame indices, e.g. "0, 4, 8".' });
    return z.NEVER;
  });

export const ZImportPredictionsSchema = z.object({
  /** Run to import into: an existing run of this name is re-used (that is what makes re-imports idempotent). */
  run: z.string().trim().min(1, "Name the run.").max(200),
  modelName: z.string().trim().max(200).optional(),
  description: z.string().max(5000).optional(),
  scale: z.coerce.number().refine((v) => v === 100 || v === 1, "The answer scale is 100 (0–100) or 1 (0–1).").optional(),
  format: z.enum(PREDICTION_FORMATS).optional(),
  pathPattern: z.string().max(500).optional(),
  /** Dense arrays and Robometer records: which frames the values are for. */
  frames: ZFrames.optional(),
  /** Dense arrays: the episode a bare array scores. */
  episode: z.string().trim().min(1).max(500).optional(),
  /** Files with several value columns (SARM: progress_sparse or progress_dense). */
  column: z.string().trim().min(1).max(100).optional(),
  /** The source dataset of episodes a file names by key only (SARM's episode_index, dense arrays). */
  source: z.string().trim().min(1).max(500).optional(),
});
export type TImportPredictions = z.infer<typeof ZImportPredictionsSchema>;

export interface ImportPredictionsResult {
  run: { id: number; name: string; created: boolean };
  format: PredictionFileFormat;
  lines: number;
  created: number;
  updated: number;
  unchanged: number;
  problems: PredictionFileProblem[];
  problemCount: number;
}

type EpisodeInfo = { id: number; taskId: number; lengthFrames: number; fps: number };

/** Finds each record's episode; records that cannot be placed become problems. */
async function resolveEpisodes(records: PredictionRecord[], problems: PredictionFileProblem[]) {
  const ids = [...new Set(records.map((r) => r.episode.id).filter((v): v is number => v !== undefined))];
  const keys = [...new Set(records.map((r) => r.episode.key).filter((v): v is string => v !== undefined))];
  const [byIdRows, byKeyRows] = await Promise.all([
    ids.length ? db.episode.findMany({ where: { id: { in: ids } }, select: { id: true, taskId: true, lengthFrames: true, fps: true } }) : [],
    keys.length
      ? db.episode.findMany({
          where: { sourceKey: { in: keys } },
          select: { id: true, taskId: true, lengthFrames: true, fps: true, sourceKey: true, source: { select: { name: true, uri: true } } },
        })
      : [],
  ]);
  const byId = new Map(byIdRows.map((e) => [e.id, e]));
  const byKey = new Map<string, typeof byKeyRows>();
  for (const e of byKeyRows) byKey.set(e.sourceKey, [...(byKey.get(e.sourceKey) ?? []), e]);
  const placed: { rec: PredictionRecord; ep: EpisodeInfo }[] = [];
  for (const rec of records) {
    const where = whereOf(rec);
    let ep: EpisodeInfo | undefined;
    if (rec.episode.id !== undefined) {
      ep = byId.get(rec.episode.id);
      if (!ep) {
        problems.push({ line: rec.line, message: `${where}: there is no episode with id ${rec.episode.id}.` });
        continue;
      }
    } else if (rec.episode.key !== undefined) {
      let candidates = byKey.get(rec.episode.key) ?? [];
      const src = rec.episode.source;
      if (src !== undefined) candidates = candidates.filter((c) => c.source.name === src || c.source.uri === src || c.source.uri.endsWith(`/${src}`));
      if (candidates.length === 0) {
        problems.push({ line: rec.line, message: `${where}: no episode has the key "${rec.episode.key}"${src !== undefined ? ` in source "${src}"` : ""}.` });
        continue;
      }
      if (candidates.length > 1) {
        problems.push({
          line: rec.line,
          message: `${where}: the key "${rec.episode.key}" exists in ${candidates.length} sources (${candidates.map((c) => `"${c.source.name}"`).join(", ")}); add "source" to say which.`,
        });
        continue;
      }
      ep = candidates[0];
    } else {
      problems.push({ line: rec.line, message: `${where}: no episode reference.` });
      continue;
    }
    placed.push({ rec, ep });
  }
  return placed;
}

/** How problems name a record: its own place ("trajectory 2 …, t=3") or its line. */
const whereOf = (rec: PredictionRecord) => rec.where ?? `line ${rec.line}`;

/** The frames `count` samples taken by `rule` stand for on an episode of `length` frames; null when the rule cannot apply. */
function sampleFrames(rule: SampleRule, count: number, length: number): number[] | null {
  switch (rule) {
    case "last":
      return [length - 1];
    case "all":
    case "all-or-ask":
      return count === length ? Array.from({ length }, (_, i) => i) : null;
    case "linspace-int":
      return linspaceFrames(length, count, "int");
    case "linspace-rint":
      return robometerFrames(length, count);
  }
}

function describeFrames(f: FrameMapping): string {
  return f.kind === "indices" ? `"${f.frames.join(", ")}"` : `"${f.kind}"`;
}

function queryFrameOf(rec: PredictionRecord, ep: EpisodeInfo): number {
  if (rec.queryFrame !== null) return rec.queryFrame;
  // The frame on screen at that time; the 1/1000-frame tolerance absorbs times printed with few decimals.
  return Math.floor((rec.queryTime ?? 0) * ep.fps + 1e-3);
}

/**
 * The answer scale of a new run whose import does not say it. Answers above 1 can only be on
 * 0–100. When every progress answer lies between 0 and 1 (and one is not 0), the file could be
 * either, and guessing would turn every answer into a flag or into a 100× error: the import
 * stops and asks.
 */
/** What the parser scores for a row: the raw output (PRIMO text), or the reader's bare answer as an <answer> block. */
const scoredText = (r: { answer: string; rawOutput: string }) => (r.answer === r.rawOutput ? r.rawOutput : `<answer>${r.answer}</answer>`);

function detectScale(rows: ReadonlyArray<{ answer: string; rawOutput: string; questionType: QuestionType; unscored: unknown }>): 100 {
  let fractions = 0;
  let ones = 0;
  let big = 0;
  let answers = 0;
  for (const r of rows) {
    if (r.questionType !== "PROGRESS" || r.unscored) continue;
    const p = parseModelOutput(scoredText(r), { questionType: "PROGRESS", scale: 100 });
    if (p.flag === "scale_mismatch") fractions++;
    else if (p.value === null) continue;
    else if (p.value > 1) big++;
    else if (p.value === 1) ones++;
    answers++;
  }
  if (big === 0 && fractions + ones > 0) {
    throw validationError(
      `Every progress answer in this file lies between 0 and 1 (${answers} answer${answers === 1 ? "" : "s"}): are they on the 0–1 scale? Import again saying the scale: 1 for 0–1, or 100 for 0–100.`,
      [{ name: "scale", reason: "Say the answer scale: the file's answers fit both 0–1 and 0–100." }],
    );
  }
  return 100;
}

/**
 * A row's parsed answer: the PRIMO sections from the raw output, the value from the answer the
 * reader took from the file (the raw output itself for PRIMO text), or the reader's flag.
 */
function parseRow(r: { rawOutput: string; answer: string; unscored?: PredictionRecord["unscored"]; questionType: QuestionType }, scale: 100 | 1): ParsedOutput {
  const fromRaw = parseModelOutput(r.rawOutput, { questionType: r.questionType, scale });
  if (r.unscored) return { ...fromRaw, answerText: null, value: null, progress: null, flag: r.unscored.flag, flagDetail: r.unscored.detail };
  if (r.answer === r.rawOutput) return fromRaw;
  const fromAnswer = parseModelOutput(scoredText(r), { questionType: r.questionType, scale });
  return { ...fromRaw, answerText: fromAnswer.answerText, value: fromAnswer.value, progress: fromAnswer.progress, flag: fromAnswer.flag, flagDetail: fromAnswer.flagDetail };
}

export async function importPredictions(opts: {
  user: SessionUser | null;
  fields: TImportPredictions;
  file: PredictionFile;
  requestId?: string;
}): Promise<ImportPredictionsResult> {
  const { fields } = opts;
  const existing = await db.predictionRun.findUnique({ where: { name: fields.run }, select: { id: true, name: true, progressScale: true, origin: true, createdById: true, config: true } });
  // Adding to a run rewrites its predictions and figures: its maker's or a lead's to do (the CLI, with no user, is the operator).
  if (existing && opts.user) authorize(opts.user, "run.manage", existing);
  if (existing && fields.scale !== undefined && existing.progressScale !== fields.scale) {
    throw conflict(`The run "${existing.name}" has answers on 0–${existing.progressScale}; this import says 0–${fields.scale}. Use another run name or the run's scale.`);
  }
  if (!existing && !fields.modelName) {
    throw validationError("Say which model made these predictions.", [{ name: "modelName", reason: "Required for a new run." }]);
  }

  // A run keeps the frame mapping it was imported with: another rule would put the same values on
  // other frames, next to the old ones.
  const runFrames = (existing?.config as { frames?: FrameMapping } | null)?.frames;
  if (existing && runFrames && fields.frames && JSON.stringify(runFrames) !== JSON.stringify(fields.frames)) {
    throw conflict(`The run "${existing.name}" was imported with frames ${describeFrames(runFrames)}; this import says ${describeFrames(fields.frames)}. Use the run's mapping or another run name.`);
  }
  const frames = fields.frames ?? runFrames;
  const read = await readPredictionFile(opts.file, {
    format: fields.format,
    pathPattern: fields.pathPattern,
    frames,
    episode: fields.episode,
    column: fields.column,
    source: fields.source,
  });
  if (read.question) throw validationError(read.question.message, [{ name: read.question.field, reason: read.question.message }]);
  // A format's scale is that of its progress answers; yes/no and comparison answers have none.
  const stated = read.scale && read.records.some((r) => r.questionType === "PROGRESS") ? read.scale : undefined;
  if (stated) {
    const asked = fields.scale ?? existing?.progressScale;
    if (asked !== undefined && asked !== stated.value) {
      const whose = fields.scale !== undefined ? "this import says" : `the run "${existing!.name}" has`;
      throw validationError(`The file's answers are on 0–${stated.value} (${stated.why}), but ${whose} 0–${asked}.`, [
        { name: "scale", reason: `This file's format fixes the scale at 0–${stated.value}.` },
      ]);
    }
  }
  const problems = [...read.problems];
  const placed = await resolveEpisodes(read.records, problems);

  // Validate frames and parse answers; the last line wins when a file repeats a prediction.
  type Row = {
    episodeId: number; taskId: number; queryFrame: number; questionType: QuestionType; question: string | null;
    sampledFrames: number[]; causal: boolean; rawOutput: string; answer: string; unscored: PredictionRecord["unscored"];
    referenceFrame: number | null; successProb: number | null; score: number | null; referenceAnswer: string | null; line: number; where: string;
  };
  const rows = new Map<string, Row>();
  // Sample positions whose frames the file does not give and the import was not told: one question for the file.
  const unmapped = new Map<number, { count: number; length: number; key: string }>();
  // Every value of a trajectory shares one sampling: computed once per (rule, count, length), not per value.
  const samplings = new Map<string, number[] | null>();
  const sampling = (rule: SampleRule, count: number, length: number) => {
    const key = `${rule}|${count}|${length}`;
    if (!samplings.has(key)) samplings.set(key, sampleFrames(rule, count, length));
    return samplings.get(key)!;
  };
  for (const { rec, ep } of placed) {
    const where = whereOf(rec);
    let frame: number;
    let sampled = rec.sampledFrames ?? [];
    if (rec.sample) {
      const mapped = sampling(rec.sample.rule, rec.sample.count, ep.lengthFrames);
      if (!mapped) {
        if (rec.sample.rule === "all-or-ask") unmapped.set(ep.id, { count: rec.sample.count, length: ep.lengthFrames, key: rec.episode.key ?? String(ep.id) });
        else problems.push({ line: rec.line, message: `${where}: ${rec.sample.count} values cannot be every frame of an episode of ${ep.lengthFrames} frames.` });
        continue;
      }
      frame = mapped[rec.sample.index]!;
      if (rec.fullTrajectory && rec.sample.seen) sampled = mapped;
    } else frame = queryFrameOf(rec, ep);
    if (frame < 0 || frame >= ep.lengthFrames) {
      problems.push({ line: rec.line, message: `${where}: query frame ${frame} is outside the episode (frames 0–${ep.lengthFrames - 1}).` });
      continue;
    }
    const ref = rec.referenceFrame ?? null;
    if (rec.questionType === "CONTRASTIVE" && (ref === null || ref < 0 || ref > frame)) {
      problems.push({ line: rec.line, message: `${where}: a comparison needs a reference frame between 0 and its query frame ${frame}${ref === null ? "" : ` (got ${ref})`}.` });
      continue;
    }
    // The causal rule: a model estimating progress at frame t has seen frames 0…t. A line that
    // says the model saw the whole trajectory may sample any frame of the episode, and is kept
    // marked non-causal.
    if (rec.fullTrajectory) {
      const outside = sampled.find((f) => f < 0 || f >= ep.lengthFrames);
      if (outside !== undefined) {
        problems.push({ line: rec.line, message: `${where}: sampled frame ${outside} is outside the episode (frames 0–${ep.lengthFrames - 1}).` });
        continue;
      }
    } else {
      const late = sampled.find((f) => f < 0 || f > frame);
      if (late !== undefined) {
        problems.push({
          line: rec.line,
          message: `${where}: sampled frame ${late} is not between 0 and the query frame ${frame}; a causal model cannot have seen it (if the model saw the whole trajectory, say "full_trajectory": true on the line).`,
        });
        continue;
      }
    }
    const key = `${ep.id}|${frame}|${rec.questionType}`;
    const prev = rows.get(key);
    if (prev) problems.push({ line: rec.line, message: `${where}: repeats ${prev.where} (same episode, query frame and question); the later one is used.` });
    rows.set(key, {
      episodeId: ep.id, taskId: ep.taskId, queryFrame: frame, questionType: rec.questionType, question: rec.question,
      sampledFrames: sampled, causal: !rec.fullTrajectory, rawOutput: rec.output, answer: rec.answer ?? rec.output, unscored: rec.unscored,
      referenceFrame: ref, successProb: rec.successProb ?? null, score: rec.score, referenceAnswer: rec.referenceAnswer, line: rec.line, where,
    });
  }
  if (unmapped.size > 0) {
    const [first] = unmapped.values();
    const n = unmapped.size;
    throw validationError(
      `The file gives values by position, not by frame, and they are not one per frame (episode ${first!.key}: ${first!.count} values, ${first!.length} frames${n > 1 ? `; ${n} episodes like it` : ""}). Say which frames they are: "linspace-rint" (numpy.rint(numpy.linspace(0, N−1, T)), Robometer's sampling), "linspace-int" (numpy.linspace(0, N−1, T, dtype=int), decord's) or the frame indices.`,
      [{ name: "frames", reason: "Say which frames the values are for." }],
    );
  }
  if (!existing && rows.size === 0) {
    throw validationError(
      problems.length ? `Nothing could be imported: ${problems.length} problem${problems.length === 1 ? "" : "s"}.` : "The file holds no predictions.",
      problems.slice(0, 50).map((p) => ({ name: p.line > 0 ? `line ${p.line}` : "file", reason: p.message })),
    );
  }

  const all = [...rows.values()];
  const scale = (fields.scale ?? existing?.progressScale ?? stated?.value ?? detectScale(all)) as 100 | 1;
  const parsedAll = all.map((r) => parseRow(r, scale));
  // A flagged answer is kept (its text is shown and counted), and said: nothing is lost silently.
  all.forEach((r, i) => {
    const p = parsedAll[i]!;
    if (p.flag) problems.push({ line: r.line, message: `${r.where}: answer not scored (${p.flag}): ${p.flagDetail ?? PARSE_FLAG_TEXT[p.flag]}` });
  });
  problems.sort((a, b) => a.line - b.line);
  // Every good line lands, or none does: one transaction.
  const result = await db.$transaction(
    async (tx) => {
      const run = existing
        ? await tx.predictionRun.update({
            where: { id: existing.id },
            data: { problems: problems.slice(0, 1000) as unknown as Prisma.InputJsonValue, ...(fields.description !== undefined ? { description: fields.description } : {}) },
            select: { id: true, name: true },
          })
        : await tx.predictionRun.create({
            data: {
              name: fields.run,
              modelName: fields.modelName!,
              description: fields.description ?? "",
              progressScale: scale,
              origin: read.format,
              config: {
                importedFormat: read.format,
                pathPattern: fields.pathPattern ?? null,
                ...(frames ? { frames } : {}),
                ...(read.column ? { column: read.column } : {}),
                ...(stated ? { scaleFrom: stated.why } : {}),
              },
              problems: problems.slice(0, 1000) as unknown as Prisma.InputJsonValue,
              createdById: opts.user?.id ?? null,
            },
            select: { id: true, name: true },
          });
      let created = 0;
      let updated = 0;
      const fresh = new Map<number, number[]>(); // task → new prediction ids
      for (let i = 0; i < all.length; i += 2000) {
        const batch = all.slice(i, i + 2000);
        const parsed = parsedAll.slice(i, i + 2000);
        const written = await tx.$queryRaw<Array<{ id: number; episode_id: number; inserted: boolean }>>`
          INSERT INTO predictions (run_id, episode_id, query_frame, question_type, question, sampled_frames, causal, raw_output, format_ok,
                                   think, planning, observation, reasoning, answer_text, value, progress, parse_flag, score,
                                   reference_frame, success_prob, reference_answer, source_line, updated_at)
          SELECT ${run.id}, u.episode_id, u.query_frame, u.question_type::"QuestionType", u.question,
                 CASE WHEN u.sampled = '' THEN ARRAY[]::int[] ELSE string_to_array(u.sampled, ',')::int[] END,
                 u.causal, u.raw_output, u.format_ok, u.think, u.planning, u.observation, u.reasoning, u.answer_text, u.value, u.progress,
                 u.parse_flag, u.score, u.reference_frame, u.success_prob, u.reference_answer, u.source_line, now()
          FROM unnest(
            ${batch.map((r) => r.episodeId)}::int[], ${batch.map((r) => r.queryFrame)}::int[], ${batch.map((r) => r.questionType)}::text[],
            ${batch.map((r) => r.question)}::text[], ${batch.map((r) => r.sampledFrames.join(","))}::text[], ${batch.map((r) => r.causal)}::bool[],
            ${batch.map((r) => r.rawOutput)}::text[],
            ${parsed.map((p) => p.formatOk)}::bool[], ${parsed.map((p) => p.think)}::text[], ${parsed.map((p) => p.planning)}::text[],
            ${parsed.map((p) => p.observation)}::text[], ${parsed.map((p) => p.reasoning)}::text[], ${parsed.map((p) => p.answerText)}::text[],
            ${parsed.map((p) => p.value)}::float8[], ${parsed.map((p) => p.progress)}::float8[], ${parsed.map((p) => p.flag)}::text[],
            ${batch.map((r) => r.score)}::float8[], ${batch.map((r) => r.referenceFrame)}::int[], ${batch.map((r) => r.successProb)}::float8[],
            ${batch.map((r) => r.referenceAnswer)}::text[], ${batch.map((r) => r.line)}::int[]
          ) AS u(episode_id, query_frame, question_type, question, sampled, causal, raw_output, format_ok, think, planning, observation,
                 reasoning, answer_text, value, progress, parse_flag, score, reference_frame, success_prob, reference_answer, source_line)
          ON CONFLICT (run_id, episode_id, query_frame, question_type) DO UPDATE SET
            question = EXCLUDED.question, sampled_frames = EXCLUDED.sampled_frames, causal = EXCLUDED.causal, raw_output = EXCLUDED.raw_output,
            format_ok = EXCLUDED.format_ok, think = EXCLUDED.think, planning = EXCLUDED.planning, observation = EXCLUDED.observation,
            reasoning = EXCLUDED.reasoning, answer_text = EXCLUDED.answer_text, value = EXCLUDED.value, progress = EXCLUDED.progress,
            parse_flag = EXCLUDED.parse_flag, score = EXCLUDED.score, reference_frame = EXCLUDED.reference_frame,
            success_prob = EXCLUDED.success_prob, reference_answer = EXCLUDED.reference_answer,
            source_line = EXCLUDED.source_line, updated_at = now()
          WHERE (predictions.raw_output, predictions.answer_text, predictions.parse_flag, predictions.sampled_frames, predictions.causal, predictions.score,
                 predictions.question, predictions.reference_frame, predictions.success_prob, predictions.reference_answer)
                IS DISTINCT FROM (EXCLUDED.raw_output, EXCLUDED.answer_text, EXCLUDED.parse_flag, EXCLUDED.sampled_frames, EXCLUDED.causal, EXCLUDED.score,
                 EXCLUDED.question, EXCLUDED.reference_frame, EXCLUDED.success_prob, EXCLUDED.reference_answer)
          RETURNING id, episode_id, (xmax = 0) AS inserted`;
        const taskOf = new Map(batch.map((r) => [r.episodeId, r.taskId]));
        for (const w of written) {
          if (w.inserted) created++;
          else updated++;
          // New rows get their ground truth; rewritten ones too, since a comparison's reference frame may have moved.
          const t = taskOf.get(w.episode_id)!;
          const ids = fresh.get(t);
          if (ids) ids.push(w.id);
          else fresh.set(t, [w.id]);
        }
      }
      for (const [taskId, ids] of fresh) await setGroundTruthFor(tx, taskId, ids);
      // The run is causal while none of its predictions saw the whole trajectory.
      await tx.$executeRaw`UPDATE prediction_runs SET causal = NOT EXISTS (SELECT 1 FROM predictions WHERE run_id = ${run.id} AND NOT causal) WHERE id = ${run.id}`;
      await recordAudit(
        {
          actorId: opts.user?.id ?? null,
          action: "predictions.import",
          entityType: "prediction_run",
          entityId: run.id,
          detail: { format: read.format, created, updated, unchanged: all.length - created - updated, problems: problems.length },
          requestId: opts.requestId,
        },
        tx,
      );
      return { run, created, updated };
    },
    { timeout: 600_000, maxWait: 30_000 },
  );
  // Warm the leaderboard's sums now rather than on its first read. The import is committed
  // either way, and readers refresh whatever is still dirty, so a failure here is only logged.
  await refreshPredictionSums().catch((err) => console.error(`[predictions] sums refresh after importing run ${result.run.id}`, err));

  return {
    run: { ...result.run, created: !existing },
    format: read.format,
    lines: read.records.length + read.problems.length,
    created: result.created,
    updated: result.updated,
    unchanged: all.length - result.created - result.updated,
    problems: problems.slice(0, 1000),
    problemCount: problems.length,
  };
}

export async function assertRunExists(id: number) {
  const r = await db.predictionRun.findUnique({ where: { id }, select: { id: true } });
  if (!r) throw notFound(`Run ${id}`);
}
