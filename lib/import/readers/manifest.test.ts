import { promises as fsPromises } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import {
  buildLargeManifestFixture,
  buildMalformedManifestFixture,
  buildManifestFixture,
  buildManifestMissingVideoFixture,
  buildMp4vManifestFixture,
  buildPathTraversalManifestFixture,
} from "../../../tests/fixtures/build-fixtures";
import { readManifest } from "./manifest";

let tmp: string;
let n = 0;
const fresh = () => path.join(tmp, `ds-${n++}`);

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "reader-manifest-"));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const base = {
  episode_id: "e1",
  task: "Put the mug in the sink.",
  environment: "Kitchen Sim",
  cameras: [{ name: "front", path: "videos/kitchen-001_front.mp4" }],
};

/** Writes `lines` (objects or raw strings) as manifest.jsonl next to the fixture videos. */
async function manifestWith(lines: (Record<string, unknown> | string)[]): Promise<string> {
  const root = fresh();
  const fixture = await buildManifestFixture(root);
  await writeFile(fixture.manifestPath, lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n");
  return fixture.manifestPath;
}

describe("readManifest", () => {
  it("reads the fixture: episodes, cameras in shared files, subtasks, tasks", async () => {
    const root = fresh();
    const fixture = await buildManifestFixture(root);
    const batch = await readManifest({ root: fixture.manifestPath });

    expect(batch.problems).toEqual([]);
    expect(batch.kind).toBe("MANIFEST");
    expect(batch.name).toBe(path.basename(root));
    expect(batch.tasks).toEqual([
      {
        environment: "Kitchen Sim",
        key: "mug-to-sink",
        instruction: "Put the mug in the sink.",
        canonicalSubtasks: ["grasp mug", "place mug in sink"],
      },
      { environment: "Kitchen Sim", key: "Wipe the counter.", instruction: "Wipe the counter.", canonicalSubtasks: [] },
    ]);
    const [a, b, c] = batch.episodes;
    expect(batch.episodes).toHaveLength(3);
    expect(a).toEqual({
      sourceKey: "kitchen-001",
      environment: "Kitchen Sim",
      taskKey: "mug-to-sink",
      instruction: "Put the mug in the sink.",
      lengthFrames: 60,
      fps: 30,
      outcome: "SUCCESS",
      splitTags: ["train"],
      // length_frames is the reference camera's; each camera's own count comes from its video.
      cameras: [
        { camera: "front", path: "videos/kitchen-001_front.mp4", startSec: 0, frameCount: null, offsetMs: 0 },
        { camera: "wrist", path: "videos/kitchen-001_wrist.mp4", startSec: 0, frameCount: null, offsetMs: 0 },
      ],
      referenceCamera: null,
      segments: [
        { startFrame: 0, endFrame: 29, label: "grasp mug" },
        { startFrame: 30, endFrame: 59, label: "place mug in sink" },
      ],
      segmentOrigin: "MANIFEST",
      metadata: { operator: "op-7", scene: "kitchen-a" },
    });
    expect(b.outcome).toBe("FAILURE");
    expect(c.outcome).toBe("UNKNOWN");
    expect([b.cameras[0], c.cameras[0]]).toEqual([
      { camera: "front", path: "videos/shared_front.mp4", startSec: 0, frameCount: 45, offsetMs: 0 },
      { camera: "front", path: "videos/shared_front.mp4", startSec: 1.5, frameCount: 45, offsetMs: 0 },
    ]);
    expect(c.segments).toBeNull();
    expect(c.taskKey).toBe("Wipe the counter.");
  });

  it("reports a malformed line by number and still reads the others", async () => {
    const fixture = await buildMalformedManifestFixture(fresh());
    const batch = await readManifest({ root: fixture.manifestPath });
    expect(batch.problems).toEqual([{ file: "manifest.jsonl", line: fixture.badLine, reason: expect.stringMatching(/^line 2: not valid JSON/) }]);
    expect(batch.episodes.map((e) => e.sourceKey)).toEqual(["kitchen-001", "kitchen-003"]);
  });

  it("reports a missing video with line and episode", async () => {
    const fixture = await buildManifestMissingVideoFixture(fresh());
    const batch = await readManifest({ root: fixture.manifestPath });
    expect(batch.problems).toEqual([
      { file: "manifest.jsonl", line: 2, episode: "kitchen-002", reason: 'line 2: camera "front": video "videos/missing.mp4" does not exist' },
    ]);
  });

  it("refuses video paths that escape the manifest folder or are absolute", async () => {
    const fixture = await buildPathTraversalManifestFixture(fresh());
    const batch = await readManifest({ root: fixture.manifestPath });
    expect(batch.problems).toEqual([
      {
        file: "manifest.jsonl",
        line: fixture.badLine,
        episode: "kitchen-003",
        reason: 'line 3: camera "front": video path escapes the dataset root: "../../etc/passwd"',
      },
    ]);
    expect(batch.episodes.flatMap((e) => e.cameras.map((c) => c.path)).some((p) => p.includes(".."))).toBe(false);

    const abs = await manifestWith([{ ...base, cameras: [{ name: "front", path: "/etc/passwd" }] }]);
    expect((await readManifest({ root: abs })).problems[0].reason).toBe(
      'line 1: camera "front": video path "/etc/passwd" is absolute; it must be relative to the dataset root',
    );
  });

  it("accepts an mp4v video (the reader does not probe codecs)", async () => {
    const fixture = await buildMp4vManifestFixture(fresh());
    const batch = await readManifest({ root: fixture.manifestPath });
    expect(batch.problems).toEqual([]);
    expect(batch.episodes[0].cameras[0].path).toBe(fixture.mp4vVideo);
  });

  it("explains missing and mistyped fields, one problem per line", async () => {
    const file = await manifestWith([
      { episode_id: "e1", task: "Put the mug in the sink.", environment: "Kitchen Sim" },
      { ...base, episode_id: "e2", camras: [] },
      { ...base, episode_id: 3, fps: "30", outcome: "sucess", cameras: [] },
      { ...base, episode_id: "e4", cameras: [{ name: "front", path: "videos/kitchen-001_front.mp4", start: 2 }] },
      { ...base, episode_id: "e5", length_frames: 10.5, subtasks: [{ label: "x", start_frame: 0 }] },
      "[1, 2, 3]",
    ]);
    const batch = await readManifest({ root: file });
    expect(batch.problems.map((p) => [p.line, p.reason])).toEqual([
      [1, 'line 1: "cameras" is required'],
      [2, 'line 2: unknown field "camras" (did you mean "cameras"?); allowed fields: episode_id, task, task_id, environment, cameras, reference_camera, fps, length_frames, outcome, split_tags, subtasks, metadata'],
      [
        3,
        'line 3: "episode_id" must be text (got number 3); "cameras" must list at least 1 item; "fps" must be a number (got the text "30"); "outcome" must be one of "success", "failure", "unsure", "unknown" (got the text "sucess")',
      ],
      [4, 'line 4: unknown field "start" in "cameras[0]" (did you mean "start_sec"?); allowed fields: name, path, start_sec, frame_count, offset_ms'],
      [5, 'line 5: "length_frames" must be a whole number (got number 10.5); "subtasks[0].end_frame" is required'],
      [6, "line 6: must be a JSON object describing one episode"],
    ]);
    expect(batch.problems.every((p) => p.file === "manifest.jsonl")).toBe(true);
    expect(batch.episodes).toEqual([]);
  });

  it("requires an environment unless the import names one, which then wins", async () => {
    const { environment: _e, ...noEnv } = base;
    const file = await manifestWith([noEnv, { ...base, episode_id: "e2" }]);
    const without = await readManifest({ root: file });
    expect(without.problems).toEqual([
      { file: "manifest.jsonl", line: 1, episode: "e1", reason: 'line 1: "environment" is required (or choose an environment for the whole import)' },
    ]);
    const withEnv = await readManifest({ root: file, environment: "Real kitchen" });
    expect(withEnv.problems).toEqual([]);
    expect(withEnv.episodes.map((e) => e.environment)).toEqual(["Real kitchen", "Real kitchen"]);
  });

  it("reports duplicate episode ids, conflicting task ids and bad subtasks", async () => {
    const file = await manifestWith([
      { ...base, task_id: "t1" },
      { ...base, task_id: "t1", task: "Something else." },
      {
        ...base,
        episode_id: "e3",
        length_frames: 40,
        subtasks: [
          { label: "a", start_frame: 0, end_frame: 15 },
          { label: "b", start_frame: 15, end_frame: 30 },
          { label: "c", start_frame: 31, end_frame: 40 },
        ],
      },
      { ...base, episode_id: "e4", subtasks: [{ label: "a", start_frame: 9, end_frame: 3 }] },
    ]);
    const batch = await readManifest({ root: file });
    expect(batch.problems.map((p) => [p.line, p.episode, p.reason])).toEqual([
      [
        2,
        "e1",
        'line 2: episode_id "e1" already appears on line 1; task_id "t1" has the instruction "Put the mug in the sink." on line 1 but "Something else." here',
      ],
      [
        3,
        "e3",
        'line 3: subtasks: subtask "c" ends at frame 40 but the episode has 40 frames (last frame 39); subtasks: subtasks "a" (frames 0-15) and "b" (frames 15-30) overlap',
      ],
      [4, "e4", 'line 4: subtasks: subtask "a" ends (frame 3) before it starts (frame 9)'],
    ]);
  });

  // Its speed is measured by `npm run bench:ingest`, not here (a timed test measures its neighbours).
  it("reads 10,000 lines, statting each video once", async () => {
    const fixture = await buildLargeManifestFixture(fresh(), 10_000);
    const statSpy = vi.spyOn(fsPromises, "stat");
    try {
      const batch = await readManifest({ root: fixture.manifestPath });
      expect(batch.problems).toEqual([]);
      expect(batch.episodes).toHaveLength(10_000);
      expect(batch.tasks).toHaveLength(2);
      // All 10,000 lines name the same video: one stat.
      expect(statSpy.mock.calls.filter(([p]) => String(p).endsWith("shared_front.mp4"))).toHaveLength(1);
    } finally {
      statSpy.mockRestore();
    }
  });

  it("reports a missing manifest and an empty one", async () => {
    const root = fresh();
    expect((await readManifest({ root: path.join(root, "nope.jsonl") })).problems).toEqual([{ file: "nope.jsonl", reason: "file is missing" }]);
    const empty = await manifestWith(["", "   "]);
    expect((await readManifest({ root: empty })).problems).toEqual([{ file: "manifest.jsonl", reason: "the manifest lists no episodes" }]);
  });
});
