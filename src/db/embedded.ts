import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

// The contrib entry ships CommonJS too, but its typings are ESM-only; require keeps this file CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { btree_gist } = require("@electric-sql/pglite/contrib/btree_gist") as typeof import("@electric-sql/pglite/contrib/btree_gist", { with: { "resolution-mode": "import" } });

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Zero-setup mode: PGlite (PostgreSQL compiled to WebAssembly) with its data in
 * `dataDir`, served over the Postgres wire protocol on loopback so Prisma and
 * `pg` talk to it exactly as to a real server.
 */
export async function startEmbeddedDatabase(dataDir: string, port = 0): Promise<EmbeddedDatabase> {
  const dir = path.join(dataDir, "pgdata");
  fs.mkdirSync(dir, { recursive: true });
  const db = await PGlite.create({ dataDir: dir, extensions: { btree_gist } });
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: 20 });
  await server.start();
  const address = server.getServerConn();
  const actualPort = Number(address.split(":").pop());
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${actualPort}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
