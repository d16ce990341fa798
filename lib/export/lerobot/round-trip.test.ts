// Writer → disk → the app's LeRobot v3 reader (no database, no ffmpeg: the videos are stand-in
// files, the reader only checks that they exist): segments, outcomes and failure reasons come back
// exactly, and an outcome the reader does not know is reported.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DatasetIo, WrittenFileInfo } from "@/lib/export/formats/format";
import type { SnapshotEpisode } from "@/lib/export/types";
import { readLeRobotV3 } from "@/lib/import/readers/lerobot-v3";
import { readRows, writeColumns } from "./parquet";
import { writeLerobotDataset } from "./write-dataset";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A DatasetIo writing into `root`; concatenated videos are stand-in files. */
function diskIo(root: string): DatasetIo {
  const put = (rel: string, data: Uint8Array | string): WrittenFileInfo => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), data);
    return { path: rel, bytes: typeof data === "string" ? data.length : data.byteLength, sha256: "" };
  };
  return {
    readSource: async () => {
      throw new Error("no sources");
    },
    sourcePath: async (p) => p,
    writeFile: async (rel, data) => put(rel, data),
    linkOrCopy: async (_from, rel) => ({ ...put(rel, "mp4"), linked: false }),
    concatVideos: async (parts, rel) => ({ ...put(rel, "mp4"), frames: parts.reduce((n, p) => n + p.frameCount, 0) }),
  };
}

const episode = (id: number, length: number, outcome: SnapshotEpisode["annotation"]["outcome"], segments: [number, number, string][], failureReason: string | null = null): SnapshotEpisode => ({
  episodeId: id,
  key: `ep-${id}`,
  environment: { id: 1, slug: "lab", name: "Lab" },
  task: { id: 1, key: "t", instruction: "Stack the cups." },
  split: "train",
  splitTag: "TRAIN",
  lengthFrames: length,
  fps: 15,
  camera: "front",
  video: { uri: `file:/x/${id}.mp4`, startFrame: 0, fpsNum: 15, fpsDen: 1, width: 64, height: 48 },
  annotation: { id, version: 1, outcome, failureReason, segments: segments.map(([startFrame, endFrame, label]) => ({ startFrame, endFrame, label })) },
  source: { kind: "MANIFEST", uri: "/x/manifest.jsonl", metadata: {} },
  progress: { weighting: "DURATION", canonicalSubtasks: ["lift", "stack"], typicalDurations: {} },
  chains: [],
});

describe("LeRobot export read back by the app's reader", () => {
  it("gives back segments, outcomes and failure reasons exactly", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "lerobot-rt-"));
    dirs.push(root);
    const eps = [
      episode(1, 20, "SUCCESS", [[0, 9, "lift"], [10, 19, "stack"]]),
      episode(2, 30, "FAILURE", [[3, 12, "lift"]], "Object dropped"),
      episode(3, 10, "UNSURE", []),
      episode(4, 12, "SUCCESS", [[0, 0, "lift"], [1, 11, "stack"]]),
    ];
    await writeLerobotDataset(eps, diskIo(root), { folder: "ds" });
    const batch = await readLeRobotV3({ root: path.join(root, "ds") });
    expect(batch.problems).toEqual([]);
    expect(batch.episodes.map((e) => [e.sourceKey, e.lengthFrames, e.fps, e.outcome, e.failureReason ?? null, e.instruction])).toEqual([
      ["0", 20, 15, "SUCCESS", null, "Stack the cups."],
      ["1", 30, 15, "FAILURE", "Object dropped", "Stack the cups."],
      ["2", 10, 15, "UNSURE", null, "Stack the cups."],
      ["3", 12, 15, "SUCCESS", null, "Stack the cups."],
    ]);
    expect(batch.episodes.map((e) => e.segments)).toEqual(eps.map((e) => (e.annotation.segments.length ? e.annotation.segments : null)));
    expect(batch.episodes[0].cameras).toEqual([{ camera: "observation.images.front", path: "videos/observation.images.front/chunk-000/file-000.mp4", startSec: 0, frameCount: 20 }]);
    expect(batch.episodes[1].cameras[0].startSec).toBeCloseTo(20 / 15, 12);
    expect(batch.tasks[0].canonicalSubtasks).toEqual(["lift", "stack"]);
  });

  it("reports an outcome it does not know", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "lerobot-rt-"));
    dirs.push(root);
    await writeLerobotDataset([episode(1, 20, "SUCCESS", [[0, 19, "lift"]])], diskIo(root), { folder: "ds" });
    const file = path.join(root, "ds/meta/episodes/chunk-000/file-000.parquet");
    const { readFileSync } = await import("node:fs");
    const { parsed, rows } = await readRows(readFileSync(file));
    const cols = parsed.columns.map((name) => ({ name, schema: parsed.schemaOf.get(name)!, data: rows.map((r) => (name === "outcome" ? "MAYBE" : (r[name] ?? null))) }));
    writeFileSync(file, writeColumns(cols));
    const batch = await readLeRobotV3({ root: path.join(root, "ds") });
    expect(batch.problems.map((p) => p.reason).join("\n")).toMatch(/"outcome" must be one of SUCCESS, FAILURE, UNSURE, UNKNOWN \(got "MAYBE"\)/);
  });
});
