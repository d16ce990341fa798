// `npm run worker`: a background-job process (imports, transcodes). Run as many as you like
// next to app processes started with WORKER_IN_PROCESS=false.
import { prepareDatabase } from "./runtime";

async function main() {
  await prepareDatabase();
  const { startWorkers } = await import("../lib/jobs/worker");
  const { stopBoss } = await import("../lib/jobs/queue");
  await startWorkers();
  const stop = async () => {
    await stopBoss();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
