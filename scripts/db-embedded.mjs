// `npm run db:embedded`: serves the embedded database of DATA_DIR on its own (TeamFlow
// stopped), prints its connection string and waits for Ctrl-C: for pg_dump when moving
// to a PostgreSQL server, for psql, or for a backup. EMBEDDED_DB_PORT picks the port.
import path from "node:path";
import { fileURLToPath } from "node:url";
import "dotenv/config";
import { dataDirFromEnv, startEmbedded } from "./embedded-db.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
if (process.env.DATABASE_URL) {
  console.error("DATABASE_URL is set: TeamFlow uses that server, not the embedded one. Unset it to serve DATA_DIR's database.");
  process.exit(1);
}
const db = await startEmbedded(dataDirFromEnv(root), { port: Number(process.env.EMBEDDED_DB_PORT || 0) });
console.log(`The embedded database of ${dataDirFromEnv(root)} is up (stop TeamFlow while you use it):\n\n  ${db.url}\n\nCtrl-C stops it.`);
const stop = () => db.stop().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
