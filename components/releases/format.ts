// Pure helpers for the release pages: split and status labels, the definition form ↔ request
// body, the export form → export configuration, and the history's wording. No React, so they
// are unit-tested.
import type { TExportConfigInput } from "@/lib/export/config";
import { EXPORT_FORMATS, type ExportFormat } from "@/lib/export/formats/ids";
import { FORMATS } from "@/lib/export/formats";
export { SPLIT_TAG_LABEL, SPLIT_TAG_SHORT, SPLIT_TAGS } from "@/lib/releases/workflow";
import { parseEpisodeIds } from "@/components/runs/format";
import { ZCreateReleaseSchema, type TCreateRelease } from "@/lib/releases/schemas";

/** The first 12 hex digits of a sha256, for tables (the full hash is shown where it is checked). */
export const shortHash = (h: string | null | undefined) => (h ? h.slice(0, 12) : "—");

// ------------------------------------------------------------------------------------------
// Release definition form

export interface ReleaseFormValues {
  name: string;
  notes: string;
  environmentIds: number[];
  taskIds: number[];
  /** Episode ids, typed as a list ("12, 15 40"); empty means every episode of the chosen tasks. */
  episodeIdsText: string;
  onlyWithAcceptedChains: boolean;
  heldOutEnvironmentIds: number[];
  testTaskIds: number[];
  idTestPercent: string;
  seed: string;
}

export const EMPTY_RELEASE_FORM: ReleaseFormValues = {
  name: "",
  notes: "",
  environmentIds: [],
  taskIds: [],
  episodeIdsText: "",
  onlyWithAcceptedChains: false,
  heldOutEnvironmentIds: [],
  testTaskIds: [],
  idTestPercent: "10",
  seed: "0",
};

/** The body of POST /api/releases, as its request schema reads it. */
export type ReleaseBody = TCreateRelease;

/** The form's field names, as the server names them in invalid_params. */
export const RELEASE_FIELDS = ["name", "notes", "definition.episodeIds", "definition", "splits.idTestPercent", "splits.seed", "splits"] as const;

const sorted = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b);

/** How the form words a field's problem; other problems read as the request schema words them. */
const FIELD_WORDS: Record<string, string> = {
  "splits.idTestPercent": "A percentage from 0 to 50.",
  "splits.seed": "A whole number from 0 to 2147483647.",
};
const numberOrNaN = (text: string) => (text.trim() === "" ? NaN : Number(text));

/**
 * The request body of a form, or the fields' problems: checked with the API's own request schema
 * (ZCreateReleaseSchema), so the form refuses exactly what the server would.
 */
export function releaseBody(v: ReleaseFormValues): { body: ReleaseBody; errors: null } | { body: null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = v.name.trim();
  if (!name) errors.name = "Give the release a name.";
  const episodes = parseEpisodeIds(v.episodeIdsText);
  if (episodes.bad.length) errors["definition.episodeIds"] = `Not episode ids: ${episodes.bad.slice(0, 5).join(", ")}.`;
  const body: ReleaseBody = {
    name,
    notes: v.notes,
    definition: { environmentIds: sorted(v.environmentIds), taskIds: sorted(v.taskIds), episodeIds: sorted(episodes.ids), onlyWithAcceptedChains: v.onlyWithAcceptedChains },
    splits: { heldOutEnvironmentIds: sorted(v.heldOutEnvironmentIds), testTaskIds: sorted(v.testTaskIds), idTestPercent: numberOrNaN(v.idTestPercent), seed: numberOrNaN(v.seed) },
  };
  const checked = ZCreateReleaseSchema.safeParse(body);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const path = issue.path.map(String);
      const field = RELEASE_FIELDS.find((f) => f === path.slice(0, 2).join(".")) ?? RELEASE_FIELDS.find((f) => f === path[0]) ?? path.join(".");
      errors[field] ??= FIELD_WORDS[field] ?? (field === "name" && issue.code === "too_big" ? "At most 120 characters." : issue.message);
    }
  }
  if (Object.keys(errors).length) return { body: null, errors };
  return { body, errors: null };
}

