// Next.js start-up hook: creates the first admin from the environment and, unless turned
// off with WORKER_IN_PROCESS=false, runs the background job workers inside the web process.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  if (!env.DATABASE_URL) return;
  const { ensureAdminFromEnv } = await import("@/lib/users/users");
  await ensureAdminFromEnv(env.ADMIN_EMAIL, env.ADMIN_PASSWORD).catch((e) => console.error("[setup]", e));
  if (env.WORKER_IN_PROCESS === "true") {
    const { startWorkers } = await import("@/lib/jobs/worker");
    await startWorkers().catch((e) => console.error("[jobs] failed to start", e));
  }
}
