// `npm run db:stop`: stops the embedded PostgreSQL that `npm run demo` / `npm start` started in
// CRITIC_DATA_DIR/postgres. It keeps running after the app stops, so the next start is quick.
import path from "node:path";
import { stopLocalPostgres } from "../lib/db/local-postgres";

const dir = path.join(path.resolve(process.env.CRITIC_DATA_DIR ?? ".data"), "postgres");
stopLocalPostgres(dir);
console.log(`The embedded database in ${dir} is not running now.`);
