// The embedded database: a PostgreSQL cluster whose data lives in a folder of this project,
// started from the machine's PostgreSQL binaries (installed by scripts/ensure-system.ts when
// missing). Used by `npm run demo`/`npm start` when DATABASE_URL is not set, and by `npm test`.
// It is a real server, so several app and worker processes can share it.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, chownSync, statSync } from "node:fs";
import path from "node:path";
import net from "node:net";
import pg from "pg";

/** The preferred port if free, else the next free one (another checkout may run its own database). */
async function freePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 50; port++) {
    const ok = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once("error", () => resolve(false));
      srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error(`No free port between ${preferred} and ${preferred + 49} for the embedded database.`);
}

export interface LocalPostgres {
  url: (database: string) => string;
  dataDir: string;
  port: number;
}

function findBinDir(): string {
  const base = "/usr/lib/postgresql";
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(path.join(base, v, "bin", "postgres")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(base, versions[0], "bin");
  }
  const r = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  if (r.status === 0 && existsSync(path.join(r.stdout.trim(), "initdb"))) return r.stdout.trim();
  throw new Error(
    "PostgreSQL server binaries not found. Install them (`apt-get install -y postgresql`) or set DATABASE_URL.",
  );
}

const isRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user. */
function asServerUser(cmd: string, args: string[]): string[] {
  return isRoot ? ["runuser", "-u", "postgres", "--", cmd, ...args] : [cmd, ...args];
}

function run(cmd: string, args: string[], quiet = true): void {
  const [c, ...a] = asServerUser(cmd, args);
  const r = spawnSync(c!, a, { encoding: "utf8", stdio: quiet ? "pipe" : "inherit" });
  if (r.status !== 0) {
    throw new Error(`${path.basename(cmd)} failed (${r.status}): ${(r.stderr || r.stdout || "").trim()}`);
  }
}

function postgresUid(): { uid: number; gid: number } {
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

/** As root the data folder must be reachable by `postgres`; checkouts under /root are not. */
function resolveDataDir(wanted: string): string {
  if (!isRoot) return wanted;
  const parent = path.dirname(wanted);
  mkdirSync(parent, { recursive: true });
  const r = spawnSync("runuser", ["-u", "postgres", "--", "test", "-x", parent]);
  if (r.status === 0) return wanted;
  const alt = path.join("/var/lib/critic-studio", Buffer.from(wanted).toString("base64url").slice(-40));
  return alt;
}

export async function startLocalPostgres(opts: {
  dataDir: string;
  port: number;
  databases: string[];
  log?: (m: string) => void;
}): Promise<LocalPostgres> {
  const log = opts.log ?? (() => {});
  const bin = findBinDir();
  const dataDir = resolveDataDir(path.resolve(opts.dataDir));
  const pwFile = `${dataDir}.password`;
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`Creating database cluster in ${dataDir}`);
    mkdirSync(dataDir, { recursive: true });
    const password = randomBytes(18).toString("base64url");
    writeFileSync(pwFile, password, { mode: 0o600 });
    const tmpPw = `${dataDir}.initpw`;
    writeFileSync(tmpPw, password);
    if (isRoot) {
      const { uid, gid } = postgresUid();
      chownSync(dataDir, uid, gid);
      chownSync(tmpPw, uid, gid);
    }
    run(path.join(bin, "initdb"), [
      "-D", dataDir, "-U", "critic", "--auth-host=scram-sha-256", "--auth-local=scram-sha-256",
      `--pwfile=${tmpPw}`, "-E", "UTF8", "--locale=C.UTF-8",
    ]);
    spawnSync("rm", ["-f", tmpPw]);
  }
  const password = readFileSync(pwFile, "utf8").trim();
  const status = spawnSync(asServerUser(path.join(bin, "pg_ctl"), ["-D", dataDir, "status"])[0]!,
    asServerUser(path.join(bin, "pg_ctl"), ["-D", dataDir, "status"]).slice(1));
  let port = opts.port;
  if (status.status === 0) {
    const pid = readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
    port = Number(pid[3]) || port;
    log(`Database already running on port ${port}`);
  } else {
    port = await freePort(port);
    log(`Starting database on 127.0.0.1:${port}`);
    run(path.join(bin, "pg_ctl"), [
      "-D", dataDir, "-l", path.join(dataDir, "server.log"), "-w", "-t", "60",
      "-o", `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=${process.env.CI ? "off" : "on"}`,
      "start",
    ]);
  }
  const url = (db: string) => `postgresql://critic:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
  const admin = new pg.Client({ connectionString: url("postgres") });
  await admin.connect();
  try {
    for (const name of opts.databases) {
      const r = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (r.rowCount === 0) await admin.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
    }
  } finally {
    await admin.end();
  }
  return { url, dataDir, port };
}

export function stopLocalPostgres(dataDir: string): void {
  const bin = findBinDir();
  const dir = resolveDataDir(path.resolve(dataDir));
  if (!existsSync(path.join(dir, "postmaster.pid"))) return;
  try {
    run(path.join(bin, "pg_ctl"), ["-D", dir, "-m", "fast", "-w", "stop"]);
  } catch {
    /* already stopped */
  }
}

export function dataDirIsUsable(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
