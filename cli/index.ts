// Headless CLI: the same lib code the API and UI use.
//   npm run cli -- import <path> [--kind LEROBOT_V3|LEROBOT_V21|AGIBOT|MANIFEST] [--environment NAME]
//   npm run cli -- predictions <file> --run NAME [--model NAME] [--scale 100|1] [--format …] [--path-pattern RE] [--frames …] [--episode KEY] [--column NAME] [--source NAME]
//   npm run cli -- runs
//   npm run cli -- leaderboard [--format table|csv|json] [--runs 1,2]
//   npm run cli -- migrate
import { parseArgs } from "node:util";
import { prepareDatabase } from "../scripts/runtime";

const USAGE = `Usage:
  critic-studio import <path> [--kind LEROBOT_V3|LEROBOT_V21|AGIBOT|MANIFEST] [--environment NAME]
  critic-studio predictions <file> --run NAME [--model NAME] [--description TEXT] [--scale 100|1]
                            [--format jsonl|primo-results|primo-samples|robometer|lrm-vlm-scores|sarm-progress|roboreward|dense-array]
                            [--path-pattern REGEX] [--frames all|linspace-int|linspace-rint|"0,4,8"] [--episode KEY]
                            [--column progress_sparse|progress_dense] [--source DATASET]
  critic-studio runs
  critic-studio leaderboard [--format table|csv|json] [--runs 1,2]
  critic-studio releases
  critic-studio export <release id> [--formats primo-rl,verl,...] [--config config.json] [--seed N]
                       (without --formats: every format the release can fill, listed)
  critic-studio export --resume <export id>
  critic-studio migrate
Exports run headless in this process (the same job the UI queues); the config file holds any of
the export options (queries, maxFrames, clipTiming, videoMode, easyr1Media, layout, shardSize, imageWidth,
destination); see docs/exports.md.
Prediction files are described in docs/predictions-format.md. A run name that exists is imported
into again (re-imports are idempotent). The leaderboard gives the same numbers as the API and UI.
The path must be inside an import folder (CRITIC_DATA_DIR/imports or IMPORT_ROOTS).`;

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      kind: { type: "string" },
      environment: { type: "string" },
      run: { type: "string" },
      model: { type: "string" },
      description: { type: "string" },
      scale: { type: "string" },
      format: { type: "string" },
      "path-pattern": { type: "string" },
      frames: { type: "string" },
      episode: { type: "string" },
      column: { type: "string" },
      source: { type: "string" },
      runs: { type: "string" },
      formats: { type: "string" },
      config: { type: "string" },
      seed: { type: "string" },
      resume: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
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
      return reportAppError(err, AppError);
    } finally {
      await closeConnections(db);
    }
  }
  if (cmd === "predictions" || cmd === "runs" || cmd === "leaderboard") {
    const { db } = await import("../lib/db");
    const { AppError } = await import("../lib/server/errors");
    try {
      if (cmd === "predictions") {
        if (!arg || !values.run) {
          console.error(USAGE);
          return 2;
        }
        const { readFile } = await import("node:fs/promises");
        const { importPredictions, ZImportPredictionsSchema } = await import("../lib/predictions/import-predictions");
        const parsed = ZImportPredictionsSchema.safeParse({
          run: values.run,
          modelName: values.model,
          description: values.description,
          scale: values.scale,
          format: values.format,
          pathPattern: values["path-pattern"],
          frames: values.frames,
          episode: values.episode,
          column: values.column,
          source: values.source,
        });
        if (!parsed.success) {
          for (const i of parsed.error.issues) console.error(`  --${String(i.path[0] ?? "")}: ${i.message}`);
          return 2;
        }
        const { basename } = await import("node:path");
        const r = await importPredictions({ user: null, fields: parsed.data, file: { bytes: new Uint8Array(await readFile(arg)), name: basename(arg) } });
        for (const p of r.problems) console.error(`  ${arg}${p.line > 0 ? `:${p.line}` : ""}: ${p.message}`);
        if (r.problemCount > r.problems.length) console.error(`  … and ${r.problemCount - r.problems.length} more`);
        const { problems: _omit, ...summary } = r;
        console.log(JSON.stringify(summary));
        return r.problemCount ? 1 : 0;
      }
      if (cmd === "runs") {
        const { listRuns } = await import("../lib/predictions/runs");
        for (const r of await listRuns()) {
          console.log([r.id, r.name, r.modelName, r.status, `${r.predictions} predictions`, `${r.answered} answered`].join("\t"));
        }
        return 0;
      }
      const { getLeaderboard, leaderboardCsv } = await import("../lib/metrics/leaderboard");
      const runIds = values.runs ? values.runs.split(",").map(Number) : undefined;
      const lb = await getLeaderboard({ runIds, since: Number.MAX_SAFE_INTEGER });
      const fmt = values.format ?? "table";
      if (fmt === "json") console.log(JSON.stringify(lb, null, 2));
      else if (fmt === "csv") process.stdout.write(leaderboardCsv(lb));
      else {
        const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : (v * 100).toFixed(2));
        const num = (v: number | null | undefined) => (v === null || v === undefined ? "—" : v.toFixed(2));
        for (const s of lb.splits) {
          console.log(`\n${s.label} — MRA (linear relative accuracy, %) / MAE per environment; Average = mean of environments`);
          console.log(["run", ...s.environments.map((e) => e.name), "Average"].join("\t"));
          for (const r of s.rows) {
            const cells = s.environments.map((e) => (r.cells[e.id] ? `${pct(r.cells[e.id]!.linearRelativeAccuracy)} / ${num(r.cells[e.id]!.mae)}` : "—"));
            console.log([r.runName, ...cells, `${pct(r.average.linearRelativeAccuracy)} / ${num(r.average.mae)}`].join("\t"));
          }
        }
        console.log(`\n${lb.gtZeroRule}`);
      }
      return 0;
    } catch (err) {
      return reportAppError(err, AppError);
    } finally {
      await closeConnections(db);
    }
  }
  if (cmd === "releases" || cmd === "export") {
    const { db } = await import("../lib/db");
    const { AppError } = await import("../lib/server/errors");
    try {
      if (cmd === "releases") {
        const { listReleases } = await import("../lib/releases/releases");
        for (const r of await listReleases()) console.log([r.id, r.name, `v${r.version}`, r.status, `${r.episodeCount} episodes`, r.contentHash ?? ""].join("\t"));
        return 0;
      }
      const { getExport, resumeExport, startExport } = await import("../lib/export/export-service");
      const { runExportInProcess } = await import("../lib/export/export-job");
      const { formatEta } = await import("../lib/export/progress");
      let exportId: number;
      let steps;
      if (values.resume) {
        const r = await resumeExport({ user: null, id: Number(values.resume), enqueueJobs: false });
        exportId = r.export.id;
        steps = r.steps;
      } else {
        if (!arg) {
          console.error(USAGE);
          return 2;
        }
        if (values.seed !== undefined && !/^\d+$/.test(values.seed)) {
          console.error(`--seed takes a whole number from 0 to 2147483647, not "${values.seed}".`);
          return 2;
        }
        if (!/^\d+$/.test(arg)) {
          console.error(`export takes a release id (a whole number; see \`critic-studio releases\`), not "${arg}".`);
          return 2;
        }
        const { readFile } = await import("node:fs/promises");
        let fromFile: Record<string, unknown> = {};
        if (values.config) {
          try {
            fromFile = JSON.parse(await readFile(values.config, "utf8"));
          } catch (err) {
            console.error(`--config ${values.config}: ${err instanceof SyntaxError ? `not valid JSON (${err.message})` : (err as Error).message}`);
            return 2;
          }
          if (!fromFile || typeof fromFile !== "object" || Array.isArray(fromFile)) {
            console.error(`--config ${values.config}: expected a JSON object of export options.`);
            return 2;
          }
        }
        const config: Record<string, unknown> = {
          ...fromFile,
          ...(values.formats ? { formats: values.formats.split(",").map((f) => f.trim()).filter(Boolean) } : {}),
          ...(values.seed ? { seed: Number(values.seed) } : {}),
        };
        if (!config.formats) {
          // No formats named: every format this release can fill, and why the others are left out.
          const { previewExport } = await import("../lib/export/export-service");
          const preview = await previewExport({ releaseId: Number(arg), config: config as never });
          const fill = preview.formats.filter((f) => f.total > 0 && !f.problem);
          for (const f of preview.formats) {
            console.error(fill.includes(f) ? `  + ${f.format}: ${f.groups.map((g) => `${g.count} ${g.group}`).join(", ")}` : `  - ${f.format}: left out (${f.problem ?? f.emptyReason})`);
          }
          if (fill.length === 0) {
            console.error(`Release ${arg} fills no format with this configuration.`);
            return 1;
          }
          config.formats = fill.map((f) => f.format);
        }
        const e = await startExport({ user: null, releaseId: Number(arg), config: config as never, enqueueJobs: false });
        exportId = e.id;
        steps = [{ exportId, step: "plan" as const }];
        console.error(`Export #${exportId} of release ${arg}`);
      }
      await runExportInProcess(steps, async (id) => {
        const j = await getExport(id);
        const eta = j.progress.etaSeconds ? `${formatEta(j.progress.etaSeconds)}${j.progress.etaMediaOnly ? " for frames and clips" : ""}` : "";
        process.stderr.write(`\r${j.phase.toLowerCase()} ${j.done}/${j.total} units, ${Math.floor(j.progress.fraction * 100)} %${eta ? `, ${eta}` : ""}   `);
      });
      process.stderr.write("\n");
      const done = await getExport(exportId);
      console.log(JSON.stringify({ export: done.id, status: done.status, output: done.outputUri, manifestSha256: done.manifestSha256, error: done.error }));
      return done.status === "SUCCEEDED" ? 0 : 1;
    } catch (err) {
      return reportAppError(err, AppError);
    } finally {
      await closeConnections(db);
    }
  }
  console.error(`Unknown command: ${cmd}\n${USAGE}`);
  return 2;
}

/** A readable message and exit code 2 for the app's own errors (bad input); anything else is rethrown. */
function reportAppError(err: unknown, AppError: typeof import("../lib/server/errors").AppError): number {
  if (err instanceof AppError) {
    console.error([err.message, ...err.invalidParams.map((p) => `  ${p.name}: ${p.reason}`)].join("\n"));
    return 2;
  }
  throw err;
}

async function closeConnections(db: { $disconnect(): Promise<void> }) {
  const { stopBoss } = await import("../lib/jobs/queue");
  await stopBoss();
  await db.$disconnect();
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
