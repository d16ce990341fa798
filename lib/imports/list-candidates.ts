// What the import page offers: dataset folders and manifests found in the import roots
// (two levels deep), with the kind each would be imported as.
import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";
import { detectSourceKind } from "@/lib/import/readers/detect";

export async function listImportCandidates() {
  const out: Array<{ path: string; root: string; kind: string }> = [];
  for (const root of env.importRoots) {
    const walk = async (dir: string, depth: number) => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (e.name.startsWith(".")) continue;
        const p = path.join(dir, e.name);
        if (!e.isDirectory() && !e.name.endsWith(".jsonl")) continue;
        const kind = await detectSourceKind(p).catch(() => null);
        if (kind) out.push({ path: p, root, kind });
        else if (e.isDirectory() && depth < 2) await walk(p, depth + 1);
      }
    };
    await walk(root, 0);
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