/** A saved release as form values (to edit a draft, or to start its next version). */
export function formValuesFrom(r: { name: string; notes: string; definition: ReleaseBody["definition"]; splits: ReleaseBody["splits"] }): ReleaseFormValues {
  return {
    name: r.name,
    notes: r.notes,
    environmentIds: r.definition.environmentIds,
    taskIds: r.definition.taskIds,
    episodeIdsText: r.definition.episodeIds.join(", "),
    onlyWithAcceptedChains: r.definition.onlyWithAcceptedChains,
    heldOutEnvironmentIds: r.splits.heldOutEnvironmentIds,
    testTaskIds: r.splits.testTaskIds,
    idTestPercent: String(r.splits.idTestPercent),
    seed: String(r.splits.seed),
  };
}

export interface TaskFacet {
  id: number;
  instruction: string;
  environmentId: number;
}

/** Tasks the release can contain: those of the chosen environments (all, when none is chosen). */
export function tasksInScope<T extends TaskFacet>(tasks: readonly T[], environmentIds: readonly number[]): T[] {
  return environmentIds.length ? tasks.filter((t) => environmentIds.includes(t.environmentId)) : [...tasks];
}

/**
 * Keeps the choices consistent after the environments change: tasks (and test tasks) outside the
 * chosen environments are dropped, and a held-out environment must be one of the chosen ones.
 */
export function pruneSelection(v: ReleaseFormValues, tasks: readonly TaskFacet[]): ReleaseFormValues {
  const scope = new Set(tasksInScope(tasks, v.environmentIds).map((t) => t.id));
  const inScope = (ids: number[]) => ids.filter((id) => scope.has(id));
  const heldOut = v.environmentIds.length ? v.heldOutEnvironmentIds.filter((id) => v.environmentIds.includes(id)) : v.heldOutEnvironmentIds;
  return { ...v, taskIds: inScope(v.taskIds), testTaskIds: inScope(v.testTaskIds), heldOutEnvironmentIds: heldOut };
}

export function toggle(ids: readonly number[], id: number, on: boolean): number[] {
  return on ? sorted([...ids, id]) : ids.filter((x) => x !== id);
}

// ------------------------------------------------------------------------------------------
// Export form

/** Label and one-line description of every format, from its module in the registry. */
export const FORMAT_INFO: Record<ExportFormat, { label: string; description: string }> = Object.fromEntries(
  EXPORT_FORMATS.map((f) => [f, { label: FORMATS[f].label, description: FORMATS[f].description }]),
) as Record<ExportFormat, { label: string; description: string }>;

export const FORMAT_ORDER: readonly ExportFormat[] = EXPORT_FORMATS;

export interface ExportFormValues {
  formats: ExportFormat[];
  queryMode: "count" | "stride" | "lrm";
  count: string;
  stride: string;
  maxFrames: string;
  seed: string;
  videoMode: "clip" | "frames";
  clipTiming: "real" | "fixed";
  easyr1Media: "images" | "video";
  layout: "files" | "webdataset";
  shardSize: string;
  imageWidth: string;
  /** Absolute folder of the export on the training machine, or empty. */
  mediaRoot: string;
  destination: "local" | "s3";
}

export const DEFAULT_EXPORT_FORM: ExportFormValues = {
  formats: ["primo-rl", "primo-sft"],
  queryMode: "count",
  count: "8",
  stride: "30",
  maxFrames: "16",
  seed: "0",
  videoMode: "clip",
  clipTiming: "real",
  easyr1Media: "images",
  layout: "files",
  shardSize: "1000",
  imageWidth: "",
  mediaRoot: "",
  destination: "local",
};

export const EXPORT_FIELDS = ["config.formats", "config.queries", "config.maxFrames", "config.seed", "config.videoMode", "config.clipTiming", "config.easyr1Media", "config.layout", "config.shardSize", "config.imageWidth", "config.mediaRoot", "config.destination"] as const;

