// Runs `prisma generate` without network access.
// The Prisma 7 CLI tries to download its Rust schema engine before any command, even
// though `generate` never runs it. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing
// executable skips that download (see ENVIRONMENT notes in ARCHITECTURE.md).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const res = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
  stdio: "inherit",
  env,
});
process.exit(res.status ?? 1);
