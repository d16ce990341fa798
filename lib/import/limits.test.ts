import { describe, expect, it } from "vitest";
import type { ImportBatch, ImportEpisode } from "./types";
import { IMPORT_LIMITS, batchLimitProblems } from "./limits";
import { parseJsonLines } from "./readers/util";

const episode = (over: Partial<ImportEpisode> = {}): ImportEpisode => ({
  sourceKey: "ep-1",
  environment: "bench",
  taskKey: "t",
  instruction: "wipe the table",
  lengthFrames: 10,
  fps: 30,
  outcome: "UNKNOWN",
  splitTags: [],
  cameras: [{ camera: "front", path: "a.mp4", startSec: 0, frameCount: null }],
  segments: null,
  segmentOrigin: null,
  metadata: {},
  ...over,
});
const batch = (episodes: ImportEpisode[], instruction = "wipe the table"): ImportBatch => ({
  kind: "MANIFEST",
  name: "x",
  tasks: [{ environment: "bench", key: "t", instruction, canonicalSubtasks: [] }],
  episodes,
  problems: [],
});

describe("batchLimitProblems", () => {
  it("passes an ordinary batch", () => {
    expect(batchLimitProblems(batch([episode()]))).toEqual([]);
  });

  it("refuses a 2 MB task text, which would otherwise reach every user's facet list", () => {
    const huge = "x".repeat(2_000_000);
    const p = batchLimitProblems(batch([episode({ instruction: huge })], huge));
    expect(p.map((x) => x.reason)).toEqual([
      expect.stringContaining("the task text is 2000000 characters long (at most 2000)"),
      expect.stringContaining("the task text is 2000000 characters long (at most 2000)"),
    ]);
  });

  it("refuses too many cameras, deep metadata, long names, and NUL or lone surrogates anywhere", () => {
    const cams = Array.from({ length: IMPORT_LIMITS.camerasPerEpisode + 1 }, (_, i) => ({ camera: `c${i}`, path: `${i}.mp4`, startSec: 0, frameCount: null }));
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 12; i++) deep = (deep.x = {}) as Record<string, unknown>;
    const p = batchLimitProblems(
      batch([
        episode({ sourceKey: "a", cameras: cams }),
        episode({ sourceKey: "b", metadata: root }),
        episode({ sourceKey: "c", environment: "e".repeat(201) }),
        episode({ sourceKey: "d", metadata: { note: "bad\u0000byte" } }),
        episode({ sourceKey: "e", cameras: [{ camera: "front\ud800", path: "a.mp4", startSec: 0, frameCount: null }] }),
      ]),
    );
    expect(p.map((x) => [x.episode, x.reason])).toEqual([
      ["a", "it has 17 cameras (at most 16)"],
      ["b", "its metadata nests deeper than 8 levels"],
      ["c", "the environment is 201 characters long (at most 200)"],
      ["d", "episode.metadata.note contains a NUL character"],
      ["e", "episode.cameras.0.0 contains an unpaired UTF-16 surrogate"],
    ]);
  });
});

describe("parseJsonLines", () => {
  it("refuses a line longer than the limit without parsing it", () => {
    const long = JSON.stringify({ a: "x".repeat(IMPORT_LIMITS.lineChars) });
    expect(parseJsonLines(`{"ok":1}\n${long}\n`)).toEqual([
      { line: 1, value: { ok: 1 } },
      { line: 2, error: `the line is ${long.length} characters long (at most ${IMPORT_LIMITS.lineChars})` },
    ]);
  });
});
