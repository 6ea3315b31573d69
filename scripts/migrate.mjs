// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the
// embedded database in DATA_DIR when DATABASE_URL is unset.
import path from "node:path";
import { fileURLToPath } from "node:url";
import "dotenv/config";
import { dataDirFromEnv, prisma, startEmbedded } from "./embedded-db.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let embedded;
let url = process.env.DATABASE_URL;
if (!url) {
  embedded = await startEmbedded(dataDirFromEnv(root));
  url = embedded.url;
  console.log(`No DATABASE_URL: migrating the embedded database in ${dataDirFromEnv(root)}/pgdata`);
}
const result = await prisma(root, ["migrate", "deploy"], url);
await embedded?.stop();
process.exit(result.status ?? 1);
