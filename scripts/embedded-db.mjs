// The embedded PostgreSQL for CLI use when DATABASE_URL is unset: `db:migrate`
// applies migrations to DATA_DIR's database, `db:migration:new` diffs against a
// throwaway one. The engine itself is src/db/embedded.ts (the server's own), loaded
// through tsx (a dev dependency) so there is one implementation.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

async function engine() {
  const { tsImport } = await import("tsx/esm/api");
  return tsImport("../src/db/embedded.ts", import.meta.url);
}

/** The embedded database of DATA_DIR, or a throwaway one (deleted when stopped) when no dir is given. */
export async function startEmbedded(dataDir, { port = 0 } = {}) {
  const { startEmbeddedDatabase, EmbeddedDatabaseError } = await engine();
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "teamflow-embedded-"));
  try {
    return await startEmbeddedDatabase(dir, { port, ephemeral: !dataDir, restartOnCrash: false });
  } catch (err) {
    // A state the user has to act on: its message says what to do, a stack trace would bury it.
    if (!(err instanceof EmbeddedDatabaseError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

/** DATA_DIR as the server resolves it (the folder that holds pgdata/). */
export function dataDirFromEnv(root) {
  return path.resolve(root, process.env.DATA_DIR || "./data");
}

/** Runs the prisma CLI without blocking this process (which may be serving the embedded database). */
export function prisma(root, args, databaseUrl, { capture = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => (stdout += d));
    child.stderr?.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
