import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { StatCache, checkSegments, fillTemplate, languageEvents, languageSubtasks, parseJsonLines, resolveInside, sarmSubtasks } from "./util";

describe("fillTemplate", () => {
  it("fills LeRobot v3 and v2.1 templates with zero-padded format specs", () => {
    expect(
      fillTemplate("videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4", {
        video_key: "observation.images.top",
        chunk_index: 2,
        file_index: 17,
      }),
    ).toEqual({ ok: true, value: "videos/observation.images.top/chunk-002/file-017.mp4" });
    expect(
      fillTemplate("videos/chunk-{episode_chunk:03d}/{video_key}/episode_{episode_index:06d}.mp4", {
        episode_chunk: 1,
        video_key: "cam",
        episode_index: 1234,
      }),
    ).toEqual({ ok: true, value: "videos/chunk-001/cam/episode_001234.mp4" });
  });

  it("does not pad past the width and reports placeholders it cannot fill", () => {
    expect(fillTemplate("f-{i:03d}", { i: 12345 })).toEqual({ ok: true, value: "f-12345" });
    const unknown = fillTemplate("x/{camera}.mp4", { video_key: "a" });
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.reason).toContain("{camera}");
    const spec = fillTemplate("x/{i:.2f}.mp4", { i: 1 });
    expect(!spec.ok && spec.reason).toContain("not supported");
  });
});

describe("resolveInside", () => {
  const root = path.resolve("/data/set");

  it("normalises harmless relative paths", () => {
    expect(resolveInside(root, "videos/./a/../b.mp4")).toEqual({ ok: true, rel: "videos/b.mp4", abs: path.join(root, "videos", "b.mp4") });
    expect(resolveInside(root, "videos\\cam\\b.mp4")).toMatchObject({ ok: true, rel: "videos/cam/b.mp4" });
  });

  it("refuses escapes, absolute paths and empty paths", () => {
    for (const bad of ["../../etc/passwd", "videos/../../x.mp4", "..\\..\\windows\\x.mp4", ".."]) {
      const r = resolveInside(root, bad);
      expect(r.ok, bad).toBe(false);
      expect(!r.ok && r.reason, bad).toContain("escapes the dataset root");
    }
    for (const bad of ["/etc/passwd", "C:\\videos\\a.mp4", "\\\\server\\share\\a.mp4"]) {
      const r = resolveInside(root, bad);
      expect(!r.ok && r.reason, bad).toContain("absolute");
    }
    expect(resolveInside(root, "").ok).toBe(false);
    expect(resolveInside(root, "./").ok).toBe(false);
  });
});

describe("parseJsonLines", () => {
  it("keeps 1-based line numbers, skips blank lines and reports bad JSON without throwing", () => {
    const parsed = parseJsonLines('{"a":1}\n\n   \n{"b":\n[1,2]\r\n');
    expect(parsed).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 4, error: expect.stringContaining("not valid JSON") },
      { line: 5, value: [1, 2] },
    ]);
  });
});

describe("checkSegments", () => {
  it("sorts valid segments by start", () => {
    const r = checkSegments(
      [
        { label: "b", startFrame: 10, endFrame: 19 },
        { label: "a", startFrame: 0, endFrame: 9 },
      ],
      20,
    );
    expect(r.reasons).toEqual([]);
    expect(r.segments.map((s) => s.label)).toEqual(["a", "b"]);
  });

  it("reports reversed, negative, overlapping and too-long segments", () => {
    const r = checkSegments(
      [
        { label: "reversed", startFrame: 8, endFrame: 3 },
        { label: "negative", startFrame: -1, endFrame: 2 },
        { label: "x", startFrame: 10, endFrame: 20 },
        { label: "y", startFrame: 20, endFrame: 25 },
        { label: "long", startFrame: 26, endFrame: 30 },
        { label: "", startFrame: 0, endFrame: 0 },
        { label: "frac", startFrame: 1.5, endFrame: 2 },
      ],
      30,
    );
    expect(r.reasons).toEqual([
      'subtask "reversed" ends (frame 3) before it starts (frame 8)',
      'subtask "negative" starts at frame -1; frames start at 0',
      'subtask "long" ends at frame 30 but the episode has 30 frames (last frame 29)',
      "subtask 6 has no label",
      'subtask "frac": start and end frames must be whole numbers',
      'subtasks "x" (frames 10-20) and "y" (frames 20-25) overlap',
    ]);
  });
});

