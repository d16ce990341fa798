// Headless CLI: the same lib code the API and UI use.
//   npm run cli -- import <path> [--kind LEROBOT_V3|LEROBOT_V21|AGIBOT|MANIFEST] [--environment NAME]
//   npm run cli -- migrate
import { parseArgs } from "node:util";
import { prepareDatabase } from "../scripts/runtime";

const USAGE = `Usage:
  critic-studio import <path> [--kind LEROBOT_V3|LEROBOT_V21|AGIBOT|MANIFEST] [--environment NAME]
  critic-studio migrate
The path must be inside an import folder (CRITIC_DATA_DIR/imports or IMPORT_ROOTS).`;

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { kind: { type: "string" }, environment: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [cmd, arg] = positionals;
  if (values.help || !cmd) {
    console.log(USAGE);
    return 0;
  }
  await prepareDatabase({ log: (m) => console.error(m) });
  if (cmd === "migrate") return 0;
  if (cmd === "import") {
    if (!arg) {
      console.error(USAGE);
      return 2;
    }
    const { createImportJob, runImportJob } = await import("../lib/imports/run-import");
    const { AppError } = await import("../lib/server/errors");
    const { db } = await import("../lib/db");
    try {
      const kind = values.kind as "LEROBOT_V3" | undefined;
      const job = await createImportJob({ actor: null, path: arg, kind, environment: values.environment });
      console.error(`Import #${job.id}: ${job.kind} from ${job.sourceUri}`);
      const r = await runImportJob(job.id, (p) => {
        if (p.stage === "probing") process.stderr.write(`\rchecking videos ${p.done}/${p.total}`);
      });
      process.stderr.write("\n");
      if (r.ok) {
        console.log(JSON.stringify({ import: job.id, ...r.summary }));
        return 0;
      }
      console.error(`Nothing was imported. ${r.problems?.length ?? 0} problem(s):`);
      for (const p of r.problems ?? []) {
        console.error(`  ${p.file}${p.line ? `:${p.line}` : ""}${p.episode ? ` (episode ${p.episode})` : ""}: ${p.reason}`);
      }
      return 1;
    } catch (err) {
      if (err instanceof AppError) {
        console.error([err.message, ...err.invalidParams.map((p) => `  ${p.name}: ${p.reason}`)].join("\n"));
        return 2;
      }
      throw err;
    } finally {
      const { stopBoss } = await import("../lib/jobs/queue");
      await stopBoss();
      await db.$disconnect();
    }
  }
  console.error(`Unknown command: ${cmd}\n${USAGE}`);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
