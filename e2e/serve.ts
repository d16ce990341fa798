// Web server for the end-to-end tests: a clean database, one user per role, fixture datasets
// in the import folder, then the built app. Started by playwright.config.ts.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { migrate } from "../lib/db/migrate";
import { startNext } from "../scripts/next-server";

async function main() {
  const port = Number(process.argv[2] ?? 3100);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("e2e/serve.ts needs DATABASE_URL (npm test sets it)");
  const dataDir = path.resolve(process.env.CRITIC_DATA_DIR ?? ".data/test-e2e");
  process.env.CRITIC_DATA_DIR = dataDir;
  await resetDatabase(url);
  await migrate(url);
  rmSync(dataDir, { recursive: true, force: true });
  const imports = path.join(dataDir, "imports");
  mkdirSync(imports, { recursive: true });
  // The 10-minute demo episode (for the layout checks) encodes while the other fixtures build.
  const long = import("../lib/demo/generate-demo-dataset").then((m) => m.generateDemoDataset(path.join(imports, "demo-long"), { longOnly: true }));
  const fx = await import("../tests/fixtures/build-fixtures");
  await fx.buildLeRobotV3Fixture(path.join(imports, "lerobot-v3-fixture"));
  await fx.buildAgiBotFixture(path.join(imports, "agibot-fixture"));
  await fx.buildFrameRateFixture(path.join(imports, "frame-rates"));
  await (await import("../tests/fixtures/real-video")).buildRealVideoFixture(path.join(imports, "frame-probe"));
  await fx.buildWorkspaceFixture(path.join(imports, "workspace"), 12);
  // Its own environment, so the review-queue walk is not mixed with other specs' submissions.
  await fx.buildWorkspaceFixture(path.join(imports, "review-queue"), 3, { environment: "Queue Lab", prefix: "rq" });
  await fx.buildPredictionFixture(path.join(imports, "predictions"));
  await fx.buildReleaseFixture(path.join(imports, "releases"));
  await long;
  const { seedUsers } = await import("../prisma/seed/users");
  await seedUsers();
  const { db } = await import("../lib/db");
  await db.$disconnect();
  // APP_URL names localhost while every test opens the app at 127.0.0.1: the app must work from
  // any address a team uses (lib/server/origin.ts), which e2e/security.spec.ts checks.
  const child = startNext(port, { ...process.env, APP_URL: `http://localhost:${port}`, CRITIC_CHECK_RESPONSES: "1" });
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (c) => process.exit(c ?? 0));
}

async function resetDatabase(url: string) {
  const pg = (await import("pg")).default;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("DROP SCHEMA IF EXISTS public CASCADE; DROP SCHEMA IF EXISTS pgboss CASCADE; CREATE SCHEMA public;");
  await c.end();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
