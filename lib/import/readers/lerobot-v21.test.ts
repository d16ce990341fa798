import { appendFile, mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildLeRobotV21Fixture } from "../../../tests/fixtures/build-fixtures";
import { readLeRobotV21 } from "./lerobot-v21";

let tmp: string;
let n = 0;
const fresh = () => path.join(tmp, `ds-${n++}`);

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "reader-v21-"));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe("readLeRobotV21", () => {
  it("reads one mp4 per episode and camera, chunked by chunks_size", async () => {
    const root = fresh();
    await buildLeRobotV21Fixture(root);
    const batch = await readLeRobotV21({ root });

    expect(batch.problems).toEqual([]);
    expect(batch.kind).toBe("LEROBOT_V21");
    expect(batch.tasks).toEqual([
      { environment: "koch", key: "0", instruction: "Stack the blue block on the green block.", canonicalSubtasks: [] },
      { environment: "koch", key: "1", instruction: "Push the cup to the left.", canonicalSubtasks: ["approach", "push"] },
    ]);
    expect(batch.episodes.map((e) => [e.sourceKey, e.taskKey, e.instruction, e.lengthFrames, e.fps])).toEqual([
      ["0", "0", "Stack the blue block on the green block.", 40, 30],
      ["1", "1", "Push the cup to the left.", 30, 30],
      ["2", "0", "Stack the blue block on the green block.", 50, 30],
    ]);
    // chunks_size is 2 in the fixture, so episode 2 is in chunk-001.
    expect(batch.episodes[2].cameras).toEqual([
      { camera: "observation.images.top", path: "videos/chunk-001/observation.images.top/episode_000002.mp4", startSec: 0, frameCount: 50 },
      { camera: "observation.images.wrist", path: "videos/chunk-001/observation.images.wrist/episode_000002.mp4", startSec: 0, frameCount: 50 },
    ]);
    expect(batch.episodes[0].cameras[0].path).toBe("videos/chunk-000/observation.images.top/episode_000000.mp4");
    expect(batch.episodes[1].segments).toEqual([
      { startFrame: 0, endFrame: 11, label: "approach" },
      { startFrame: 12, endFrame: 29, label: "push" },
    ]);
    expect(batch.episodes[1].segmentOrigin).toBe("LEROBOT_SPARSE_SUBTASKS");
    expect(batch.episodes[0].segments).toBeNull();
    expect(batch.episodes[0].splitTags).toEqual(["train"]);
  });

  it("reports bad episodes.jsonl lines with their line numbers and keeps the good ones", async () => {
    const root = fresh();
    await buildLeRobotV21Fixture(root);
    const episodesPath = path.join(root, "meta/episodes.jsonl");
    await appendFile(episodesPath, '{"episode_index": 3, "tasks": ["Push the cup to the left."]\n\n{"episode_index": 1, "tasks": ["Push the cup to the left."], "length": 30}\n');
    const batch = await readLeRobotV21({ root });
    expect(batch.problems).toEqual([
      { file: "meta/episodes.jsonl", line: 4, reason: expect.stringMatching(/^line 4: not valid JSON/) },
      { file: "meta/episodes.jsonl", line: 6, episode: "1", reason: "line 6: episode_index 1 appears twice (first on line 2)" },
    ]);
    expect(batch.episodes.map((e) => e.sourceKey)).toEqual(["0", "1", "2"]);
  });

  it("reports a missing video file with the episode that needs it", async () => {
    const root = fresh();
    await buildLeRobotV21Fixture(root);
    await unlink(path.join(root, "videos/chunk-001/observation.images.wrist/episode_000002.mp4"));
    const batch = await readLeRobotV21({ root });
    expect(batch.problems).toEqual([
      { file: "videos/chunk-001/observation.images.wrist/episode_000002.mp4", episode: "2", reason: "video file is missing" },
    ]);
  });

  it("reports an episode whose task is not in tasks.jsonl, and a bad tasks.jsonl line", async () => {
    const root = fresh();
    await buildLeRobotV21Fixture(root);
    await appendFile(path.join(root, "meta/episodes.jsonl"), '{"episode_index": 3, "tasks": ["Fold the towel."], "length": 10}\n');
    let batch = await readLeRobotV21({ root });
    expect(batch.problems).toEqual([
      { file: "meta/episodes.jsonl", line: 4, episode: "3", reason: 'line 4: task "Fold the towel." is not listed in meta/tasks.jsonl' },
    ]);

    const tasksPath = path.join(root, "meta/tasks.jsonl");
    await writeFile(tasksPath, (await readFile(tasksPath, "utf8")) + '{"task_index": 2}\n');
    batch = await readLeRobotV21({ root });
    expect(batch.problems).toContainEqual({ file: "meta/tasks.jsonl", line: 3, reason: 'line 3: "task" must be a non-empty string' });
  });

  it("reports SARM subtasks that overlap", async () => {
    const root = fresh();
    await buildLeRobotV21Fixture(root);
    const episodesPath = path.join(root, "meta/episodes.jsonl");
    const lines = (await readFile(episodesPath, "utf8")).trim().split("\n");
    lines[0] = JSON.stringify({
      episode_index: 0,
      tasks: ["Stack the blue block on the green block."],
      length: 40,
      sparse_subtask_names: ["grasp", "stack"],
      sparse_subtask_start_frames: [0, 10],
      sparse_subtask_end_frames: [25, 40],
    });
    await writeFile(episodesPath, lines.join("\n") + "\n");
    const batch = await readLeRobotV21({ root });
    expect(batch.problems).toEqual([
      {
        file: "meta/episodes.jsonl",
        line: 1,
        episode: "0",
        reason: 'line 1: sparse_subtask_* (end frames exclusive): subtasks "grasp" (frames 0-24) and "stack" (frames 10-39) overlap',
      },
    ]);
  });
});