describe("sarmSubtasks", () => {
  it("reads SARM end frames as exclusive", () => {
    const r = sarmSubtasks({
      sparse_subtask_names: ["reach", "grasp"],
      sparse_subtask_start_frames: [0n, 15n],
      sparse_subtask_end_frames: [15n, 30n],
    });
    expect(r?.reasons).toEqual([]);
    expect(checkSegments(r!.raw, 30)).toEqual({
      reasons: [],
      segments: [
        { label: "reach", startFrame: 0, endFrame: 14 },
        { label: "grasp", startFrame: 15, endFrame: 29 },
      ],
    });
  });

  it("falls back to the legacy unprefixed columns and reports mismatched lists", () => {
    expect(sarmSubtasks({ subtask_names: ["a"], subtask_start_frames: [0], subtask_end_frames: [5] })?.prefix).toBe("subtask_");
    expect(sarmSubtasks({ sparse_subtask_names: null })).toBeNull();
    expect(sarmSubtasks({ sparse_subtask_names: ["a", "b"], sparse_subtask_start_frames: [0], sparse_subtask_end_frames: [5] })?.reasons[0]).toContain(
      "different lengths",
    );
    expect(sarmSubtasks({ sparse_subtask_names: ["a"], sparse_subtask_start_frames: [4], sparse_subtask_end_frames: [4] })?.reasons[0]).toContain(
      "has no frames",
    );
  });
});

describe("StatCache", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "stat-cache-"));
    await writeFile(path.join(dir, "a.mp4"), "x");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("looks each path up once and answers for files, folders and missing paths", async () => {
    const stats = new StatCache();
    const a = path.join(dir, "a.mp4");
    const results = await Promise.all([stats.isFile(a), stats.isFile(a), stats.isFile(path.join(dir, "nope.mp4")), stats.isDirectory(dir)]);
    expect(results).toEqual([true, true, false, true]);
    expect(stats.size).toBe(3);
  });
});

// Rows as huggingface/lerobot's steerable annotation writer (annotations/steerable_pipeline/writer.py)
// leaves them: one persistent list per episode, sorted by (timestamp, style, role), subtask
// timestamps snapped to frame timestamps (float32), plan/memory rows at the boundaries.
describe("languageSubtasks (lerobot language_render.active_at)", () => {
  const f32 = (x: number) => Math.fround(x);
  const stamps = Array.from({ length: 60 }, (_, f) => f32(f / 30));
  const row = (style: string, content: string, t: number) => ({ role: "assistant", content, style, timestamp: f32(t), camera: null, tool_calls: null });
  const persistent = [
    { role: "user", content: "wipe the table", style: "task_aug", timestamp: 0, camera: null, tool_calls: null },
    row("plan", "1. grasp cloth 2. wipe 3. return cloth", 5 / 30),
    row("subtask", "grasp the cloth", 5 / 30),
    row("memory", "cloth grasped", 20 / 30),
    row("subtask", "wipe the table", 20 / 30),
    row("subtask", "return the cloth", 48 / 30),
  ];

  it("gives frame i the subtask row with the latest timestamp at or before frame i's timestamp", () => {
    const r = languageSubtasks(persistent, stamps)!;
    expect(r.reasons).toEqual([]);
    expect(r.raw).toEqual([
      { label: "grasp the cloth", startFrame: 5, endFrame: 19 },
      { label: "wipe the table", startFrame: 20, endFrame: 47 },
      { label: "return the cloth", startFrame: 48, endFrame: 59 },
    ]);
    expect(r.styles).toEqual({ task_aug: 1, plan: 1, subtask: 3, memory: 1 });
  });

  it("is null without language rows, and reports rows that cannot be placed", () => {
    expect(languageSubtasks([], stamps)).toBeNull();
    expect(languageSubtasks([row("plan", "p", 0)], stamps)?.raw).toEqual([]);
    const bad = languageSubtasks([row("subtask", "a", 0), row("subtask", "b", 0), row("subtask", "late", 3)], stamps)!;
    expect(bad.reasons).toEqual(['two subtask rows start at the same time (0 s)', 'subtask "late" starts at 3 s, after the episode\'s last frame']);
    expect(languageSubtasks("not a list", stamps)!.reasons).toEqual(["language_persistent is not a list of {role, content, style, timestamp} rows"]);
  });

  it("keeps language_events by the frame they sit on", () => {
    const perFrame: unknown[] = Array.from({ length: 5 }, () => []);
    perFrame[3] = [{ role: "user", content: "stop, the other cloth", style: "interjection", camera: null, tool_calls: null }];
    expect(languageEvents(perFrame)).toEqual([{ frame: 3, style: "interjection", role: "user", content: "stop, the other cloth" }]);
  });
});
