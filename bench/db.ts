// Benchmarks run on their own database (critic_bench) of the embedded server, or on
// BENCH_DATABASE_URL, never on the app's data.
import path from "node:path";
import { startLocalPostgres } from "../lib/db/local-postgres";
import { migrate } from "../lib/db/migrate";
import { DEFAULT_DB_PORT } from "../scripts/runtime";
import pg from "pg";

export async function benchDatabase(): Promise<string> {
  process.env.CRITIC_DATA_DIR ??= path.resolve(".data/bench");
  let url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    const s = await startLocalPostgres({ dataDir: ".data/postgres", port: DEFAULT_DB_PORT, databases: ["critic_bench"] });
    url = s.url("critic_bench");
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS pgboss CASCADE; CREATE SCHEMA public;");
  await c.end();
  await migrate(url);
  process.env.DATABASE_URL = url;
  process.env.WORKER_IN_PROCESS = "false";
  return url;
}

export function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
