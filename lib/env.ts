// The one place that reads process.env. Everything else imports `env` from here.
import { z } from "zod";
import path from "node:path";

const csv = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : []));

const ZEnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** PostgreSQL URL. Empty means: the scripts start the embedded local database. */
  DATABASE_URL: z.string().optional(),
  /** Folder for the embedded database, generated media (posters, transcodes) and demo data. */
  CRITIC_DATA_DIR: z.string().default(".data"),
  /** Folders that imports may read from (comma separated). The data dir's `imports/` is always one. */
  IMPORT_ROOTS: csv,
  /** `local` (default) or `s3` for generated media. */
  STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
  S3_ENDPOINT: z.string().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_PREFIX: z.string().default(""),
  /** Send the session cookie only over HTTPS. Defaults to true in production unless APP_URL is http. */
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  APP_URL: z.string().default("http://localhost:3000"),
  /**
   * Other origins the app is opened from, comma-separated (e.g. "https://studio.lab.example").
   * The request's own Host is always accepted; see lib/server/origin.ts.
   */
  ALLOWED_ORIGINS: z.string().default(""),
  /** Set when a reverse proxy in front of the app sets X-Forwarded-For/-Host (then they are trusted). */
  TRUST_PROXY: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /**
   * Hosts or ranges model endpoints may reach although they are private, loopback or link-local
   * (comma-separated: "gpu-1", "*.lab.internal", "10.0.4.0/24"). Read at each connection by
   * lib/model-runs/egress.ts.
   */
  MODEL_ENDPOINT_ALLOW: z.string().default(""),
  /** First admin, created on start when no admin exists yet. */
  ADMIN_EMAIL: z.string().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  /** Run background jobs inside the web process (default on; turn off when running `npm run worker`). */
  WORKER_IN_PROCESS: z.enum(["true", "false"]).default("true"),
  FFMPEG_PATH: z.string().default("ffmpeg"),
  FFPROBE_PATH: z.string().default("ffprobe"),
  /** Hours a session lasts without activity. */
  SESSION_TTL_HOURS: z.coerce.number().positive().default(24 * 14),
});

export type TEnv = z.infer<typeof ZEnvSchema>;

function load(): TEnv & { dataDir: string; importRoots: string[]; mediaDir: string } {
  const parsed = ZEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment configuration:\n${lines}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.CRITIC_DATA_DIR);
  const importRoots = [path.join(dataDir, "imports"), ...e.IMPORT_ROOTS.map((r) => path.resolve(r))];
  return { ...e, dataDir, importRoots, mediaDir: path.join(dataDir, "media") };
}

export const env = load();

export const cookieSecure =
  env.COOKIE_SECURE !== undefined ? env.COOKIE_SECURE === "true" : env.APP_URL.startsWith("https://");
