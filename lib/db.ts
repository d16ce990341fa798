// The one Prisma client. Server-only; one pool per process.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

function create(): PrismaClient {
  if (!env.DATABASE_URL) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm run demo` / `npm start` (which start the embedded database) or set DATABASE_URL.",
    );
  }
  const adapter = new PrismaPg({ connectionString: env.DATABASE_URL, max: 10 });
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as { __criticPrisma?: PrismaClient };

/** Lazily created so that importing a module never opens a connection by itself. */
export function getDb(): PrismaClient {
  globalForPrisma.__criticPrisma ??= create();
  return globalForPrisma.__criticPrisma;
}

export const db = new Proxy({} as PrismaClient, {
  get(_t, prop) {
    const client = getDb() as unknown as Record<string | symbol, unknown>;
    const v = client[prop];
    return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(client) : v;
  },
});

export type { PrismaClient };
