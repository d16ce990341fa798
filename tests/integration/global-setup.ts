// Integration tests run against a real PostgreSQL (DATABASE_URL, set by `npm test`).
// The database is rebuilt from the migrations once per run, which also tests them.
import pg from "pg";
import { migrate } from "../../lib/db/migrate";

export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("Integration tests need DATABASE_URL; run them through `npm test`.");
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS pgboss CASCADE; CREATE SCHEMA public;");
  await c.end();
  await migrate(url);
}
