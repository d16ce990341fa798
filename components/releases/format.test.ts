import { describe, expect, it } from "vitest";
import { ZCreateReleaseSchema } from "@/lib/releases/schemas";
import {
  DEFAULT_EXPORT_FORM,
  EMPTY_RELEASE_FORM,
  exportConfig,
  formatContents,
  formatLabels,
  formValuesFrom,
  historyText,
  pruneSelection,
  querySummary,
  releaseBody,
  tasksInScope,
  toggle,
} from "./format";
import { ZExportConfigSchema } from "@/lib/export/config";
import { releaseActions } from "@/lib/auth/policy";

const tasks = [
  { id: 1, instruction: "pick", environmentId: 10 },
  { id: 2, instruction: "place", environmentId: 10 },
  { id: 3, instruction: "fold", environmentId: 20 },
];

describe("release form", () => {
  it("turns the form into the request body the server accepts, ids sorted and deduplicated", () => {
    const r = releaseBody({ ...EMPTY_RELEASE_FORM, name: "  Bench ", environmentIds: [20, 10], episodeIdsText: "7, 3 3", testTaskIds: [3], idTestPercent: "12.5", seed: "4" });
    expect(r.errors).toBeNull();
    expect(r.body).toEqual({
      name: "Bench",
      notes: "",
      definition: { environmentIds: [10, 20], taskIds: [], episodeIds: [3, 7], onlyWithAcceptedChains: false },
      splits: { heldOutEnvironmentIds: [], testTaskIds: [3], idTestPercent: 12.5, seed: 4 },
    });
    expect(ZCreateReleaseSchema.safeParse(r.body).success).toBe(true);
  });

  it("names every bad field, as the server would", () => {
    const r = releaseBody({ ...EMPTY_RELEASE_FORM, name: "!bad", episodeIdsText: "3, x7", idTestPercent: "80", seed: "1.5" });
    expect(r.body).toBeNull();
    expect(Object.keys(r.errors!).sort()).toEqual(["definition.episodeIds", "name", "splits.idTestPercent", "splits.seed"]);
    expect(r.errors!["definition.episodeIds"]).toContain("x7");
    expect(releaseBody({ ...EMPTY_RELEASE_FORM, name: "" }).errors).toEqual({ name: "Give the release a name." });
  });

  it("round-trips a saved release", () => {
    const body = releaseBody({ ...EMPTY_RELEASE_FORM, name: "B", notes: "n", environmentIds: [10], taskIds: [1], episodeIdsText: "5", onlyWithAcceptedChains: true, heldOutEnvironmentIds: [], testTaskIds: [2], idTestPercent: "5", seed: "9" }).body!;
    expect(releaseBody(formValuesFrom(body)).body).toEqual(body);
  });

  it("offers the tasks of the chosen environments and drops choices that fall outside them", () => {
    expect(tasksInScope(tasks, []).map((t) => t.id)).toEqual([1, 2, 3]);
    expect(tasksInScope(tasks, [20]).map((t) => t.id)).toEqual([3]);
    const v = pruneSelection({ ...EMPTY_RELEASE_FORM, environmentIds: [10], taskIds: [1, 3], testTaskIds: [2, 3], heldOutEnvironmentIds: [10, 20] }, tasks);
    expect(v).toMatchObject({ taskIds: [1], testTaskIds: [2], heldOutEnvironmentIds: [10] });
    expect(toggle([3, 1], 2, true)).toEqual([1, 2, 3]);
    expect(toggle([1, 2, 3], 2, false)).toEqual([1, 3]);
  });
});

