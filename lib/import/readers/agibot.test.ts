import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildAgiBotFixture } from "../../../tests/fixtures/build-fixtures";
import { readAgiBot } from "./agibot";

let tmp: string;
let n = 0;
const fresh = () => path.join(tmp, `ds-${n++}`);

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "reader-agibot-"));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe("readAgiBot", () => {
  it("reads tasks, episodes, cameras and action_config segments", async () => {
    const root = fresh();
    await buildAgiBotFixture(root);
    const batch = await readAgiBot({ root });

    expect(batch.problems).toEqual([]);
    expect(batch.kind).toBe("AGIBOT");
    expect(batch.tasks).toEqual([
      {
        environment: "AgiBot World",
        key: "327",
        instruction: "Pick up items in the supermarket",
        canonicalSubtasks: ["Pick up the onion from the shelf.", "Place the onion in the shopping bag."],
      },
      {
        environment: "AgiBot World",
        key: "352",
        instruction: "Clear the table",
        canonicalSubtasks: ["Pick up the cup.", "Put the cup in the sink."],
      },
    ]);
    expect(batch.episodes.map((e) => [e.sourceKey, e.taskKey, e.lengthFrames, e.fps, e.segmentOrigin])).toEqual([
      ["648642", "327", null, null, "AGIBOT_ACTION_CONFIG"],
      ["648649", "327", null, null, "AGIBOT_ACTION_CONFIG"],
      ["660011", "352", null, null, "AGIBOT_ACTION_CONFIG"],
    ]);
    expect(batch.episodes[0].cameras).toEqual([
      { camera: "head_color", path: "observations/327/648642/videos/head_color.mp4", startSec: 0, frameCount: null },
      { camera: "hand_left_color", path: "observations/327/648642/videos/hand_left_color.mp4", startSec: 0, frameCount: null },
    ]);
    // 0-30 then 30-59 share frame 30: it goes to the later action.
    expect(batch.episodes[0].segments).toEqual([
      { startFrame: 0, endFrame: 29, label: "Pick up the onion from the shelf." },
      { startFrame: 30, endFrame: 59, label: "Place the onion in the shopping bag." },
    ]);
    // The released files' "lable_info" spelling is read too.
    expect(batch.episodes[1].segments).toEqual([
      { startFrame: 5, endFrame: 40, label: "Pick up the onion from the shelf." },
      { startFrame: 41, endFrame: 70, label: "Place the onion in the shopping bag." },
    ]);
    // english_action_text wins over the Chinese action_text.
    expect(batch.episodes[2].segments?.map((s) => s.label)).toEqual(["Pick up the cup.", "Put the cup in the sink."]);
    expect(batch.episodes[0].metadata).toMatchObject({
      task_id: "327",
      episode_id: 648642,
      init_scene_text: "The robot stands in front of a shelf with an onion and a shopping bag.",
      skills: ["Pick", "Place"],
    });
  });

  it("uses the caller's environment when given", async () => {
    const root = fresh();
    await buildAgiBotFixture(root);
    const batch = await readAgiBot({ root, environment: "AgiBot G1 lab" });
    expect(new Set([...batch.tasks, ...batch.episodes].map((x) => x.environment))).toEqual(new Set(["AgiBot G1 lab"]));
  });

  it("reports an episode without a videos folder", async () => {
    const root = fresh();
    await buildAgiBotFixture(root);
    await rm(path.join(root, "observations/352/660011"), { recursive: true });
    const batch = await readAgiBot({ root });
    expect(batch.problems).toEqual([
      {
        file: "observations/352/660011/videos",
        episode: "660011",
        reason: "episode 660011 (task_info/task_352.json): videos folder is missing",
      },
    ]);
    expect(batch.episodes.map((e) => e.sourceKey)).toEqual(["648642", "648649"]);
  });

  it("reports overlapping actions and actions that end before they start", async () => {
    const root = fresh();
    await buildAgiBotFixture(root);
    const file = path.join(root, "task_info/task_352.json");
    const records = JSON.parse(await readFile(file, "utf8"));
    records[0].label_info.action_config = [
      { start_frame: 0, end_frame: 30, action_text: "a", skill: "Pick" },
      { start_frame: 20, end_frame: 40, action_text: "b", skill: "Place" },
      { start_frame: 50, end_frame: 45, action_text: "c", skill: "Place" },
    ];
    await writeFile(file, JSON.stringify(records));
    const batch = await readAgiBot({ root });
    expect(batch.problems).toEqual([
      { file: "task_info/task_352.json", episode: "660011", reason: 'episode 660011: action_config: subtask "c" ends (frame 45) before it starts (frame 50)' },
      {
        file: "task_info/task_352.json",
        episode: "660011",
        reason: 'episode 660011: action_config: subtasks "a" (frames 0-30) and "b" (frames 20-40) overlap',
      },
    ]);
  });

  it("reports a task file that is not a list, and duplicate episode ids", async () => {
    const root = fresh();
    await buildAgiBotFixture(root);
    await writeFile(path.join(root, "task_info/task_352.json"), JSON.stringify({ episode_id: 1 }));
    const dup = JSON.parse(await readFile(path.join(root, "task_info/task_327.json"), "utf8"));
    await writeFile(path.join(root, "task_info/task_400.json"), JSON.stringify([dup[0]]));
    const batch = await readAgiBot({ root });
    expect(batch.problems).toEqual([
      { file: "task_info/task_352.json", reason: "must be a JSON list of episode records" },
      { file: "task_info/task_400.json", episode: "648642", reason: "episode_id 648642 appears twice (also in task_info/task_327.json)" },
    ]);
  });
});
