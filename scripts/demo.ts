// `npm run demo`: embedded database + generated demo dataset + one user per role, then the app
// on http://localhost:3000. Safe to run again: nothing is duplicated.
import path from "node:path";
import { ensureSystem } from "./ensure-system";
import { prepareDatabase } from "./runtime";
import { ensureBuilt, startNext } from "./next-server";

const log = (m: string) => console.log(`[demo] ${m}`);

async function main() {
  ensureSystem(["ffmpeg", ...(process.env.DATABASE_URL ? [] : (["postgres"] as const))], log);
  await prepareDatabase({ log });
  const dataDir = process.env.CRITIC_DATA_DIR!;
  const { generateDemoDataset } = await import("../lib/demo/generate-demo-dataset");
  const { seedUsers, DEMO_USERS } = await import("../prisma/seed/users");
  const { createImportJob, runImportJob } = await import("../lib/imports/run-import");
  const { db } = await import("../lib/db");

  const t0 = Date.now();
  const { manifestPath } = await generateDemoDataset(path.join(dataDir, "imports", "demo"), { log });
  log(`Demo dataset ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await seedUsers();
  const already = await db.source.findFirst({ where: { uri: manifestPath } });
  if (!already) {
    const job = await createImportJob({ actor: null, path: manifestPath });
    const r = await runImportJob(job.id);
    if (!r.ok) throw new Error(`Demo import failed: ${JSON.stringify(r.problems?.slice(0, 5))}`);
    log(`Imported ${r.summary?.episodesCreated} demo episodes`);
  }
  const { seedDemoWorkflow, SECOND_ANNOTATOR } = await import("../prisma/seed/demo-workflow");
  const wf = await seedDemoWorkflow({ log });
  log(`Demo workflow ${wf.created ? "seeded" : "left as it was"} (second annotator: ${SECOND_ANNOTATOR.email} / ${SECOND_ANNOTATOR.password})`);
  const { seedDemoPredictions } = await import("../prisma/seed/demo-predictions");
  await seedDemoPredictions({ log });
  const { seedDemoRelease } = await import("../prisma/seed/demo-release");
  await seedDemoRelease({ log });
  const { stopBoss } = await import("../lib/jobs/queue");
  await stopBoss();
  await db.$disconnect();

  ensureBuilt(log);
  const port = Number(process.env.PORT ?? 3000);
  const child = startNext(port);
  console.log(`
Critic Studio is starting on http://localhost:${port}

Demo accounts (email / password):
${DEMO_USERS.map((u) => `  ${u.role.padEnd(10)} ${u.email.padEnd(24)} ${u.password}`).join("\n")}

Data folder: ${dataDir}   (Ctrl+C to stop)
`);
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((err) => {
  console.error(`[demo] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
