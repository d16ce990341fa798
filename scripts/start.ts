// `npm start`: production start. Uses DATABASE_URL, or the embedded database when unset.
import { ensureSystem } from "./ensure-system";
import { prepareDatabase } from "./runtime";
import { ensureBuilt, startNext } from "./next-server";

async function main() {
  ensureSystem(["ffmpeg", ...(process.env.DATABASE_URL ? [] : (["postgres"] as const))]);
  await prepareDatabase();
  ensureBuilt();
  const child = startNext(Number(process.env.PORT ?? 3000));
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
