// npm run bench:compare -- <bench> [base-rev] [rounds]
// Runs one benchmark (npm run bench:<bench>) on another commit (default HEAD~1) and on this
// checkout, in the same session and on the same database server, alternating base/head for
// `rounds` rounds (default 2) so that drift in the machine's load falls on both alike. Prints
// each figure of the benchmark's result table for both, with the change in per cent (the
// median of the rounds). The base commit is checked out in a git worktree under .data/bench-base,
// sharing this checkout's node_modules (hard links) when the lockfiles agree (npm ci there otherwise).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { startLocalPostgres } from "../lib/db/local-postgres";
import { DEFAULT_DB_PORT } from "../scripts/runtime";

const [bench, baseRev = "HEAD~1", roundsArg = "2"] = process.argv.slice(2);
if (!bench) {
  console.error("usage: npm run bench:compare -- <bench> [base-rev] [rounds]   e.g. npm run bench:compare -- workspace HEAD~1 2");
  process.exit(2);
}
const rounds = Number(roundsArg);
const log = (m: string) => console.log(`bench:compare ${m}`);
const git = (args: string[], cwd = process.cwd()) => {
  const r = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
};

function prepareBase(): string {
  const sha = git(["rev-parse", baseRev]);
  const dir = path.resolve(".data/bench-base", sha.slice(0, 12));
  if (!existsSync(dir)) git(["worktree", "add", "--detach", dir, sha]);
  const sameLock = readFileSync("package-lock.json", "utf8") === readFileSync(path.join(dir, "package-lock.json"), "utf8");
  if (!existsSync(path.join(dir, "node_modules"))) {
    // Hard links, not a symlink: Turbopack refuses a node_modules outside the project's root.
    if (sameLock) {
      if (spawnSync("cp", ["-al", path.resolve("node_modules"), path.join(dir, "node_modules")], { stdio: "inherit" }).status !== 0) throw new Error("linking node_modules into the base worktree failed");
    }
    else if (spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: dir, stdio: "inherit" }).status !== 0) throw new Error("npm ci in the base worktree failed");
  }
  // Generated code is not committed: the base generates its own Prisma client.
  if (spawnSync(process.execPath, ["scripts/prisma-generate.mjs"], { cwd: dir, stdio: "inherit" }).status !== 0) throw new Error("prisma generate in the base worktree failed");
  return dir;
}

/** Runs the benchmark in `cwd` and returns its result table: metric → printed value. */
function runBench(cwd: string, databaseUrl: string, label: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    log(`running bench:${bench} on ${label}`);
    const child = spawn("npm", ["run", "--silent", `bench:${bench}`], { cwd, env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, CRITIC_DATA_DIR: path.join(cwd, ".data/bench") } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      process.stdout.write(d);
    });
    child.stderr.on("data", (d: Buffer) => process.stderr.write(d));
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`bench:${bench} on ${label} exited with ${code}`));
      resolve(parseTable(out));
    });
  });
}

/** The benchmark's printed table: a header line starting "metric", a dashed line, then rows in padded columns. */
export function parseTable(out: string): Map<string, string> {
  const lines = out.split("\n");
  const head = lines.findIndex((l) => /^metric\s{2,}value/.test(l));
  const rows = new Map<string, string>();
  if (head < 0) return rows;
  const valueAt = lines[head]!.indexOf("value");
  const targetAt = lines[head]!.indexOf("target");
  for (const l of lines.slice(head + 2)) {
    if (!l.trim() || l.startsWith("bench:")) break;
    rows.set(l.slice(0, valueAt).trim(), l.slice(valueAt, targetAt > 0 ? targetAt : undefined).trim());
  }
  return rows;
}

const firstNumber = (v: string) => {
  const m = /-?\d+(\.\d+)?/.exec(v.replace(/,/g, ""));
  return m ? Number(m[0]) : NaN;
};
const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};

async function main() {
  const baseDir = prepareBase();
  const headLabel = `${git(["rev-parse", "--short", "HEAD"])}${git(["status", "--porcelain", "--untracked-files=no"]) ? "+changes" : ""} (this checkout)`;
  const baseLabel = `${git(["rev-parse", "--short", baseRev])} (${baseRev})`;
  const url = process.env.BENCH_DATABASE_URL ?? (await startLocalPostgres({ dataDir: ".data/postgres", port: DEFAULT_DB_PORT, databases: ["critic_bench"] })).url("critic_bench");
  const base: Array<Map<string, string>> = [];
  const head: Array<Map<string, string>> = [];
  for (let i = 0; i < rounds; i++) {
    base.push(await runBench(baseDir, url, `${baseLabel}, round ${i + 1}`));
    head.push(await runBench(process.cwd(), url, `${headLabel}, round ${i + 1}`));
  }
  console.log("");
  console.log(`bench:compare ${bench}: base ${baseLabel} vs head ${headLabel}, ${rounds} rounds each, alternating; change = median(head) / median(base) - 1`);
  const metrics = [...head[0]!.keys()];
  const w = Math.max(...metrics.map((m) => m.length));
  for (const m of metrics) {
    const b = base.map((r) => r.get(m) ?? "—");
    const h = head.map((r) => r.get(m) ?? "—");
    const change = median(h.map(firstNumber)) / median(b.map(firstNumber)) - 1;
    const pct = Number.isFinite(change) ? `${change >= 0 ? "+" : ""}${(change * 100).toFixed(1)} %` : "";
    console.log(`${m.padEnd(w)}  base ${b.join(" | ")}  head ${h.join(" | ")}  ${pct}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
