// What one import may hold, checked for every reader's batch before anything is probed or
// written (lib/imports/run-import.ts). Text that lands in shared lists (task instructions,
// environment and camera names, labels) is bounded so that one import cannot make every user's
// facets or episode list megabytes long; metadata is bounded in depth and size; text never holds
// NUL or unpaired surrogates, which PostgreSQL refuses. Pure.
import { badTextReason } from "@/lib/server/schemas";
import type { ImportBatch, ImportProblem } from "./types";

export const IMPORT_LIMITS = {
  /** Longest line of a JSON Lines file (characters). */
  lineChars: 1_000_000,
  /** Task instruction (characters). */
  instructionChars: 2_000,
  /** Episode key, task key, environment, camera name, split tag, subtask label (characters). */
  nameChars: 200,
  camerasPerEpisode: 16,
  segmentsPerEpisode: 5_000,
  /** Nesting of an episode's metadata object. */
  metadataDepth: 8,
  /** An episode's metadata as JSON (bytes). */
  metadataBytes: 256_000,
} as const;

function depthOf(v: unknown, limit: number, d = 0): number {
  if (d > limit || v === null || typeof v !== "object") return d;
  let max = d;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    max = Math.max(max, depthOf(x, limit, d + 1));
    if (max > limit) break;
  }
  return max;
}

/** The first unusable string anywhere in a value: where, and why. */
function badString(v: unknown, where: string): string | null {
  if (typeof v === "string") {
    const r = badTextReason(v);
    return r ? `${where} ${r}` : null;
  }
  if (v === null || typeof v !== "object") return null;
  for (const [k, x] of Array.isArray(v) ? v.entries() : Object.entries(v)) {
    if (typeof k === "string" && badTextReason(k)) return `a key in ${where} ${badTextReason(k)}`;
    const r = badString(x, `${where}.${String(k)}`);
    if (r) return r;
  }
  return null;
}

/** Every limit an imported batch breaks, one problem per episode or task (nothing is written then). */
export function batchLimitProblems(batch: ImportBatch): ImportProblem[] {
  const L = IMPORT_LIMITS;
  const problems: ImportProblem[] = [];
  const name = (what: string, v: string | null | undefined) =>
    v != null && v.length > L.nameChars ? `${what} is ${v.length} characters long (at most ${L.nameChars})` : null;
  for (const t of batch.tasks) {
    const reasons = [
      t.instruction.length > L.instructionChars ? `the task text is ${t.instruction.length} characters long (at most ${L.instructionChars})` : null,
      name("the task key", t.key),
      name("the environment", t.environment),
      badString({ instruction: t.instruction, key: t.key, environment: t.environment, subtasks: t.canonicalSubtasks }, "task"),
    ].filter((r): r is string => r !== null);
    if (reasons.length) problems.push({ file: "", reason: `task ${JSON.stringify(t.key.slice(0, 60))}: ${reasons.join("; ")}` });
  }
  for (const e of batch.episodes) {
    const reasons: (string | null)[] = [
      name("the episode key", e.sourceKey),
      name("the environment", e.environment),
      e.instruction.length > L.instructionChars ? `the task text is ${e.instruction.length} characters long (at most ${L.instructionChars})` : null,
      e.cameras.length > L.camerasPerEpisode ? `it has ${e.cameras.length} cameras (at most ${L.camerasPerEpisode})` : null,
      (e.segments?.length ?? 0) > L.segmentsPerEpisode ? `it has ${e.segments!.length} subtasks (at most ${L.segmentsPerEpisode})` : null,
      ...e.cameras.map((c) => name(`camera name ${JSON.stringify(c.camera.slice(0, 40))}`, c.camera)),
      ...e.splitTags.map((t) => name("a split tag", t)),
      ...(e.segments ?? []).slice(0, 100).map((s) => name(`subtask label ${JSON.stringify(s.label.slice(0, 40))}`, s.label)),
    ];
    if (depthOf(e.metadata, L.metadataDepth) > L.metadataDepth) reasons.push(`its metadata nests deeper than ${L.metadataDepth} levels`);
    else {
      const bytes = Buffer.byteLength(JSON.stringify(e.metadata ?? {}));
      if (bytes > L.metadataBytes) reasons.push(`its metadata is ${bytes} bytes as JSON (at most ${L.metadataBytes})`);
    }
    reasons.push(
      badString(
        { key: e.sourceKey, environment: e.environment, task: e.instruction, failureReason: e.failureReason ?? null, cameras: e.cameras.map((c) => [c.camera, c.path]), splitTags: e.splitTags, segments: e.segments?.map((s) => s.label), metadata: e.metadata },
        "episode",
      ),
    );
    const found = reasons.filter((r): r is string => r !== null);
    if (found.length) problems.push({ file: "", episode: e.sourceKey.slice(0, 200), reason: found.join("; ") });
  }
  return problems;
}
