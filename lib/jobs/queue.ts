// Background jobs on PostgreSQL (pg-boss): any number of app and worker processes share the
// queues through the database, so nothing depends on one process's memory.
import "server-only";
import PgBoss from "pg-boss";
import { env } from "@/lib/env";

export const QUEUES = {
  import: "import",
  transcode: "transcode",
  modelRun: "model-run",
  groundTruth: "ground-truth",
  export: "export",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const g = globalThis as unknown as { __criticBoss?: Promise<PgBoss> };

export function getBoss(): Promise<PgBoss> {
  g.__criticBoss ??= (async () => {
    if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set.");
    const boss = new PgBoss({ connectionString: env.DATABASE_URL, max: 4 });
    boss.on("error", (err) => console.error("[jobs]", err));
    await boss.start();
    for (const q of Object.values(QUEUES)) await boss.createQueue(q);
    return boss;
  })();
  return g.__criticBoss;
}

export async function enqueue(queue: QueueName, data: Record<string, unknown>, opts: PgBoss.SendOptions = {}): Promise<void> {
  const boss = await getBoss();
  await boss.send(queue, data, { retryLimit: 2, retryDelay: 5, expireInSeconds: 6 * 3600, ...opts });
}

export async function stopBoss(): Promise<void> {
  if (g.__criticBoss) {
    const boss = await g.__criticBoss;
    g.__criticBoss = undefined;
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
