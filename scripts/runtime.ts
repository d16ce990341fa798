// Shared start-up for the scripts (demo, start, worker, CLI, benchmarks): find or start the
// database, apply migrations, and export DATABASE_URL before any lib module reads the env.
import path from "node:path";
import { startLocalPostgres } from "../lib/db/local-postgres";
import { migrate } from "../lib/db/migrate";

export const DEFAULT_DB_PORT = 54329;

export async function prepareDatabase(opts: { log?: (m: string) => void; database?: string; dataDir?: string; port?: number } = {}) {
  const log = opts.log ?? console.log;
  const dataDir = path.resolve(process.env.CRITIC_DATA_DIR ?? opts.dataDir ?? ".data");
  process.env.CRITIC_DATA_DIR = dataDir;
  if (!process.env.DATABASE_URL) {
    const db = opts.database ?? "critic";
    const pg = await startLocalPostgres({
      dataDir: path.join(dataDir, "postgres"),
      port: opts.port ?? Number(process.env.CRITIC_DB_PORT ?? DEFAULT_DB_PORT),
      databases: [db],
      log,
    });
    process.env.DATABASE_URL = pg.url(db);
  }
  const r = await migrate(process.env.DATABASE_URL);
  if (r.applied.length) log(`Applied migrations: ${r.applied.join(", ")}`);
  return process.env.DATABASE_URL;
}
