// `npm test`: unit (Vitest), integration against a real PostgreSQL (Vitest), and end-to-end in
// Debian's Chromium (Playwright). Uses the PostgreSQL server of DATABASE_URL when set (in its
// own *_test / *_e2e databases, never the app's), otherwise starts one in .data/test-postgres.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { ensureSystem } from "./ensure-system";
import { startLocalPostgres } from "../lib/db/local-postgres";
import { ensureBuilt } from "./next-server";

const log = (m: string) => console.log(`[test] ${m}`);
const resultsDir = path.resolve(".data/test-results");

async function databases(): Promise<{ integration: string; e2e: string }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const pgl = await startLocalPostgres({ dataDir: ".data/test-postgres", port: 54330, databases: ["critic_test", "critic_e2e"], log });
    return { integration: pgl.url("critic_test"), e2e: pgl.url("critic_e2e") };
  }
  const u = new URL(base);
  const name = u.pathname.slice(1) || "critic";
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const urls: string[] = [];
  for (const suffix of ["_test", "_e2e"]) {
    const db = `${name}${suffix}`;
    const r = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [db]);
    if (r.rowCount === 0) await admin.query(`CREATE DATABASE "${db.replace(/"/g, "")}"`);
    const x = new URL(base);
    x.pathname = `/${db}`;
    urls.push(x.toString());
  }
  await admin.end();
  return { integration: urls[0]!, e2e: urls[1]! };
}

function run(name: string, cmd: string[], env: Record<string, string>): number {
  log(`${name}: ${cmd.join(" ")}`);
  const r = spawnSync(cmd[0]!, cmd.slice(1), { stdio: "inherit", env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function vitestCounts(file: string): { passed: number; failed: number } {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const j = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numTotalTests: number; numPendingTests: number };
  // A file that failed to load counts as a failure even when it has no tests.
  const failedSuites = (j as unknown as { numFailedTestSuites?: number }).numFailedTestSuites ?? 0;
  return { passed: j.numPassedTests, failed: j.numFailedTests + (j.numFailedTests === 0 ? failedSuites : 0) };
}

function playwrightCounts(file: string): { passed: number; failed: number } {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const j = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number } };
  return { passed: j.stats.expected + j.stats.flaky, failed: j.stats.unexpected };
}

/**
 * Python with Hugging Face `datasets` for the export test, which loads exported shards the way
 * trainers do, and scipy / scikit-learn for the metrics cross-check (tests/python/lrm_metrics.py). Installed once into .data/pyenv from the machine's local package index (the app
 * itself never needs Python).
 */
function ensurePython(): string {
  const dir = path.resolve(".data/pyenv");
  const python = path.join(dir, "bin/python");
  const ready = () => existsSync(python) && spawnSync(python, ["-c", "import datasets, av, PIL, scipy, sklearn"], { stdio: "ignore" }).status === 0;
  if (ready()) return python;
  log("setting up Python for the export and metrics checks (.data/pyenv: datasets, av, pillow, pandas, scipy, scikit-learn)");
  rmSync(dir, { recursive: true, force: true });
  const venv = spawnSync("python3", ["-m", "venv", dir], { stdio: "inherit" });
  if (venv.status !== 0) throw new Error("python3 -m venv failed: install python3-venv (apt-get install -y python3-venv).");
  // --retries 0 --timeout 2: only the local index answers here; don't wait on the public one.
  const pip = spawnSync(path.join(dir, "bin/pip"), ["install", "--quiet", "--retries", "0", "--timeout", "2", "datasets", "av", "pillow", "pandas", "scipy", "scikit-learn"], { stdio: "inherit" });
  if (pip.status !== 0 || !ready()) throw new Error("Installing datasets, av, pillow, pandas, scipy and scikit-learn into .data/pyenv failed.");
  return python;
}

async function main() {
  const t0 = Date.now();
  ensureSystem(["ffmpeg", "postgres", "chromium"], log);
  rmSync(resultsDir, { recursive: true, force: true });
  mkdirSync(resultsDir, { recursive: true });
  const dbs = await databases();
  const python = ensurePython();
  const vitest = [process.execPath, "node_modules/vitest/vitest.mjs", "run"];
  const codes: number[] = [];
  // Guard rails first: the types of every file (tests included) and ESLint (Next.js, React,
  // typescript-eslint rules and no import cycles; eslint.config.mjs).
  const tLint = Date.now();
  const lint = [
    run("types", [process.execPath, "node_modules/typescript/bin/tsc", "--noEmit", "-p", "."], {}),
    run("lint", [process.execPath, "node_modules/eslint/bin/eslint.js", ".", "--cache", "--cache-location", ".data/.eslintcache"], {}),
  ];
  codes.push(...lint);
  log(`types and lint ${lint.every((c) => c === 0) ? "clean" : "FAILED"} in ${Math.round((Date.now() - tLint) / 1000)} s`);
  codes.push(run("unit", [...vitest, "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile=${resultsDir}/unit.json`], {}));
  codes.push(
    run("integration", [...vitest, "--project", "integration", "--reporter=default", "--reporter=json", `--outputFile=${resultsDir}/integration.json`], {
      DATABASE_URL: dbs.integration,
      CRITIC_DATA_DIR: path.resolve(".data/test-integration"),
      WORKER_IN_PROCESS: "false",
      CRITIC_PYTHON: python,
    }),
  );
  ensureBuilt(log);
  codes.push(
    run("e2e", [process.execPath, "node_modules/@playwright/test/cli.js", "test", "--reporter=list,json"], {
      DATABASE_URL: dbs.e2e,
      CRITIC_DATA_DIR: path.resolve(".data/test-e2e"),
      PLAYWRIGHT_JSON_OUTPUT_NAME: `${resultsDir}/e2e.json`,
    }),
  );
  const parts = [vitestCounts(`${resultsDir}/unit.json`), vitestCounts(`${resultsDir}/integration.json`), playwrightCounts(`${resultsDir}/e2e.json`)];
  const passed = parts.reduce((a, p) => a + p.passed, 0);
  const failed = parts.reduce((a, p) => a + p.failed, 0);
  log(`unit ${parts[0]!.passed}/${parts[0]!.passed + parts[0]!.failed}, integration ${parts[1]!.passed}/${parts[1]!.passed + parts[1]!.failed}, e2e ${parts[2]!.passed}/${parts[2]!.passed + parts[2]!.failed} in ${Math.round((Date.now() - t0) / 1000)} s`);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || codes.some((c) => c !== 0) ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
