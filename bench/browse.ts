// npm run bench:browse — p50/p95 of the episode browser's filtered list query (the same
// listEpisodes() the API runs: count + page) with 100,000 episodes in the database.
import { benchDatabase, percentile } from "./db";

const EPISODES = Number(process.env.BENCH_EPISODES ?? 100_000);
const ROUNDS = 400;

async function main() {
  await benchDatabase();
  const { db } = await import("../lib/db");
  const { listEpisodes, ZEpisodeListQuerySchema } = await import("../lib/episodes/list-episodes");
  const t0 = performance.now();
  // Seed with set-based SQL: 3 environments, 60 tasks, 8 users, 100k episodes.
  await db.$executeRawUnsafe(`INSERT INTO users (email, name, role, password_hash, updated_at)
    SELECT 'u' || g || '@bench', 'User ' || g, 'ANNOTATOR', 'x', now() FROM generate_series(1, 8) g`);
  await db.$executeRawUnsafe(`INSERT INTO environments (slug, name, updated_at) VALUES ('agibot','AgiBot World',now()),('robotwin','RoboTwin 2.0',now()),('behavior','BEHAVIOR',now())`);
  await db.$executeRawUnsafe(`INSERT INTO tasks (environment_id, key, instruction, updated_at)
    SELECT 1 + (g % 3), 't' || g, (ARRAY['Pick up the','Open the','Close the','Stack the','Wipe the','Hand over the'])[1 + g % 6] || ' ' ||
      (ARRAY['red cup','drawer','blue block','sponge','bottle','microwave','towel','bowl','lid','box'])[1 + g % 10] || ' variant ' || g, now()
    FROM generate_series(1, 60) g`);
  await db.$executeRawUnsafe(`INSERT INTO sources (kind, uri, name, updated_at) VALUES ('MANIFEST', '/bench', 'bench', now())`);
  await db.$executeRawUnsafe(`INSERT INTO episodes (source_id, source_key, environment_id, task_id, length_frames, fps, outcome, status, assignee_id, updated_at, created_at)
    SELECT 1, 'e' || g, t.environment_id, t.id, 100 + (g * 7919) % 5000, 30,
      (ARRAY['UNKNOWN','SUCCESS','FAILURE','UNSURE'])[1 + g % 4]::"Outcome",
      (ARRAY['UNASSIGNED','IN_PROGRESS','SUBMITTED','IN_REVIEW','APPROVED','CHANGES_REQUESTED'])[1 + (g / 7) % 6]::"AnnotationStatus",
      CASE WHEN g % 3 = 0 THEN NULL ELSE 1 + g % 8 END, now(), now() - (g || ' seconds')::interval
    FROM generate_series(1, ${EPISODES}) g JOIN tasks t ON t.id = 1 + g % 60`);
  await db.$executeRawUnsafe("ANALYZE");
  console.log(`bench:browse seeded ${EPISODES} episodes in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
  const user = { id: 1, email: "u1@bench", name: "User 1", role: "ANNOTATOR" as const };
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  const shapes: Array<() => Record<string, unknown>> = [
    () => ({}),
    () => ({ environmentId: pick([1, 2, 3]) }),
    () => ({ environmentId: pick([1, 2, 3]), outcome: pick(["SUCCESS", "FAILURE"]) }),
    () => ({ taskId: 1 + Math.floor(Math.random() * 60) }),
    () => ({ status: pick(["UNASSIGNED", "IN_REVIEW", "APPROVED"]), assignee: pick(["me", "none", 3]) }),
    () => ({ q: pick(["drawer", "red cup", "sponge", "variant 4"]) }),
    () => ({ q: "drawer", outcome: "FAILURE", sort: "lengthFrames", order: "desc" }),
    () => ({ sort: pick(["createdAt", "lengthFrames", "status"]), order: pick(["asc", "desc"]), page: 1 + Math.floor(Math.random() * 50) }),
    () => ({ environmentId: 2, page: 1 + Math.floor(Math.random() * 600) }),
  ];
  for (let i = 0; i < 30; i++) await listEpisodes({ user, query: ZEpisodeListQuerySchema.parse(pick(shapes)()) }); // warm-up
  const times: number[] = [];
  const perShape = shapes.map(() => [] as number[]);
  for (let i = 0; i < ROUNDS; i++) {
    const k = i % shapes.length;
    const query = ZEpisodeListQuerySchema.parse(shapes[k]!());
    const s = performance.now();
    const r = await listEpisodes({ user, query });
    const dt = performance.now() - s;
    if (r.items.length === 0 && r.total > 0 && query.page === 1) throw new Error("empty first page");
    times.push(dt);
    perShape[k]!.push(dt);
  }
  times.sort((a, b) => a - b);
  const worst = perShape.map((xs, k) => ({ k, p95: percentile(xs.sort((a, b) => a - b), 95) })).sort((a, b) => b.p95 - a.p95)[0]!;
  const p95 = percentile(times, 95);
  console.log(`bench:browse queries=${ROUNDS} p50=${percentile(times, 50).toFixed(1)}ms p95=${p95.toFixed(1)}ms max=${times[times.length - 1]!.toFixed(1)}ms (slowest filter shape #${worst.k}: p95 ${worst.p95.toFixed(1)}ms)`);
  console.log(`bench:browse target p95<100ms ${p95 < 100 ? "MET" : "MISSED"}`);
  await db.$disconnect();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
