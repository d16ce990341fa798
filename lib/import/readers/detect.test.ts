import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildAgiBotFixture, buildLeRobotV21Fixture, buildLeRobotV3Fixture, buildManifestFixture } from "../../../tests/fixtures/build-fixtures";
import { detectSourceKind, readSource } from "./detect";

let tmp: string;
const dirs = { v3: "", v21: "", agibot: "", manifest: "" };

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "reader-detect-"));
  dirs.v3 = path.join(tmp, "v3");
  dirs.v21 = path.join(tmp, "v21");
  dirs.agibot = path.join(tmp, "agibot");
  dirs.manifest = path.join(tmp, "manifest");
  await Promise.all([
    buildLeRobotV3Fixture(dirs.v3),
    buildLeRobotV21Fixture(dirs.v21),
    buildAgiBotFixture(dirs.agibot),
    buildManifestFixture(dirs.manifest),
  ]);
}, 60_000);
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe("detectSourceKind", () => {
  it("recognises each layout", async () => {
    expect(await detectSourceKind(dirs.v3)).toBe("LEROBOT_V3");
    expect(await detectSourceKind(dirs.v21)).toBe("LEROBOT_V21");
    expect(await detectSourceKind(dirs.agibot)).toBe("AGIBOT");
    expect(await detectSourceKind(dirs.manifest)).toBe("MANIFEST");
    expect(await detectSourceKind(path.join(dirs.manifest, "manifest.jsonl"))).toBe("MANIFEST");
  });

  it("falls back to the metadata layout when codebase_version is missing", async () => {
    const info = path.join(dirs.v21, "meta/info.json");
    const original = await readFile(info, "utf8");
    await writeFile(info, JSON.stringify({ ...JSON.parse(original), codebase_version: undefined }));
    try {
      expect(await detectSourceKind(dirs.v21)).toBe("LEROBOT_V21");
    } finally {
      await writeFile(info, original);
    }
  });

  it("returns null for anything else", async () => {
    const empty = path.join(tmp, "empty");
    await mkdir(empty, { recursive: true });
    expect(await detectSourceKind(empty)).toBeNull();
    expect(await detectSourceKind(path.join(tmp, "does-not-exist"))).toBeNull();
    expect(await detectSourceKind(path.join(dirs.v3, "meta/info.json"))).toBeNull();
  });
});

describe("readSource", () => {
  it("dispatches to the right reader, accepting a manifest's folder", async () => {
    for (const [kind, root] of [
      ["LEROBOT_V3", dirs.v3],
      ["LEROBOT_V21", dirs.v21],
      ["AGIBOT", dirs.agibot],
      ["MANIFEST", dirs.manifest],
    ] as const) {
      const batch = await readSource(kind, { root });
      expect(batch.kind).toBe(kind);
      expect(batch.problems).toEqual([]);
      expect(batch.episodes.length).toBeGreaterThan(0);
    }
  });
});
