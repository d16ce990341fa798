#!/usr/bin/env node
// `npx critic-studio …` → the TypeScript CLI, run with tsx in the React-server condition so
// server-only modules load outside Next.js.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const r = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "cli/index.ts"), ...process.argv.slice(2)], {
  stdio: "inherit",
  cwd: process.cwd(),
});
process.exit(r.status ?? 1);