describe("export form", () => {
  it("builds a configuration the server's schema accepts", () => {
    const r = exportConfig({ ...DEFAULT_EXPORT_FORM, queryMode: "stride", stride: "15", imageWidth: "320" });
    expect(r.errors).toBeNull();
    expect(r.config).toMatchObject({ queries: { mode: "stride", stride: 15 }, imageWidth: 320 });
    expect(ZExportConfigSchema.safeParse(r.config).success).toBe(true);
    expect(exportConfig({ ...DEFAULT_EXPORT_FORM, queryMode: "lrm" }).config?.queries).toEqual({ mode: "lrm" });
    expect(exportConfig(DEFAULT_EXPORT_FORM).config?.imageWidth).toBeNull();
    // Clip timing and EasyR1's media reach the server as its schema names them.
    const fixed = exportConfig({ ...DEFAULT_EXPORT_FORM, clipTiming: "fixed", easyr1Media: "video" }).config!;
    expect(ZExportConfigSchema.parse(fixed)).toMatchObject({ clipTiming: { mode: "fixed", fps: 2 }, easyr1Media: "video" });
    expect(ZExportConfigSchema.parse(exportConfig(DEFAULT_EXPORT_FORM).config).clipTiming).toEqual({ mode: "real" });
  });

  it("says what a format will hold, or why it is empty", () => {
    expect(formatContents({ total: 1300, groups: [{ group: "train", count: 1200 }, { group: "test", count: 100 }], emptyReason: null, problem: null })).toBe("1,200 train, 100 test");
    expect(formatContents({ total: 3, groups: [{ group: "ood_cross_env", count: 3 }], emptyReason: null, problem: null })).toBe("3 ood cross env");
    expect(formatContents({ total: 13, groups: [{ group: "all", count: 13 }], emptyReason: null, problem: null })).toBe("13 episodes");
    expect(formatContents({ total: 0, groups: [], emptyReason: "SFT formats use accepted chains: 0 in this release", problem: null })).toBe("Empty: SFT formats use accepted chains: 0 in this release");
    expect(formatContents({ total: 5, groups: [{ group: "train", count: 5 }], emptyReason: null, problem: "frames mode" })).toBe("Cannot be written: frames mode");
  });

  it("refuses what the server would refuse", () => {
    const r = exportConfig({ ...DEFAULT_EXPORT_FORM, formats: [], count: "0", maxFrames: "99", seed: "-2", shardSize: "x", imageWidth: "10" });
    expect(Object.keys(r.errors!).sort()).toEqual(["config.formats", "config.imageWidth", "config.maxFrames", "config.queries", "config.seed", "config.shardSize"]);
    expect(exportConfig({ ...DEFAULT_EXPORT_FORM, mediaRoot: "data/x" }).errors).toEqual({ "config.mediaRoot": expect.stringMatching(/absolute path/) });
    expect(exportConfig({ ...DEFAULT_EXPORT_FORM, mediaRoot: "/data/../x" }).errors).toEqual({ "config.mediaRoot": expect.any(String) });
    expect(ZExportConfigSchema.parse(exportConfig({ ...DEFAULT_EXPORT_FORM, mediaRoot: " /data/x/ " }).config).mediaRoot).toBe("/data/x");
  });

  it("lists formats by name in a fixed order, and says how query times were chosen", () => {
    expect(formatLabels(["verl", "primo-rl"])).toBe("PRIMO / Video-R1 RL, verl RL");
    expect(querySummary({ mode: "count", count: 8 })).toBe("8 query times per episode");
    expect(querySummary({ mode: "stride", stride: 30 })).toBe("a query every 30 frames");
    expect(querySummary({ mode: "lrm" })).toBe("LRM keyframes (11 per episode)");
  });
});

describe("release workflow and history", () => {
  it("offers each role only its own moves", () => {
    // Made by someone else (id 9), four-eyes on: the role decides.
    const as = (role: "ANNOTATOR" | "RESEARCHER" | "LEAD" | "ADMIN", status: string) => releaseActions({ id: 1, role }, { status, createdById: 9, fourEyes: true, contributorIds: [9] });
    expect(releaseActions({ id: 9, role: "RESEARCHER" }, { status: "DRAFT", createdById: 9, fourEyes: true, contributorIds: [9] })).toEqual(["submit"]);
    expect(as("RESEARCHER", "IN_REVIEW")).toEqual([]);
    expect(as("LEAD", "IN_REVIEW")).toEqual(["approve", "return"]);
    expect(as("ADMIN", "APPROVED")).toEqual(["publish", "return"]);
    expect(as("LEAD", "PUBLISHED")).toEqual([]);
    expect(as("ANNOTATOR", "IN_REVIEW")).toEqual([]);
  });

  it("words history entries with what was checked", () => {
    const h = "ab".repeat(32);
    expect(historyText({ action: "release.approve", exportId: null, comment: null, contentHash: h, fields: null })).toBe("approved it (content abababababab)");
    expect(historyText({ action: "release.update", exportId: null, comment: null, contentHash: null, fields: ["filters", "notes"] })).toBe("edited the release (definition, notes)");
    expect(historyText({ action: "export.resume", exportId: 7, comment: null, contentHash: null, fields: null })).toBe("resumed export #7");
  });
});