function wholeNumber(text: string, min: number, max: number): number | null {
  const n = Number(text);
  return text.trim() !== "" && Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** The export configuration of a form, or the fields' problems (the server checks again). */
export function exportConfig(v: ExportFormValues): { config: TExportConfigInput; errors: null } | { config: null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (v.formats.length === 0) errors["config.formats"] = "Choose at least one format.";
  let queries: TExportConfigInput["queries"] = { mode: "lrm" };
  if (v.queryMode === "count") {
    const count = wholeNumber(v.count, 1, 1000);
    if (count === null) errors["config.queries"] = "Query times per episode: a whole number from 1 to 1000.";
    else queries = { mode: "count", count };
  } else if (v.queryMode === "stride") {
    const stride = wholeNumber(v.stride, 1, 100_000);
    if (stride === null) errors["config.queries"] = "Frames between query times: a whole number from 1 to 100000.";
    else queries = { mode: "stride", stride };
  }
  const maxFrames = wholeNumber(v.maxFrames, 1, 64);
  if (maxFrames === null) errors["config.maxFrames"] = "A whole number from 1 to 64.";
  const seed = wholeNumber(v.seed, 0, 2 ** 31 - 1);
  if (seed === null) errors["config.seed"] = "A whole number from 0 to 2147483647.";
  const shardSize = wholeNumber(v.shardSize, 1, 1_000_000);
  if (shardSize === null) errors["config.shardSize"] = "A whole number from 1 to 1000000.";
  let imageWidth: number | null = null;
  if (v.imageWidth.trim()) {
    imageWidth = wholeNumber(v.imageWidth, 64, 4096);
    if (imageWidth === null) errors["config.imageWidth"] = "Empty for the video's own size, or a width from 64 to 4096 pixels.";
  }
  const mediaRoot = v.mediaRoot.trim() || null;
  if (mediaRoot !== null && (!mediaRoot.startsWith("/") || mediaRoot.split("/").some((c) => c === "." || c === ".."))) {
    errors["config.mediaRoot"] = "Empty, or an absolute path (starting with /, without . or .. parts).";
  }
  if (Object.keys(errors).length) return { config: null, errors };
  return {
    config: {
      formats: [...v.formats],
      queries,
      maxFrames: maxFrames!,
      seed: seed!,
      videoMode: v.videoMode,
      clipTiming: v.clipTiming === "real" ? { mode: "real" } : { mode: "fixed", fps: 2 },
      easyr1Media: v.easyr1Media,
      layout: v.layout,
      shardSize: shardSize!,
      imageWidth,
      mediaRoot,
      destination: v.destination,
    },
    errors: null,
  };
}

/** What a format will hold, in words: "1,200 train, 300 test", or why it is empty. */
export function formatContents(p: { total: number; groups: { group: string; count: number }[]; emptyReason: string | null; problem: string | null }): string {
  if (p.problem) return `Cannot be written: ${p.problem}`;
  if (p.total === 0) return `Empty: ${p.emptyReason ?? "no records"}`;
  // A dataset format's one group holds every episode.
  return p.groups.map((g) => `${g.count.toLocaleString("en")} ${g.group === "all" ? (g.count === 1 ? "episode" : "episodes") : g.group.replace(/_/g, " ")}`).join(", ");
}

/** How an export chose its query times, in words. */
export function querySummary(q: { mode: string; count?: number; stride?: number } | undefined): string {
  if (!q) return "";
  if (q.mode === "count") return `${q.count} query times per episode`;
  if (q.mode === "stride") return q.stride === 1 ? "a query at every frame" : `a query every ${q.stride} frames`;
  return "LRM keyframes (11 per episode)";
}

/** "primo-rl, primo-sft" → readable labels, in the table's order. */
export const formatLabels = (formats: readonly string[]) =>
  FORMAT_ORDER.filter((f) => formats.includes(f))
    .map((f) => FORMAT_INFO[f].label)
    .join(", ");

// ------------------------------------------------------------------------------------------
// History

export interface HistoryEntryLike {
  action: string;
  exportId: number | null;
  comment: string | null;
  contentHash: string | null;
  fields: string[] | null;
}

const ACTION_TEXT: Record<string, string> = {
  "release.create": "created the release",
  "release.update": "edited the release",
  "release.submit": "submitted it for review, freezing the snapshot",
  "release.approve": "approved it",
  "release.publish": "published it",
  "release.return": "returned it to draft",
  "release.delete": "deleted it",
  "export.start": "started export",
  "export.cancel": "cancelled export",
  "export.resume": "resumed export",
};

/** One history line after the actor's name, e.g. "approved it (content 1a2b3c4d5e6f)". */
export function historyText(e: HistoryEntryLike): string {
  let text = ACTION_TEXT[e.action] ?? e.action;
  if (e.exportId !== null) text += ` #${e.exportId}`;
  if (e.action === "release.update" && e.fields?.length) text += ` (${e.fields.map((f) => (f === "filters" ? "definition" : f === "splitConfig" ? "splits" : f)).join(", ")})`;
  if (e.contentHash && ["release.submit", "release.approve", "release.publish"].includes(e.action)) text += ` (content ${shortHash(e.contentHash)})`;
  return text;
}
