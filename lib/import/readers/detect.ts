// Works out which reader a dataset path needs, and dispatches to it.

import { promises as fs } from "node:fs";
import path from "node:path";

import type { ImportBatch, ReaderOptions, SourceKind } from "../types";
import { readAgiBot } from "./agibot";
import { readLeRobotV21 } from "./lerobot-v21";
import { readLeRobotV3 } from "./lerobot-v3";
import { readManifest } from "./manifest";
import { isPlainObject, readJsonFile } from "./util";

export const MANIFEST_FILE_NAME = "manifest.jsonl";

async function kindOf(p: string): Promise<"file" | "dir" | null> {
  try {
    const st = await fs.stat(p);
    return st.isDirectory() ? "dir" : st.isFile() ? "file" : null;
  } catch {
    return null;
  }
}

/**
 * - a `.jsonl` file, or a folder holding `manifest.jsonl` (and no dataset markers): MANIFEST
 * - a folder with `meta/info.json`: LeRobot, v3 when `codebase_version` is v3.x, v2.1 when
 *   it is v2.x; without a usable version, the metadata layout decides
 *   (`meta/episodes/` folder: v3, `meta/episodes.jsonl`: v2.1)
 * - a folder with `task_info/`: AGIBOT
 * Returns null when nothing matches.
 */
export async function detectSourceKind(absPath: string): Promise<SourceKind | null> {
  const kind = await kindOf(absPath);
  if (kind === "file") return absPath.toLowerCase().endsWith(".jsonl") ? "MANIFEST" : null;
  if (kind !== "dir") return null;

  if ((await kindOf(path.join(absPath, "meta", "info.json"))) === "file") {
    const info = await readJsonFile(path.join(absPath, "meta", "info.json"));
    const version = info.ok && isPlainObject(info.value) && typeof info.value.codebase_version === "string" ? info.value.codebase_version : "";
    const major = /^v?(\d+)/.exec(version.trim())?.[1];
    if (major === "3") return "LEROBOT_V3";
    if (major === "2") return "LEROBOT_V21";
    if ((await kindOf(path.join(absPath, "meta", "episodes"))) === "dir") return "LEROBOT_V3";
    if ((await kindOf(path.join(absPath, "meta", "episodes.jsonl"))) === "file") return "LEROBOT_V21";
    return null;
  }
  if ((await kindOf(path.join(absPath, "task_info"))) === "dir") return "AGIBOT";
  if ((await kindOf(path.join(absPath, MANIFEST_FILE_NAME))) === "file") return "MANIFEST";
  return null;
}

/** For MANIFEST the reader wants the file; accept the folder holding `manifest.jsonl` too. */
export async function resolveManifestPath(absPath: string): Promise<string> {
  return (await kindOf(absPath)) === "dir" ? path.join(absPath, MANIFEST_FILE_NAME) : absPath;
}

export async function readSource(kind: SourceKind, opts: ReaderOptions): Promise<ImportBatch> {
  switch (kind) {
    case "LEROBOT_V3":
      return readLeRobotV3(opts);
    case "LEROBOT_V21":
      return readLeRobotV21(opts);
    case "AGIBOT":
      return readAgiBot(opts);
    case "MANIFEST":
      return readManifest({ ...opts, root: await resolveManifestPath(opts.root) });
    default: {
      const never: never = kind;
      throw new Error(`unknown source kind ${String(never)}`);
    }
  }
}
